namespace ClutchCall.Sip.Messages;

/// <summary>Common part of requests and responses: ordered headers, body, typed views of the mandatory headers.</summary>
public abstract class SipMessage
{
    public List<SipHeader> Headers { get; } = [];
    public byte[] Body { get; set; } = [];

    public string? this[string name] => GetHeader(name);

    public string? GetHeader(string name)
    {
        foreach (var h in Headers) if (string.Equals(h.Name, name, StringComparison.OrdinalIgnoreCase)) return h.Value;
        return null;
    }

    public IEnumerable<string> GetHeaders(string name)
    {
        foreach (var h in Headers) if (string.Equals(h.Name, name, StringComparison.OrdinalIgnoreCase)) yield return h.Value;
    }

    public void SetHeader(string name, string value)
    {
        RemoveHeader(name);
        Headers.Add(new SipHeader(name, value));
    }

    public void AddHeader(string name, string value) => Headers.Add(new SipHeader(name, value));

    public void RemoveHeader(string name) =>
        Headers.RemoveAll(h => string.Equals(h.Name, name, StringComparison.OrdinalIgnoreCase));

    public string CallId => GetHeader(SipHeaderNames.CallId) ?? "";

    public CSeqHeader CSeq => CSeqHeader.TryParse(GetHeader(SipHeaderNames.CSeq), out var c) ? c : default;

    public NameAddr? From => NameAddr.TryParse(GetHeader(SipHeaderNames.From), out var v) ? v : null;

    public NameAddr? To => NameAddr.TryParse(GetHeader(SipHeaderNames.To), out var v) ? v : null;

    public ViaHeader? TopVia => ViaHeader.TryParse(GetHeader(SipHeaderNames.Via), out var v) ? v : null;

    public List<ViaHeader> Vias => ParseAll(SipHeaderNames.Via, static (string s, out ViaHeader v) => ViaHeader.TryParse(s, out v));

    public NameAddr? Contact => NameAddr.TryParse(GetHeader(SipHeaderNames.Contact), out var v) ? v : null;

    public List<NameAddr> RecordRoutes => ParseAll(SipHeaderNames.RecordRoute, static (string s, out NameAddr v) => NameAddr.TryParse(s, out v));

    public string? ContentType => GetHeader(SipHeaderNames.ContentType);

    private delegate bool TryParser<T>(string s, out T value);

    private List<T> ParseAll<T>(string name, TryParser<T> parse)
    {
        var list = new List<T>();
        foreach (var v in GetHeaders(name)) if (parse(v, out var item)) list.Add(item);
        return list;
    }
}

public sealed class SipRequest : SipMessage
{
    public required string Method { get; init; }
    public required SipUri RequestUri { get; set; }
    public override string ToString() => $"{Method} {RequestUri}";
}

public sealed class SipResponse : SipMessage
{
    public required int StatusCode { get; init; }
    public string ReasonPhrase { get; init; } = "";
    public bool IsProvisional => StatusCode < 200;
    public bool IsSuccess => StatusCode is >= 200 and < 300;
    public override string ToString() => $"{StatusCode} {ReasonPhrase}";
}
