using ClutchCall.Runtime;

namespace ClutchCall.Grains.Interfaces;

/// <summary>One call, addressed by its sid. Owns status, agent binding, transfers and inbound command state.</summary>
[GrainType("call")]
public interface ICallGrain : IGrainWithStringKey
{
    Task<CallResult> OriginateAsync(OriginateCall request);

    Task<CallResult> RingInAsync(IncomingCall request);

    Task<CallResult> GetAsync(GetCall request);

    Task<CallResult> HangupAsync(HangupCall request);

    Task<CallResult> TransferAsync(TransferCall request);

    Task<CallResult> AttachAgentAsync(AttachAgent request);

    Task<CallResult> DetachAgentAsync(DetachAgent request);

    Task<CallResult> SendInboundCommandAsync(InboundCommandRequest request);

    /// <summary>Frames moved by the call's media loop and what the simulated callee heard (diagnostics; not persisted).</summary>
    Task<CallMediaStats> GetMediaStatsAsync();

    /// <summary>Records a bridge the gateway refused for this call (a valid token used for another role or call).</summary>
    Task RecordBridgeRefusedAsync(string bridge, string reason);

    /// <summary>The SIP edge reports what happened on the call's telephone leg (ringing, answer, failure, BYE, DTMF, REFER progress).</summary>
    Task<CallResult> ReportLegProgressAsync(LegProgress progress);

    /// <summary>Sends DTMF digits to the caller's leg as RFC 4733 telephone-events (SIP trunks only).</summary>
    Task<CallResult> SendDigitsAsync(SendDigits request);
}

/// <param name="Digits">1 to 32 of 0-9, *, #, A-D.</param>
public sealed record SendDigits(string OrgId, string Digits);

/// <summary>What the far end of a telephone leg did, as the SIP edge saw it.</summary>
public enum LegSignal
{
    /// <summary>180 or 183 (SipCode says which).</summary>
    Ringing,

    /// <summary>200 OK to our INVITE; Format is the negotiated codec.</summary>
    Answered,

    /// <summary>A final non-2xx response to our INVITE (SipCode): 486/600 busy, 408/480 no answer, others failed.</summary>
    Rejected,

    /// <summary>BYE from the far end, or CANCEL of an inbound INVITE still ringing.</summary>
    RemoteHangup,

    /// <summary>No RTP for the edge's inactivity timeout: the edge hung up.</summary>
    MediaTimeout,

    /// <summary>A DTMF digit (RFC 4733 or SIP INFO) in Detail.</summary>
    Dtmf,

    /// <summary>REFER answered (SipCode 202) or NOTIFY sipfrag progress (SipCode of the transfer target); Final on the last one.</summary>
    TransferProgress,

    /// <summary>The trunk refused REFER (SipCode); the edge falls back to dialling the target and bridging.</summary>
    TransferRefused,
}

/// <param name="Format">Answered only: the leg's negotiated audio format.</param>
/// <param name="Detail">The DTMF digit, or the transfer target.</param>
/// <param name="Leg"><see cref="LegNames.Caller"/> (the call's own leg) or <see cref="LegNames.Callee"/> (the original callee an inbound <c>connect</c> dialled).</param>
public sealed record LegProgress(LegSignal Signal, int SipCode = 0, AudioBridgeFormat? Format = null, string? Detail = null, bool Final = false,
    string Leg = LegNames.Caller);

/// <summary>The telephone legs of a call, by the name of their channel (<c>leg:{name}</c>).</summary>
public static class LegNames
{
    public const string Caller = "caller";
    public const string Callee = "callee";
}
