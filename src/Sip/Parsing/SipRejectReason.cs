namespace ClutchCall.Sip.Parsing;

/// <summary>Why the parser refused a message. Every refused request is answered with <see cref="ToStatusCode"/>.</summary>
public enum SipRejectReason
{
    None = 0,
    NoHeaderTerminator,
    HeaderSectionTooLarge,
    InvalidEncoding,
    BadLineEnding,
    BadStartLine,
    UnsupportedVersion,
    BadMethod,
    BadRequestUri,
    BadStatusCode,
    BadHeaderLine,
    BadHeaderName,
    MissingMandatoryHeader,
    BadVia,
    BadCSeq,
    CSeqMethodMismatch,
    BadFromOrTo,
    BadCallId,
    BadContentLength,
    BodyTruncated,
    BadMaxForwards,
    BadContact,
}

public static class SipRejectReasonExtensions
{
    public static int ToStatusCode(this SipRejectReason reason) =>
        reason == SipRejectReason.UnsupportedVersion ? 505 : 400;

    public static string ToPhrase(this SipRejectReason reason) => reason switch
    {
        SipRejectReason.UnsupportedVersion => "Version Not Supported",
        SipRejectReason.MissingMandatoryHeader => "Missing Mandatory Header",
        SipRejectReason.CSeqMethodMismatch => "CSeq Method Mismatch",
        _ => "Bad Request - " + reason,
    };
}
