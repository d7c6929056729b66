using System.Collections.Concurrent;
using System.Net;
using ClutchCall.Sip.Messages;
using ClutchCall.Sip.Parsing;
using ClutchCall.Sip.Transport;
using Microsoft.Extensions.Logging;

namespace ClutchCall.Sip.Transactions;

/// <summary>
/// Matches messages to transactions, creates server transactions for new requests, stamps Via on requests we
/// send, answers unparseable requests with 400, and routes responses back per RFC 3261 §18.2.2 and RFC 3581.
/// </summary>
public sealed class SipTransactionLayer : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, SipClientTransaction> _clients = new();
    private readonly ConcurrentDictionary<string, SipServerTransaction> _servers = new();
    private readonly IReadOnlyList<ISipTransport> _transports;
    private readonly SipTimerOptions _timers;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    private readonly Diagnostics.SipMetrics? _metrics;

    public SipTransactionLayer(IReadOnlyList<ISipTransport> transports, SipTimerOptions timers, TimeProvider time, ILogger logger,
        Diagnostics.SipMetrics? metrics = null)
    {
        _metrics = metrics;
        _transports = transports;
        _timers = timers;
        _time = time;
        _logger = logger;
    }

    public ISipTransactionUser? User { get; set; }

    public int ActiveTransactions => _clients.Count + _servers.Count;

    public void Start()
    {
        foreach (var t in _transports) t.Start(OnInbound);
    }

    public ISipTransport GetTransport(SipTransportKind kind) =>
        _transports.FirstOrDefault(t => t.Kind == kind) ?? throw new InvalidOperationException($"No {kind} transport is configured.");

    /// <summary>
    /// Stamps a fresh top Via (or reuses <paramref name="branch"/> for CANCEL) and starts a client transaction.
    /// <paramref name="onProvisional"/> is attached before the request leaves, so a fast peer's 1xx cannot be missed.
    /// </summary>
    public SipClientTransaction SendRequest(SipRequest request, IPEndPoint destination, SipTransportKind kind, string? branch = null,
        Action<SipResponse>? onProvisional = null)
    {
        var transport = GetTransport(kind);
        branch ??= SipMessageFactory.NewBranch();
        StampVia(request, transport, branch);
        var key = TransactionKey.ForClient(branch, request.Method);
        Func<SipMessage, ValueTask> send = m => transport.SendAsync(m, destination);
        SipClientTransaction tx = request.Method == SipMethod.Invite
            ? new ClientInviteTransaction(key, request, transport.IsReliable, send, _timers, _time)
            : new ClientNonInviteTransaction(key, request, transport.IsReliable, send, _timers, _time);
        tx.Terminated += t => _clients.TryRemove(new KeyValuePair<string, SipClientTransaction>(t.Key, (SipClientTransaction)t));
        if (onProvisional is not null) tx.Provisional += onProvisional;
        _clients[key] = tx;
        tx.Start();
        return tx;
    }

    /// <summary>Sends a request outside any transaction: the ACK for a 2xx (RFC 3261 §13.2.2.4) gets its own branch.</summary>
    public ValueTask SendStatelessRequestAsync(SipRequest request, IPEndPoint destination, SipTransportKind kind)
    {
        var transport = GetTransport(kind);
        StampVia(request, transport, SipMessageFactory.NewBranch());
        return transport.SendAsync(request, destination);
    }

    /// <summary>Re-sends an already stamped request (the ACK kept for 2xx retransmissions).</summary>
    public ValueTask ResendAsync(SipRequest request, IPEndPoint destination, SipTransportKind kind) =>
        GetTransport(kind).SendAsync(request, destination);

    public static void StampVia(SipRequest request, ISipTransport transport, string branch)
    {
        var via = new ViaHeader
        {
            Transport = transport.Kind.ViaName(),
            Host = transport.LocalEndPoint.Address.ToString(),
            Port = transport.LocalEndPoint.Port,
        };
        via.Parameters.Set("branch", branch);
        via.Parameters.Set("rport", null);
        request.Headers.RemoveAll(h => h.Name == SipHeaderNames.Via);
        request.Headers.Insert(0, new SipHeader(SipHeaderNames.Via, via.ToString()));
    }

    /// <summary>The INVITE server transaction a CANCEL refers to (same branch and sent-by, §9.2).</summary>
    public ServerInviteTransaction? FindInviteTransaction(SipRequest cancel)
    {
        var key = TransactionKey.ForServer(cancel);
        if (key is null) return null;
        var inviteKey = key[..key.LastIndexOf('|')] + "|" + SipMethod.Invite;
        return _servers.TryGetValue(inviteKey, out var tx) ? tx as ServerInviteTransaction : null;
    }

    /// <summary>A response sent outside a transaction (the 2xx retransmissions of §13.3.1.4).</summary>
    public ValueTask SendResponseAsync(SipResponse response, SipInbound source) =>
        source.Transport.SendAsync(response, ResponseDestination(source, response.TopVia));

    private void OnInbound(SipInbound inbound)
    {
        var parse = inbound.Parse;
        if (parse.Status != SipParseStatus.Complete)
        {
            RejectMalformed(inbound);
            return;
        }
        switch (parse.Message)
        {
            case SipRequest request: OnRequest(request, inbound); break;
            case SipResponse response: OnResponse(response, inbound); break;
        }
    }

    private void RejectMalformed(SipInbound inbound)
    {
        var salvaged = inbound.Parse.Salvaged;
        Diagnostics.SipLog.MessageRefused(_logger, inbound.Remote, inbound.Parse.Reason);
        _metrics?.MessageRejected(inbound.Parse.Reason.ToString());
        // Responses and ACKs are never answered (§8.2 / §17.2.3); a request we could not read at all cannot be either.
        if (salvaged is null || salvaged.Method == SipMethod.Ack) return;
        var reason = inbound.Parse.Reason;
        var response = SipMessageFactory.CreateResponse(salvaged, reason.ToStatusCode(), reason.ToPhrase());
        _ = inbound.Transport.SendAsync(response, inbound.Remote).AsTask();
    }

    private void OnRequest(SipRequest request, SipInbound source)
    {
        ApplyReceived(request, source.Remote);
        var key = TransactionKey.ForServer(request)!;
        if (request.Method == SipMethod.Ack)
        {
            // Only the ACK for a non-2xx belongs to the transaction; the ACK for a 2xx goes to the TU (§17.2.3, RFC 6026).
            if (_servers.TryGetValue(key, out var inv) && inv is ServerInviteTransaction { State: TransactionState.Completed } sit)
            {
                sit.OnAck();
                return;
            }
            User?.OnRequest(request, null, source);
            return;
        }
        if (_servers.TryGetValue(key, out var existing))
        {
            existing.OnRetransmission();
            return;
        }
        Func<SipResponse, ValueTask> send = r => source.Transport.SendAsync(r, ResponseDestination(source, r.TopVia));
        SipServerTransaction tx = request.Method == SipMethod.Invite
            ? new ServerInviteTransaction(key, request, source.Transport.IsReliable, send, _timers, _time)
            : new ServerNonInviteTransaction(key, request, source.Transport.IsReliable, send, _timers, _time);
        if (!_servers.TryAdd(key, tx))
        {
            _servers[key].OnRetransmission();
            return;
        }
        tx.Terminated += t => _servers.TryRemove(new KeyValuePair<string, SipServerTransaction>(t.Key, (SipServerTransaction)t));
        if (tx is ServerInviteTransaction invite)
        {
            // Answer at once so the client stops retransmitting (§17.2.1 allows it any time before 200 ms).
            invite.Respond(SipMessageFactory.CreateResponse(request, SipStatus.Trying));
        }
        if (User is { } user) user.OnRequest(request, tx, source);
        else tx.Respond(SipMessageFactory.CreateResponse(request, SipStatus.ServiceUnavailable));
    }

    private void OnResponse(SipResponse response, SipInbound source)
    {
        var via = response.TopVia;
        if (via?.Branch is { } branch && _clients.TryGetValue(TransactionKey.ForClient(branch, response.CSeq.Method), out var tx))
        {
            tx.OnResponse(response);
            return;
        }
        User?.OnStrayResponse(response, source);
    }

    /// <summary>RFC 3261 §18.2.1 with RFC 3581: record where the request really came from in its top Via.</summary>
    private static void ApplyReceived(SipRequest request, IPEndPoint remote)
    {
        var index = request.Headers.FindIndex(h => h.Name == SipHeaderNames.Via);
        if (index < 0 || !ViaHeader.TryParse(request.Headers[index].Value, out var via)) return;
        var changed = false;
        if (via.Host != remote.Address.ToString()) { via.Parameters.Set("received", remote.Address.ToString()); changed = true; }
        if (via.HasRport && via.Rport is null) { via.Parameters.Set("rport", remote.Port.ToString()); changed = true; }
        if (changed) request.Headers[index] = new SipHeader(SipHeaderNames.Via, via.ToString());
    }

    /// <summary>Where a response goes: the connection for stream transports, else received/rport from the top Via.</summary>
    internal static IPEndPoint ResponseDestination(SipInbound source, ViaHeader? via)
    {
        if (source.Transport.IsReliable || via is null) return source.Remote;
        var host = via.Received ?? via.Host;
        if (!IPAddress.TryParse(host.Trim('[', ']'), out var address)) address = source.Remote.Address;
        var port = via.Rport ?? via.Port ?? 5060;
        return new IPEndPoint(address, port);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var t in _transports) await t.DisposeAsync();
    }
}
