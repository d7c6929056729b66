using ClutchCall.Sip.Messages;

namespace ClutchCall.Sip.Parsing;

public enum SipParseStatus { Complete, Incomplete, Invalid }

/// <summary>
/// Outcome of one parse. <see cref="Salvaged"/> holds whatever request could be read when the message was refused,
/// so the caller can still build a 400 carrying the right Via/From/To/Call-ID/CSeq.
/// </summary>
public readonly record struct SipParseResult(
    SipParseStatus Status,
    SipRejectReason Reason,
    int Consumed,
    SipMessage? Message,
    SipRequest? Salvaged = null)
{
    public static SipParseResult Incomplete => new(SipParseStatus.Incomplete, SipRejectReason.None, 0, null);
    public static SipParseResult Invalid(SipRejectReason r, SipRequest? salvaged = null) => new(SipParseStatus.Invalid, r, 0, null, salvaged);
}
