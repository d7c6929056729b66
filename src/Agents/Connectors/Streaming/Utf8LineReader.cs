namespace ClutchCall.Agents.Connectors.Streaming;

/// <summary>What one <see cref="Utf8LineReader.ReadLineAsync"/> call found.</summary>
internal enum LineStatus
{
    /// <summary>A whole line, ended by <c>\n</c> (a trailing <c>\r</c> is removed).</summary>
    Line,

    /// <summary>The stream ended after bytes that had no line end: a cut-off last line.</summary>
    PartialAtEnd,

    /// <summary>The stream ended cleanly at a line boundary.</summary>
    End,
}

/// <summary>
/// Splits a byte stream into lines for NDJSON and SSE replies, however the network chunks it. One buffer, reused;
/// the line handed out is valid until the next call. A line longer than <c>maxLineBytes</c> throws
/// <see cref="LineTooLongException"/> so a hostile server cannot make us buffer without bound.
/// </summary>
internal sealed class Utf8LineReader(Stream stream, int maxLineBytes = Utf8LineReader.DefaultMaxLineBytes)
{
    public const int DefaultMaxLineBytes = 1 << 20;

    private byte[] _buffer = new byte[4096];
    private int _start;
    private int _end;
    private bool _eof;

    /// <summary>Reads the next line; <paramref name="line"/> excludes the line end.</summary>
    public async ValueTask<(LineStatus Status, ReadOnlyMemory<byte> Line)> ReadLineAsync(CancellationToken ct)
    {
        int scanFrom = _start;
        while (true)
        {
            int newline = Array.IndexOf(_buffer, (byte)'\n', scanFrom, _end - scanFrom);
            if (newline >= 0)
            {
                int length = newline - _start;
                if (length > maxLineBytes)
                {
                    throw new LineTooLongException(maxLineBytes);
                }

                if (length > 0 && _buffer[newline - 1] == (byte)'\r')
                {
                    length--;
                }

                var line = new ReadOnlyMemory<byte>(_buffer, _start, length);
                _start = newline + 1;
                return (LineStatus.Line, line);
            }

            if (_eof)
            {
                if (_end == _start)
                {
                    return (LineStatus.End, ReadOnlyMemory<byte>.Empty);
                }

                var rest = new ReadOnlyMemory<byte>(_buffer, _start, _end - _start);
                _start = _end;
                return (LineStatus.PartialAtEnd, rest);
            }

            if (_end - _start > maxLineBytes)
            {
                throw new LineTooLongException(maxLineBytes);
            }

            int scanned = _end - _start;
            MakeRoom();
            scanFrom = _start + scanned;
            int read = await stream.ReadAsync(_buffer.AsMemory(_end), ct).ConfigureAwait(false);
            if (read == 0)
            {
                _eof = true;
            }

            _end += read;
        }
    }

    // Moves the unread tail to the front, or grows the buffer when the tail already fills it.
    private void MakeRoom()
    {
        if (_end < _buffer.Length)
        {
            return;
        }

        int pending = _end - _start;
        if (_start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, pending);
        }
        else
        {
            Array.Resize(ref _buffer, _buffer.Length * 2);
        }

        _start = 0;
        _end = pending;
    }
}

internal sealed class LineTooLongException(int limit) : Exception($"A reply line is longer than {limit} bytes.");
