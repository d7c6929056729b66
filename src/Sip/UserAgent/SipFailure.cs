namespace ClutchCall.Sip.UserAgent;

/// <summary>Why a call did not connect or ended: the classification the call grain maps to a status.</summary>
public enum SipFailureReason
{
    None,
    Busy,
    NoAnswer,
    Cancelled,
    Rejected,
    AuthenticationFailed,
    NotFound,
    Unreachable,
    NoCommonCodec,
    CapacityExceeded,
    MediaTimeout,
    ProtocolError,
    Failed,
}

/// <summary>A classified failure: the reason plus the SIP status code that produced it (errors classify themselves).</summary>
public sealed record SipFailure(SipFailureReason Reason, int SipCode, string Message)
{
    /// <summary>Maps a final response to a reason: 486/600 busy, 408/480 no answer, 487 cancelled, others failed.</summary>
    public static SipFailure FromStatus(int code, string? phrase = null, bool local = false)
    {
        var reason = code switch
        {
            486 or 600 => SipFailureReason.Busy,
            408 or 480 => SipFailureReason.NoAnswer,
            487 => SipFailureReason.Cancelled,
            401 or 407 => SipFailureReason.AuthenticationFailed,
            404 or 484 or 604 => SipFailureReason.NotFound,
            488 or 606 => SipFailureReason.NoCommonCodec,
            403 or 603 => SipFailureReason.Rejected,
            503 when local => SipFailureReason.Unreachable,
            _ => SipFailureReason.Failed,
        };
        return new SipFailure(reason, code, phrase ?? Messages.SipStatus.ReasonPhrase(code));
    }

    public static SipFailure Local(SipFailureReason reason, int code, string message) => new(reason, code, message);
}
