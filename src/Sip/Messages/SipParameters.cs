using System.Text;

namespace ClutchCall.Sip.Messages;

/// <summary>Ordered ";name=value" parameters; names compare case-insensitively (RFC 3261 §7.3.1).</summary>
public sealed class SipParameters
{
    private readonly List<KeyValuePair<string, string?>> _items = [];

    public int Count => _items.Count;
    public IReadOnlyList<KeyValuePair<string, string?>> Items => _items;

    public bool Contains(string name) => IndexOf(name) >= 0;

    public string? this[string name]
    {
        get { var i = IndexOf(name); return i < 0 ? null : _items[i].Value; }
        set { Set(name, value); }
    }

    public void Set(string name, string? value)
    {
        var i = IndexOf(name);
        if (i < 0) _items.Add(new(name, value)); else _items[i] = new(name, value);
    }

    public void Remove(string name)
    {
        var i = IndexOf(name);
        if (i >= 0) _items.RemoveAt(i);
    }

    private int IndexOf(string name)
    {
        for (var i = 0; i < _items.Count; i++)
        {
            if (string.Equals(_items[i].Key, name, StringComparison.OrdinalIgnoreCase)) return i;
        }
        return -1;
    }

    public SipParameters Clone()
    {
        var c = new SipParameters();
        c._items.AddRange(_items);
        return c;
    }

    public void AppendTo(StringBuilder sb)
    {
        foreach (var (k, v) in _items)
        {
            sb.Append(';').Append(k);
            if (v is not null) sb.Append('=').Append(v);
        }
    }

    /// <summary>Parses ";a=b;c" (the leading ';' already consumed per item). Returns false on a bad token.</summary>
    internal static bool TryParse(ReadOnlySpan<char> text, SipParameters into)
    {
        while (!text.IsEmpty)
        {
            var semi = IndexOfUnquoted(text, ';');
            var item = (semi < 0 ? text : text[..semi]).Trim();
            text = semi < 0 ? default : text[(semi + 1)..];
            if (item.IsEmpty) return false;
            var eq = item.IndexOf('=');
            var name = (eq < 0 ? item : item[..eq]).Trim();
            if (!SipGrammar.IsToken(name)) return false;
            string? value = null;
            if (eq >= 0)
            {
                var v = item[(eq + 1)..].Trim();
                if (v.IsEmpty) return false;
                if (v[0] == '"')
                {
                    if (!SipGrammar.IsQuotedString(v)) return false;
                }
                else if (!SipGrammar.IsParamValue(v)) return false;
                value = v.ToString();
            }
            into._items.Add(new(name.ToString(), value));
        }
        return true;
    }

    internal static int IndexOfUnquoted(ReadOnlySpan<char> s, char c)
    {
        var inQuotes = false;
        for (var i = 0; i < s.Length; i++)
        {
            var ch = s[i];
            if (inQuotes)
            {
                if (ch == '\\') { i++; continue; }
                if (ch == '"') inQuotes = false;
            }
            else if (ch == '"') inQuotes = true;
            else if (ch == c) return i;
        }
        return -1;
    }
}
