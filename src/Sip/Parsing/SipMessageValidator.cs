using ClutchCall.Sip.Messages;

namespace ClutchCall.Sip.Parsing;

/// <summary>Semantic checks of RFC 3261 §8.1.1 / §8.2.2 / §20 on a syntactically read message.</summary>
internal static class SipMessageValidator
{
    public static SipRejectReason Validate(SipMessage m, out int? contentLength)
    {
        contentLength = null;
        string? callId = null, cseq = null, from = null, to = null, maxForwards = null;
        var vias = 0;
        foreach (var h in m.Headers)
        {
            switch (h.Name)
            {
                case SipHeaderNames.Via:
                    if (!ViaHeader.TryParse(h.Value, out _)) return SipRejectReason.BadVia;
                    vias++;
                    break;
                case SipHeaderNames.CallId:
                    if (callId is not null || !IsCallId(h.Value)) return SipRejectReason.BadCallId;
                    callId = h.Value;
                    break;
                case SipHeaderNames.CSeq:
                    if (cseq is not null) return SipRejectReason.BadCSeq;
                    cseq = h.Value;
                    break;
                case SipHeaderNames.From:
                    if (from is not null) return SipRejectReason.BadFromOrTo;
                    from = h.Value;
                    break;
                case SipHeaderNames.To:
                    if (to is not null) return SipRejectReason.BadFromOrTo;
                    to = h.Value;
                    break;
                case SipHeaderNames.MaxForwards:
                    if (maxForwards is not null || !IsMaxForwards(h.Value)) return SipRejectReason.BadMaxForwards;
                    maxForwards = h.Value;
                    break;
                case SipHeaderNames.ContentLength:
                    if (!TryContentLength(h.Value, out var cl) || (contentLength is { } prev && prev != cl)) return SipRejectReason.BadContentLength;
                    contentLength = cl;
                    break;
                case SipHeaderNames.Contact:
                    if (h.Value != "*" && !NameAddr.TryParse(h.Value, out _)) return SipRejectReason.BadContact;
                    break;
            }
        }
        if (vias == 0 || callId is null || cseq is null || from is null || to is null) return SipRejectReason.MissingMandatoryHeader;
        if (!CSeqHeader.TryParse(cseq, out var cs)) return SipRejectReason.BadCSeq;
        if (!NameAddr.TryParse(from, out _) || !NameAddr.TryParse(to, out _)) return SipRejectReason.BadFromOrTo;
        if (m is SipRequest req && !string.Equals(cs.Method, req.Method, StringComparison.Ordinal)) return SipRejectReason.CSeqMethodMismatch;
        return SipRejectReason.None;
    }

    private static bool IsCallId(string v)
    {
        // callid = word [ "@" word ]
        if (v.Length == 0) return false;
        foreach (var c in v)
        {
            if (c <= ' ' || c >= 127) return false;
        }
        return v.IndexOf('@') == v.LastIndexOf('@') && v[0] != '@' && v[^1] != '@';
    }

    private static bool IsMaxForwards(string v) =>
        // Leading zeros are legal (RFC 4475 §3.1.1.1 sends "0068").
        v.Length is > 0 and <= 9 && v.All(char.IsAsciiDigit) && int.Parse(v) <= 255;

    private static bool TryContentLength(string v, out int length)
    {
        length = 0;
        if (v.Length is 0 or > 9 || !v.All(char.IsAsciiDigit)) return false;
        length = int.Parse(v);
        return length <= SipParser.MaxBody;
    }
}
