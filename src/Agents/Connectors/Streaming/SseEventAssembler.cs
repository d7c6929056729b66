namespace ClutchCall.Agents.Connectors.Streaming;

/// <summary>
/// Builds server-sent events from lines (WHATWG EventSource rules): <c>data:</c> lines join with <c>\n</c>, a blank line
/// dispatches, <c>:</c> starts a comment, one space after the colon is dropped, other fields are ignored. Lines come from
/// <see cref="Utf8LineReader"/>, so a lone <c>\r</c> is not a line end here (no chat server sends one).
/// </summary>
internal sealed class SseEventAssembler
{
    private static ReadOnlySpan<byte> DataField => "data"u8;

    private byte[] _data = new byte[1024];
    private int _length;
    private bool _hasData;
    private bool _dispatched;

    /// <summary>The data of the event <see cref="Push"/> just completed; valid until the next push.</summary>
    public ReadOnlySpan<byte> Data => _data.AsSpan(0, _length);

    /// <summary>Feeds one line; true when it completed an event with data.</summary>
    public bool Push(ReadOnlySpan<byte> line)
    {
        if (_dispatched)
        {
            _length = 0;
            _hasData = false;
            _dispatched = false;
        }

        if (line.IsEmpty)
        {
            _dispatched = _hasData;
            return _hasData;
        }

        if (line[0] == (byte)':')
        {
            return false;
        }

        int colon = line.IndexOf((byte)':');
        ReadOnlySpan<byte> field = colon < 0 ? line : line[..colon];
        ReadOnlySpan<byte> value = colon < 0 ? default : line[(colon + 1)..];
        if (!value.IsEmpty && value[0] == (byte)' ')
        {
            value = value[1..];
        }

        if (field.SequenceEqual(DataField))
        {
            Append(value);
        }

        return false;
    }

    /// <summary>At the end of the stream: true when data was pending without its blank line (the spec drops it; callers may not).</summary>
    public bool HasPendingData => _hasData && !_dispatched;

    private void Append(ReadOnlySpan<byte> value)
    {
        int needed = _length + value.Length + 1;
        if (needed > _data.Length)
        {
            Array.Resize(ref _data, Math.Max(needed, _data.Length * 2));
        }

        if (_hasData)
        {
            _data[_length++] = (byte)'\n';
        }

        value.CopyTo(_data.AsSpan(_length));
        _length += value.Length;
        _hasData = true;
    }
}
