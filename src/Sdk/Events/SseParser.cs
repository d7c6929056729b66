namespace ClutchCall.Sdk.Events;

/// <summary>One dispatched Server-Sent Event.</summary>
internal sealed record SseMessage(string? Id, string Type, string Data);

/// <summary>
/// The WHATWG event-stream interpretation, one line at a time (lines already split on CR, LF or CRLF):
/// fields id, event, data, retry; comments start with ':'; a blank line dispatches. The last id persists between events.
/// </summary>
internal sealed class SseParser
{
    private readonly System.Text.StringBuilder _data = new();
    private string? _type;
    private bool _hasData;

    public string? LastEventId { get; private set; }

    /// <summary>Reconnection time the server asked for with "retry:".</summary>
    public TimeSpan? Retry { get; private set; }

    public SseParser(string? lastEventId = null) => LastEventId = lastEventId;

    public SseMessage? Feed(ReadOnlySpan<char> line)
    {
        if (line.IsEmpty)
        {
            return Dispatch();
        }
        if (line[0] == ':')
        {
            return null;
        }
        var colon = line.IndexOf(':');
        var field = colon < 0 ? line : line[..colon];
        var value = colon < 0 ? [] : line[(colon + 1)..];
        if (!value.IsEmpty && value[0] == ' ')
        {
            value = value[1..];
        }
        switch (field)
        {
            case "event":
                _type = value.ToString();
                break;
            case "data":
                _data.Append(value).Append('\n');
                _hasData = true;
                break;
            case "id" when value.IndexOf('\0') < 0:
                LastEventId = value.ToString();
                break;
            case "retry" when !value.IsEmpty && value.IndexOfAnyExceptInRange('0', '9') < 0 && value.Length <= 9:
                Retry = TimeSpan.FromMilliseconds(int.Parse(value, System.Globalization.CultureInfo.InvariantCulture));
                break;
        }
        return null;
    }

    private SseMessage? Dispatch()
    {
        if (!_hasData)
        {
            _type = null;
            return null;
        }
        var data = _data.ToString(0, _data.Length - 1);
        var message = new SseMessage(LastEventId, string.IsNullOrEmpty(_type) ? "message" : _type, data);
        _data.Clear();
        _hasData = false;
        _type = null;
        return message;
    }
}
