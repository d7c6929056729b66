namespace ClutchCall.Sip.Messages;

/// <summary>CSeq: sequence number (less than 2^31, RFC 3261 §8.1.1.5) and method.</summary>
public readonly record struct CSeqHeader(uint Number, string Method)
{
    public static bool TryParse(ReadOnlySpan<char> text, out CSeqHeader value)
    {
        value = default;
        text = text.Trim();
        var sp = text.IndexOfAny(" \t");
        if (sp <= 0 || sp > 10) return false;
        var num = text[..sp];
        foreach (var c in num) if (!char.IsAsciiDigit(c)) return false;
        if (!ulong.TryParse(num, out var n) || n >= 1UL << 31) return false;
        var method = text[sp..].Trim();
        if (!SipGrammar.IsToken(method)) return false;
        value = new CSeqHeader((uint)n, method.ToString());
        return true;
    }

    public override string ToString() => $"{Number} {Method}";
}
