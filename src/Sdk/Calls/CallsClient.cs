using System.Runtime.CompilerServices;
using ClutchCall.Sdk.Http;

namespace ClutchCall.Sdk;

/// <summary>Control plane: originate, get and list calls of the org.</summary>
public sealed class CallsClient
{
    private readonly VoiceHttp _http;

    internal CallsClient(VoiceHttp http) => _http = http;

    /// <summary>Places an outbound call; returns once the call is dialing.</summary>
    /// <param name="args">Destination, caller id, trunk and optional agent.</param>
    /// <param name="idempotencyKey">A retry with the same key returns the same call instead of dialing twice.</param>
    /// <param name="ct">Cancels the request.</param>
    public async Task<Call> OriginateAsync(OriginateArgs args, string? idempotencyKey = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        object? agent = args.AgentSpec is not null ? args.AgentSpec : args.Agent;
        var request = _http.Request(HttpMethod.Post, _http.OrgPath("calls"),
            new { to = args.To, from = args.From, trunkId = args.TrunkId, agent, ringTimeoutSec = args.RingTimeoutSec });
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }
        return new Call(_http, await _http.SendAsync<CallData>(request, ct).ConfigureAwait(false));
    }

    /// <summary>Fetches the current state of a call.</summary>
    public async Task<Call> GetAsync(string sid, CancellationToken ct = default) =>
        new(_http, await _http.SendAsync<CallData>(_http.Request(HttpMethod.Get, _http.CallPath(sid)), ct).ConfigureAwait(false));

    /// <summary>One page of the org's calls, newest first.</summary>
    public async Task<CallPage> ListAsync(ListCallsArgs? args = null, CancellationToken ct = default)
    {
        var query = new List<string>();
        if (args?.Status is { } status)
        {
            query.Add("status=" + status.ToWire());
        }
        if (args?.Limit is { } limit)
        {
            query.Add("limit=" + limit.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        if (args?.Cursor is { } cursor)
        {
            query.Add("cursor=" + Uri.EscapeDataString(cursor));
        }
        var path = _http.OrgPath("calls") + (query.Count > 0 ? "?" + string.Join('&', query) : "");
        var page = await _http.SendAsync<PageData>(_http.Request(HttpMethod.Get, path), ct).ConfigureAwait(false);
        return new CallPage(page.Items.Select(c => new Call(_http, c)).ToList(), page.NextCursor);
    }

    /// <summary>Every call of the org (optionally of one status), following cursors page by page.</summary>
    public async IAsyncEnumerable<Call> ListAllAsync(CallStatus? status = null, [EnumeratorCancellation] CancellationToken ct = default)
    {
        string? cursor = null;
        do
        {
            var page = await ListAsync(new ListCallsArgs(status, 100, cursor), ct).ConfigureAwait(false);
            foreach (var call in page.Items)
            {
                yield return call;
            }
            cursor = page.NextCursor;
        }
        while (cursor is not null);
    }

    /// <summary>Rings in a call on a simulated trunk (needs voice:admin): it starts pending and raises call.incoming.</summary>
    public async Task<Call> SimulateIncomingAsync(string from, string to, string trunkId = "trunk_sim", CancellationToken ct = default) =>
        new(_http, await _http.SendAsync<CallData>(
            _http.Request(HttpMethod.Post, _http.OrgPath($"trunks/{Uri.EscapeDataString(trunkId)}/incoming"), new { from, to }), ct).ConfigureAwait(false));

    private sealed record PageData(IReadOnlyList<CallData> Items, string? NextCursor);
}
