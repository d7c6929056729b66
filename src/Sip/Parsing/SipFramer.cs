using System.Buffers;
using System.Text;

namespace ClutchCall.Sip.Parsing;

/// <summary>
/// Finds message boundaries on a stream transport (RFC 3261 §18.3: header terminator + Content-Length).
/// Works over segmented buffers so a pipe never has to be flattened before the frame is complete.
/// </summary>
public static class SipFramer
{
    private static ReadOnlySpan<byte> HeaderEnd => "\r\n\r\n"u8;

    /// <summary>
    /// Done: <paramref name="skip"/> leading keep-alive bytes, then a message of <paramref name="length"/> bytes.
    /// NeedMoreData: nothing may be consumed except <paramref name="skip"/>. InvalidData: the stream cannot be resynchronised.
    /// </summary>
    public static OperationStatus TryFrame(in ReadOnlySequence<byte> buffer, out long skip, out long length, out SipRejectReason reason)
    {
        skip = 0; length = 0; reason = SipRejectReason.None;
        var reader = new SequenceReader<byte>(buffer);
        while (reader.Remaining >= 2 && reader.IsNext("\r\n"u8)) reader.Advance(2);
        skip = reader.Consumed;
        var start = reader.Position;
        if (!reader.TryReadTo(out ReadOnlySequence<byte> head, HeaderEnd, advancePastDelimiter: true))
        {
            if (reader.Remaining > SipParser.MaxHeaderSection) { reason = SipRejectReason.HeaderSectionTooLarge; return OperationStatus.InvalidData; }
            return OperationStatus.NeedMoreData;
        }
        if (head.Length > SipParser.MaxHeaderSection) { reason = SipRejectReason.HeaderSectionTooLarge; return OperationStatus.InvalidData; }
        var headLength = head.Length + HeaderEnd.Length;
        var contentLength = FindContentLength(head);
        if (contentLength < 0) { reason = SipRejectReason.BadContentLength; return OperationStatus.InvalidData; }
        length = headLength + contentLength;
        return buffer.Slice(start).Length >= length ? OperationStatus.Done : OperationStatus.NeedMoreData;
    }

    /// <summary>Returns the Content-Length value, or -1 when it is missing, malformed or contradictory.</summary>
    private static long FindContentLength(in ReadOnlySequence<byte> head)
    {
        var reader = new SequenceReader<byte>(head);
        long found = -1;
        // Skip the start line, then look at each header line (folded continuations never start with a name).
        if (!reader.TryAdvanceTo((byte)'\n')) return -1;
        Span<byte> name = stackalloc byte[16];
        while (!reader.End)
        {
            if (!reader.TryReadTo(out ReadOnlySequence<byte> line, (byte)'\n'))
            {
                line = reader.UnreadSequence;
                reader.AdvanceToEnd();
            }
            var lineReader = new SequenceReader<byte>(line);
            if (!lineReader.TryReadTo(out ReadOnlySequence<byte> rawName, (byte)':')) continue;
            var trimmed = Trim(rawName);
            if (trimmed.Length is 0 or > 16) continue;
            trimmed.CopyTo(name);
            var n = name[..(int)trimmed.Length];
            if (!(Ascii.EqualsIgnoreCase(n, "content-length"u8) || Ascii.EqualsIgnoreCase(n, "l"u8))) continue;
            var value = Trim(lineReader.UnreadSequence);
            if (value.Length is 0 or > 9) return -1;
            long v = 0;
            foreach (var seg in value)
            {
                foreach (var b in seg.Span)
                {
                    if (b is < (byte)'0' or > (byte)'9') return -1;
                    v = v * 10 + (b - '0');
                }
            }
            if (v > SipParser.MaxBody || (found >= 0 && found != v)) return -1;
            found = v;
        }
        return found;
    }

    private static ReadOnlySequence<byte> Trim(ReadOnlySequence<byte> s)
    {
        var r = new SequenceReader<byte>(s);
        r.AdvancePastAny((byte)' ', (byte)'\t');
        var start = r.Position;
        var rest = s.Slice(start);
        // Trim trailing whitespace and the CR of the line ending.
        var len = rest.Length;
        while (len > 0)
        {
            var last = rest.Slice(len - 1, 1).FirstSpan[0];
            if (last is (byte)' ' or (byte)'\t' or (byte)'\r') len--; else break;
        }
        return rest.Slice(0, len);
    }
}
