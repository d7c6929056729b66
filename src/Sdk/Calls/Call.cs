using ClutchCall.Sdk.Http;

namespace ClutchCall.Sdk;

/// <summary>
/// One call handle, returned by originate, get and list: a snapshot of the call plus the commands that act on it.
/// Every command returns a fresh handle with the call's state after the command.
/// </summary>
public sealed class Call
{
    private readonly VoiceHttp _http;

    internal Call(VoiceHttp http, CallData data)
    {
        _http = http;
        Data = data;
    }

    /// <summary>Everything the engine reported about the call.</summary>
    public CallData Data { get; }

    public string Sid => Data.Sid;
    public CallStatus Status => Data.Status;
    public string To => Data.To;
    public string From => Data.From;
    public DateTimeOffset StartedAt => Data.StartedAt;
    public string? TrunkId => Data.TrunkId;
    public string? Agent => Data.Agent;

    /// <summary>Re-reads the call.</summary>
    public Task<Call> RefreshAsync(CancellationToken ct = default) => SendAsync(HttpMethod.Get, null, null, ct);

    /// <summary>Transfers to a PSTN number or another agent; the sid is kept. Only answered calls (else 409).</summary>
    public Task<Call> TransferAsync(TransferTarget target, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        object body = target.To is not null ? new { to = target.To } : new { agent = target.Agent };
        return SendAsync(HttpMethod.Post, "transfer", body, ct);
    }

    /// <summary>Ends the call. Hanging up a call that already ended is fine.</summary>
    public Task<Call> HangupAsync(CancellationToken ct = default) => SendAsync(HttpMethod.Post, "hangup", null, ct);

    /// <summary>Inbound: answer a pending call (PENDING -> ANSWERED).</summary>
    public Task<Call> AnswerAsync(CancellationToken ct = default) => SendAsync(HttpMethod.Post, "answer", null, ct);

    /// <summary>Inbound: connect the caller to the original callee (3-way conference if the agent answered first).</summary>
    public Task<Call> ConnectAsync(int ringTimeSeconds = 60, CancellationToken ct = default) =>
        SendAsync(HttpMethod.Post, "connect", new { ringTimeSeconds }, ct);

    /// <summary>Inbound, connected: only the callee hears the agent.</summary>
    public Task<Call> WhisperAsync(CancellationToken ct = default) => SendAsync(HttpMethod.Post, "whisper", null, ct);

    /// <summary>Inbound, connected: caller and callee hear the agent (the default after connect).</summary>
    public Task<Call> BargeAsync(CancellationToken ct = default) => SendAsync(HttpMethod.Post, "barge", null, ct);

    /// <summary>Inbound, connected: the agent only listens.</summary>
    public Task<Call> SpyAsync(CancellationToken ct = default) => SendAsync(HttpMethod.Post, "spy", null, ct);

    /// <summary>Inbound: after connect the agent leaves (caller and callee stay); after answer alone the call ends.</summary>
    public Task<Call> CloseAsync(CancellationToken ct = default) => SendAsync(HttpMethod.Post, "close", null, ct);

    /// <summary>Inbound: end the call for everyone.</summary>
    public Task<Call> DisconnectAsync(CancellationToken ct = default) => SendAsync(HttpMethod.Post, "disconnect", null, ct);

    /// <summary>Plays DTMF digits (0-9, *, #, A-D; up to 32) to the far end as RFC 4733 events. SIP trunks only.</summary>
    public Task<Call> SendDigitsAsync(string digits, CancellationToken ct = default) => SendAsync(HttpMethod.Post, "dtmf", new { digits }, ct);

    public override string ToString() => $"{Sid} {Status.ToWire()}";

    private async Task<Call> SendAsync(HttpMethod method, string? action, object? body, CancellationToken ct) =>
        new(_http, await _http.SendAsync<CallData>(_http.Request(method, _http.CallPath(Sid, action), body), ct).ConfigureAwait(false));
}
