using ClutchCall.Moqt.Coding;

namespace ClutchCall.Moqt.Transport.Mux;

/// <summary>Frame types of the WebTransport-over-WebSocket polyfill (@kixelated/web-transport-ws, subprotocol "webtransport").</summary>
public enum PolyfillFrameType : byte
{
    ResetStream = 0x04,
    StopSending = 0x05,
    Stream = 0x08,
    StreamFin = 0x09,
    ApplicationClose = 0x1D,
}

/// <summary>
/// One decoded polyfill frame. Each WebSocket binary message holds exactly one frame: a type byte, then QUIC varints.
/// STREAM/STREAM_FIN: <c>Stream ID | Data (rest of message)</c>; RESET_STREAM and STOP_SENDING: <c>Stream ID | Code</c>
/// (no final size); APPLICATION_CLOSE: <c>Code | UTF-8 Reason (rest)</c>.
/// </summary>
public readonly ref struct PolyfillFrame
{
    public PolyfillFrame(PolyfillFrameType type, long streamId, ulong code, ReadOnlySpan<byte> data)
    {
        Type = type;
        StreamId = streamId;
        Code = code;
        Data = data;
    }

    public PolyfillFrameType Type { get; }

    public long StreamId { get; }

    public ulong Code { get; }

    /// <summary>Stream data, or the UTF-8 reason of APPLICATION_CLOSE.</summary>
    public ReadOnlySpan<byte> Data { get; }

    public bool Fin => Type == PolyfillFrameType.StreamFin;

    /// <summary>Largest header: type byte plus two varints.</summary>
    public const int MaxHeaderLength = 1 + VarInt.MaxLength * 2;

    /// <summary>Writes the header of a STREAM/STREAM_FIN frame; the data follows it in the same message.</summary>
    public static int WriteStreamHeader(Span<byte> destination, long streamId, bool fin)
    {
        destination[0] = (byte)(fin ? PolyfillFrameType.StreamFin : PolyfillFrameType.Stream);
        VarInt.TryWrite(destination[1..], (ulong)streamId, out int n);
        return 1 + n;
    }

    /// <summary>Writes a RESET_STREAM or STOP_SENDING frame.</summary>
    public static int WriteStreamCode(Span<byte> destination, PolyfillFrameType type, long streamId, ulong code)
    {
        destination[0] = (byte)type;
        VarInt.TryWrite(destination[1..], (ulong)streamId, out int a);
        VarInt.TryWrite(destination[(1 + a)..], code, out int b);
        return 1 + a + b;
    }

    public static byte[] CreateApplicationClose(ulong code, string reason)
    {
        byte[] text = System.Text.Encoding.UTF8.GetBytes(reason);
        var frame = new byte[1 + VarInt.GetByteCount(code) + text.Length];
        frame[0] = (byte)PolyfillFrameType.ApplicationClose;
        VarInt.TryWrite(frame.AsSpan(1), code, out int n);
        text.CopyTo(frame.AsSpan(1 + n));
        return frame;
    }

    /// <summary>Decodes one whole message; a message is never split, so a short one is invalid.</summary>
    public static bool TryDecode(ReadOnlySpan<byte> message, out PolyfillFrame frame, out string? error)
    {
        frame = default;
        error = null;
        if (message.IsEmpty)
        {
            error = "empty frame";
            return false;
        }

        var type = (PolyfillFrameType)message[0];
        ReadOnlySpan<byte> rest = message[1..];
        switch (type)
        {
            case PolyfillFrameType.Stream:
            case PolyfillFrameType.StreamFin:
                if (!VarInt.TryRead(rest, out ulong id, out int n))
                {
                    error = "truncated stream id";
                    return false;
                }

                frame = new PolyfillFrame(type, (long)id, 0, rest[n..]);
                return true;
            case PolyfillFrameType.ResetStream:
            case PolyfillFrameType.StopSending:
                if (!VarInt.TryRead(rest, out ulong sid, out int a) || !VarInt.TryRead(rest[a..], out ulong code, out int b))
                {
                    error = "truncated stream code frame";
                    return false;
                }

                if (a + b != rest.Length)
                {
                    error = "trailing bytes after stream code frame";
                    return false;
                }

                frame = new PolyfillFrame(type, (long)sid, code, default);
                return true;
            case PolyfillFrameType.ApplicationClose:
                if (!VarInt.TryRead(rest, out ulong closeCode, out int c))
                {
                    error = "truncated close code";
                    return false;
                }

                frame = new PolyfillFrame(type, 0, closeCode, rest[c..]);
                return true;
            default:
                error = $"unknown frame type 0x{(byte)type:x2}";
                return false;
        }
    }
}
