using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Threading.Channels;
using ClutchCall.Sip.Auth;
using ClutchCall.Sip.Dialogs;
using ClutchCall.Sip.Messages;
using ClutchCall.Sip.Sdp;
using ClutchCall.Sip.Transactions;
using ClutchCall.Sip.Transport;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ClutchCall.Sip.UserAgent;

/// <summary>
/// A SIP user agent for trunks: places calls (<c>InviteAsync</c>), surfaces inbound INVITEs as
/// <see cref="IncomingCalls"/>, and routes in-dialog requests to their <see cref="SipCall"/>. It reports events and
/// moves encoded frames; deciding what a call does is the application's job.
/// </summary>
public sealed partial class SipUserAgent : ISipTransactionUser, IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, SipCall> _calls = new();
    private readonly ConcurrentDictionary<string, SipIncomingCall> _pendingInvites = new();
    private readonly Channel<SipIncomingCall> _incoming = Channel.CreateUnbounded<SipIncomingCall>();
    private readonly ConcurrentDictionary<string, SipTrunk> _trunks;
    private SipTransactionLayer? _layer;

    public SipUserAgent(IOptions<SipUserAgentOptions> options, TimeProvider time, ILogger<SipUserAgent> logger, System.Diagnostics.Metrics.IMeterFactory meterFactory)
        : this(options.Value, time, logger, meterFactory)
    {
    }

    public SipUserAgent(SipUserAgentOptions options, TimeProvider? time = null, ILogger? logger = null,
        System.Diagnostics.Metrics.IMeterFactory? meterFactory = null)
    {
        Metrics = new Diagnostics.SipMetrics(meterFactory);
        Options = options;
        Time = time ?? TimeProvider.System;
        Logger = logger ?? NullLogger.Instance;
        AdvertisedAddress = options.AdvertisedAddress ?? options.BindAddress;
        var secret = options.NonceSecret is { } s ? Encoding.UTF8.GetBytes(s) : RandomNumberGenerator.GetBytes(32);
        DigestServer = new DigestServer(secret, Time, TimeSpan.FromMinutes(5));
        _trunks = new ConcurrentDictionary<string, SipTrunk>(
            options.Trunks.Select(t => KeyValuePair.Create(t.Id, new SipTrunk(t, options.Realm))), StringComparer.Ordinal);
    }

    public SipUserAgentOptions Options { get; }
    internal TimeProvider Time { get; }
    internal ILogger Logger { get; }
    internal DigestServer DigestServer { get; }
    internal Diagnostics.SipMetrics Metrics { get; }
    internal string AdvertisedAddress { get; }
    internal SipTransactionLayer Layer => _layer ?? throw new InvalidOperationException("Call StartAsync first.");

    public IPEndPoint? UdpEndPoint { get; private set; }
    public IPEndPoint? TcpEndPoint { get; private set; }
    public IPEndPoint? TlsEndPoint { get; private set; }

    /// <summary>Inbound INVITEs that passed the trunk rules; answer or reject each one.</summary>
    public ChannelReader<SipIncomingCall> IncomingCalls => _incoming.Reader;

    public IReadOnlyCollection<SipCall> Calls => [.. _calls.Values.Distinct()];

    public int ActiveTransactions => _layer?.ActiveTransactions ?? 0;

    public Task StartAsync(CancellationToken cancellationToken = default)
    {
        var address = IPAddress.Parse(Options.BindAddress);
        var transports = new List<ISipTransport> { new UdpSipTransport(new IPEndPoint(address, Options.UdpPort), Logger) };
        if (Options.TcpPort is { } tcpPort) transports.Add(new TcpSipTransport(new IPEndPoint(address, tcpPort), Logger));
        if (Options.TlsPort is { } tlsPort) transports.Add(new TcpSipTransport(new IPEndPoint(address, tlsPort), Logger, Options.Tls));
        UdpEndPoint = transports[0].LocalEndPoint;
        TcpEndPoint = transports.FirstOrDefault(t => t.Kind == SipTransportKind.Tcp)?.LocalEndPoint;
        TlsEndPoint = transports.FirstOrDefault(t => t.Kind == SipTransportKind.Tls)?.LocalEndPoint;
        _layer = new SipTransactionLayer(transports, Options.Timers, Time, Logger, Metrics) { User = this };
        _layer.Start();
        return Task.CompletedTask;
    }

    /// <summary>Adds or replaces a trunk at run time (the admin API path); calls in progress keep their settings.</summary>
    public void UpsertTrunk(SipTrunkOptions trunk)
    {
        ArgumentException.ThrowIfNullOrEmpty(trunk.Id);
        _trunks[trunk.Id] = new SipTrunk(trunk, Options.Realm);
    }

    public bool RemoveTrunk(string id) => _trunks.TryRemove(id, out _);

    public IReadOnlyCollection<SipTrunkOptions> Trunks => [.. _trunks.Values.Select(t => t.Options)];

    internal NameAddr ContactFor(SipTransportKind kind, string user)
    {
        var ep = kind switch
        {
            SipTransportKind.Tcp => TcpEndPoint!,
            SipTransportKind.Tls => TlsEndPoint!,
            _ => UdpEndPoint!,
        };
        var uri = SipUri.Create(user, AdvertisedAddress, ep.Port);
        if (kind.UriParameter() is { } transport) uri = uri.WithParameter("transport", transport);
        return new NameAddr { Uri = uri };
    }

    internal SdpNegotiator NegotiatorFor(SipTrunk trunk) => new(trunk.Codecs);

    internal void Register(SipCall call, string key) => _calls[key] = call;

    internal void RemoveCall(SipCall call)
    {
        foreach (var kv in _calls) if (ReferenceEquals(kv.Value, call)) _calls.TryRemove(kv);
    }

    internal int CountCalls(string trunkId) => _calls.Values.Distinct().Count(c => c.TrunkId == trunkId && c.State != SipCallState.Ended);

    /// <summary>ACK for a 2xx: a new transaction-less request inside the dialog (§13.2.2.4).</summary>
    internal async Task SendAckAsync(SipDialog dialog, SipRequest invite, SipResponse response, SipCall? call = null)
    {
        var ack = dialog.CreateRequest(SipMethod.Ack, invite.CSeq.Number);
        foreach (var auth in invite.GetHeaders(SipHeaderNames.Authorization)) ack.AddHeader(SipHeaderNames.Authorization, auth);
        foreach (var auth in invite.GetHeaders(SipHeaderNames.ProxyAuthorization)) ack.AddHeader(SipHeaderNames.ProxyAuthorization, auth);
        var destination = SipDialog.Resolve(dialog.NextHop);
        await Layer.SendStatelessRequestAsync(ack, destination, dialog.Transport);
        call?.RememberAck(ack, invite.CSeq.Number, destination);
    }

    void ISipTransactionUser.OnRequest(SipRequest request, SipServerTransaction? tx, SipInbound source)
    {
        var toTag = request.To?.Tag;
        if (toTag is not null)
        {
            if (_calls.TryGetValue(request.CallId + "|" + toTag, out var call)) call.HandleRequest(request, tx, source);
            else tx?.Respond(SipMessageFactory.CreateResponse(request, SipStatus.CallDoesNotExist));
            return;
        }
        if (tx is null) return;
        switch (request.Method)
        {
            case SipMethod.Invite:
                HandleIncomingInvite(request, (ServerInviteTransaction)tx, source);
                break;
            case SipMethod.Cancel:
                HandleCancel(request, tx);
                break;
            case SipMethod.Options:
                var ok = SipMessageFactory.CreateResponse(request, SipStatus.Ok, toTag: SipMessageFactory.NewTag());
                ok.AddHeader(SipHeaderNames.Allow, SipMethod.AllowHeaderValue);
                tx.Respond(ok);
                break;
            case SipMethod.Bye or SipMethod.Notify or SipMethod.Refer:
                tx.Respond(SipMessageFactory.CreateResponse(request, SipStatus.CallDoesNotExist));
                break;
            default:
                var notAllowed = SipMessageFactory.CreateResponse(request, SipStatus.MethodNotAllowed, toTag: SipMessageFactory.NewTag());
                notAllowed.AddHeader(SipHeaderNames.Allow, SipMethod.AllowHeaderValue);
                tx.Respond(notAllowed);
                break;
        }
    }

    private void HandleCancel(SipRequest cancel, SipServerTransaction tx)
    {
        var invite = Layer.FindInviteTransaction(cancel);
        if (invite is null || !_pendingInvites.TryGetValue(invite.Key, out var pending))
        {
            tx.Respond(SipMessageFactory.CreateResponse(cancel, SipStatus.CallDoesNotExist));
            return;
        }
        // §9.2: 200 to the CANCEL, then 487 to the INVITE if it is still unanswered.
        tx.Respond(SipMessageFactory.CreateResponse(cancel, SipStatus.Ok));
        pending.OnCancelled();
    }

    internal void ForgetPending(string txKey) => _pendingInvites.TryRemove(txKey, out _);

    void ISipTransactionUser.OnStrayResponse(SipResponse response, SipInbound source)
    {
        if (response.IsSuccess && response.CSeq.Method == SipMethod.Invite && response.From?.Tag is { } tag
            && _calls.TryGetValue(response.CallId + "|" + tag, out var call))
        {
            call.OnRetransmitted2xx(response);
        }
    }

    private int _disposed;

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        // Ringing inbound calls get a final answer rather than ringing on at the far end.
        foreach (var pending in _pendingInvites.Values.ToList()) await pending.RejectAsync(SipStatus.ServiceUnavailable);
        foreach (var call in _calls.Values.Distinct().ToList()) await call.DisposeAsync();
        _incoming.Writer.TryComplete();
        if (_layer is not null) await _layer.DisposeAsync();
        Metrics.Dispose();
    }
}
