using ClutchCall.Sip.Messages;

namespace ClutchCall.Sip.Parsing;

/// <summary>Splits the header block into canonical (name, value) entries: unfolds continuation lines and list values.</summary>
internal static class SipHeaderReader
{
    public static SipRejectReason ReadHeaders(ReadOnlySpan<char> block, SipMessage message)
    {
        string? pendingName = null;
        string? pendingValue = null;
        // Only folded headers pay for a builder; the common single-line header is one substring.
        System.Text.StringBuilder? folded = null;
        while (!block.IsEmpty)
        {
            var eol = block.IndexOf("\r\n");
            var line = eol < 0 ? block : block[..eol];
            block = eol < 0 ? default : block[(eol + 2)..];
            if (line.IndexOfAny('\r', '\n') >= 0) return SipRejectReason.BadLineEnding;
            if (line.IsEmpty) return SipRejectReason.BadHeaderLine;
            if (line[0] is ' ' or '\t')
            {
                // Folded continuation (RFC 3261 §7.3.1): replaced by a single SP.
                if (pendingValue is null) return SipRejectReason.BadHeaderLine;
                folded ??= new System.Text.StringBuilder(pendingValue);
                if (folded.Length > 0) folded.Append(' ');
                folded.Append(line.Trim());
                continue;
            }
            if (pendingName is not null)
            {
                var r = Add(message, pendingName, folded?.ToString() ?? pendingValue!);
                if (r != SipRejectReason.None) return r;
                folded = null;
            }
            var colon = line.IndexOf(':');
            if (colon <= 0) return SipRejectReason.BadHeaderLine;
            var name = line[..colon].TrimEnd(" \t");
            if (!SipGrammar.IsToken(name)) return SipRejectReason.BadHeaderName;
            pendingName = SipHeaderNames.Canonicalize(name);
            pendingValue = line[(colon + 1)..].Trim().ToString();
        }
        return pendingName is null ? SipRejectReason.None : Add(message, pendingName, folded?.ToString() ?? pendingValue!);
    }

    private static SipRejectReason Add(SipMessage message, string name, string value)
    {
        foreach (var c in value) if (c < ' ' && c != '\t' || c == 0x7f) return SipRejectReason.BadHeaderLine;
        if (SipHeaderNames.IsList(name) && value.Length > 0 && value != "*")
        {
            var parts = SipGrammar.SplitList(value);
            if (parts is null) return name == SipHeaderNames.Via ? SipRejectReason.BadVia : SipRejectReason.BadHeaderLine;
            foreach (var p in parts) message.Headers.Add(new SipHeader(name, p));
            return SipRejectReason.None;
        }
        message.Headers.Add(new SipHeader(name, value));
        return SipRejectReason.None;
    }
}
