using System.Text;

namespace ClutchCall.Sip.Messages;

/// <summary>name-addr / addr-spec with header parameters: From, To, Contact, Route, Refer-To (RFC 3261 §20.10).</summary>
public sealed class NameAddr
{
    public string? DisplayName { get; init; }
    public required SipUri Uri { get; init; }
    public SipParameters Parameters { get; init; } = new();

    public string? Tag => Parameters["tag"];

    public NameAddr WithTag(string tag)
    {
        var p = Parameters.Clone();
        p.Set("tag", tag);
        return new NameAddr { DisplayName = DisplayName, Uri = Uri, Parameters = p };
    }

    public static NameAddr Parse(string text) =>
        TryParse(text, out var v) ? v : throw new FormatException($"Invalid name-addr '{text}'.");

    public static bool TryParse(ReadOnlySpan<char> text, out NameAddr value)
    {
        value = null!;
        text = text.Trim();
        if (text.IsEmpty) return false;
        string? display = null;
        ReadOnlySpan<char> uriText, paramText = default;
        var lt = SipParameters.IndexOfUnquoted(text, '<');
        if (lt >= 0)
        {
            var disp = text[..lt].Trim();
            if (!disp.IsEmpty)
            {
                if (disp[0] == '"')
                {
                    if (!SipGrammar.IsQuotedString(disp)) return false;
                    display = SipGrammar.Unquote(disp);
                }
                else
                {
                    foreach (var c in disp) if (!(SipGrammar.IsTokenChar(c) || c is ' ' or '\t')) return false;
                    display = disp.ToString();
                }
            }
            var gt = text[lt..].IndexOf('>');
            if (gt < 0) return false;
            uriText = text[(lt + 1)..(lt + gt)];
            var after = text[(lt + gt + 1)..].Trim();
            if (!after.IsEmpty)
            {
                if (after[0] != ';') return false;
                paramText = after[1..];
            }
        }
        else
        {
            // addr-spec form: any ';' parameters belong to the header, not the URI (RFC 3261 §20.10).
            var semi = text.IndexOf(';');
            uriText = semi < 0 ? text : text[..semi];
            if (semi >= 0) paramText = text[(semi + 1)..];
            if (uriText.IndexOfAny(",?") >= 0) return false;
        }
        if (!SipUri.TryParse(uriText.Trim(), out var uri)) return false;
        var parameters = new SipParameters();
        if (!paramText.IsEmpty && !SipParameters.TryParse(paramText, parameters)) return false;
        value = new NameAddr { DisplayName = display, Uri = uri, Parameters = parameters };
        return true;
    }

    public override string ToString()
    {
        var sb = new StringBuilder(96);
        if (!string.IsNullOrEmpty(DisplayName)) sb.Append(SipGrammar.Quote(DisplayName)).Append(' ');
        sb.Append('<').Append(Uri).Append('>');
        Parameters.AppendTo(sb);
        return sb.ToString();
    }
}
