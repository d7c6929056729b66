using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace ClutchCall.Runtime.Messaging;

/// <summary>
/// Frames on a silo connection, big endian:
/// u32 length | u8 kind | u64 correlation | body.
/// Request body: str type | str key | i64 epoch | str method | str traceparent | str callChain | blob args.
/// Response body: u8 status | i64 epoch | str ownerHint | blob payload.
/// str = u16 length + UTF-8; blob = u32 length + bytes.
/// </summary>
internal static class MessageCodec
{
    public const int HeaderBytes = 4 + 1 + 8;

    public static void WriteRequest(IBufferWriter<byte> output, ulong correlation, GrainRequest request) =>
        WriteRequest(output, FrameKind.Request, correlation, request);

    public static void WriteRequest(IBufferWriter<byte> output, FrameKind kind, ulong correlation, GrainRequest request)
    {
        var trace = request.TraceParent ?? "";
        var chain = request.CallChain ?? "";
        var length = 1 + 8 + StrSize(request.Grain.Type) + StrSize(request.Grain.Key) + 8 + StrSize(request.Method)
            + StrSize(trace) + StrSize(chain) + 4 + request.Arguments.Length;
        var span = output.GetSpan(4 + length);
        var w = new SpanWriter(span);
        w.U32((uint)length);
        w.U8((byte)kind);
        w.U64(correlation);
        w.Str(request.Grain.Type);
        w.Str(request.Grain.Key);
        w.I64(request.Epoch);
        w.Str(request.Method);
        w.Str(trace);
        w.Str(chain);
        w.Blob(request.Arguments.Span);
        output.Advance(w.Position);
    }

    public static void WriteResponse(IBufferWriter<byte> output, ulong correlation, GrainResponse response)
    {
        var hint = response.OwnerHint ?? "";
        var length = 1 + 8 + 1 + 8 + StrSize(hint) + 4 + response.Payload.Length;
        var span = output.GetSpan(4 + length);
        var w = new SpanWriter(span);
        w.U32((uint)length);
        w.U8((byte)FrameKind.Response);
        w.U64(correlation);
        w.U8((byte)response.Status);
        w.I64(response.Epoch);
        w.Str(hint);
        w.Blob(response.Payload.Span);
        output.Advance(w.Position);
    }

    public static void WriteChannelData(IBufferWriter<byte> output, ulong channel, ReadOnlySpan<byte> frame)
    {
        var length = 1 + 8 + 4 + frame.Length;
        var w = new SpanWriter(output.GetSpan(4 + length));
        w.U32((uint)length);
        w.U8((byte)FrameKind.ChannelData);
        w.U64(channel);
        w.Blob(frame);
        output.Advance(w.Position);
    }

    public static void WriteChannelClose(IBufferWriter<byte> output, ulong channel, ChannelCloseReason reason)
    {
        var w = new SpanWriter(output.GetSpan(4 + 10));
        w.U32(10);
        w.U8((byte)FrameKind.ChannelClose);
        w.U64(channel);
        w.U8((byte)reason);
        output.Advance(w.Position);
    }

    /// <summary>Takes one whole frame off the buffer; false when more bytes are needed.</summary>
    /// <exception cref="InvalidDataException">The frame is malformed or larger than maxFrameBytes: the connection must close.</exception>
    public static bool TryReadFrame(ref ReadOnlySequence<byte> buffer, int maxFrameBytes, out FrameKind kind, out ulong correlation, out object? message)
    {
        kind = default;
        correlation = 0;
        message = null;
        var reader = new SequenceReader<byte>(buffer);
        if (!reader.TryReadBigEndian(out int length))
        {
            return false;
        }
        if (length < 9 || length > maxFrameBytes)
        {
            throw new InvalidDataException($"Frame length {length} is outside 9..{maxFrameBytes}.");
        }
        if (reader.Remaining < length)
        {
            return false;
        }
        var frame = buffer.Slice(4, length);
        var body = frame.IsSingleSegment ? frame.FirstSpan : frame.ToArray();
        var r = new SpanReader(body);
        kind = (FrameKind)r.U8();
        correlation = r.U64();
        message = kind switch
        {
            FrameKind.Request or FrameKind.ChannelOpen => ReadRequest(ref r),
            FrameKind.ChannelData => new ChannelData(r.Blob()),
            FrameKind.ChannelClose => new ChannelClose(ReadReason(r.U8())),
            FrameKind.Response => new GrainResponse((ResponseStatus)r.U8(), r.I64(), NullIfEmpty(r.Str()), r.Blob()),
            _ => throw new InvalidDataException($"Unknown frame kind {(byte)kind}."),
        };
        if (!r.AtEnd)
        {
            throw new InvalidDataException("Trailing bytes after the frame body.");
        }
        buffer = buffer.Slice(4 + length);
        return true;
    }

    private static string? NullIfEmpty(string s) => s.Length == 0 ? null : s;

    private static GrainRequest ReadRequest(ref SpanReader r)
    {
        var grain = new GrainId(r.Str(), r.Str());
        var epoch = r.I64();
        var method = r.Str();
        var trace = NullIfEmpty(r.Str());
        var chain = NullIfEmpty(r.Str());
        return new GrainRequest(grain, epoch, method, r.Blob()) { TraceParent = trace, CallChain = chain };
    }

    private static ChannelCloseReason ReadReason(byte b) =>
        Enum.IsDefined((ChannelCloseReason)b) ? (ChannelCloseReason)b : throw new InvalidDataException($"Unknown channel close reason {b}.");

    private static int StrSize(string s) => 2 + Encoding.UTF8.GetByteCount(s);

    private ref struct SpanWriter(Span<byte> span)
    {
        private readonly Span<byte> _span = span;
        public int Position { get; private set; }

        public void U8(byte v) => _span[Position++] = v;
        public void U32(uint v) { BinaryPrimitives.WriteUInt32BigEndian(_span[Position..], v); Position += 4; }
        public void U64(ulong v) { BinaryPrimitives.WriteUInt64BigEndian(_span[Position..], v); Position += 8; }
        public void I64(long v) { BinaryPrimitives.WriteInt64BigEndian(_span[Position..], v); Position += 8; }

        public void Str(string s)
        {
            var n = Encoding.UTF8.GetBytes(s, _span[(Position + 2)..]);
            if (n > ushort.MaxValue)
            {
                throw new ArgumentException("A string field is longer than 65535 bytes.");
            }
            BinaryPrimitives.WriteUInt16BigEndian(_span[Position..], (ushort)n);
            Position += 2 + n;
        }

        public void Blob(ReadOnlySpan<byte> b)
        {
            U32((uint)b.Length);
            b.CopyTo(_span[Position..]);
            Position += b.Length;
        }
    }

    private ref struct SpanReader(ReadOnlySpan<byte> span)
    {
        private readonly ReadOnlySpan<byte> _span = span;
        private int _pos;

        public readonly bool AtEnd => _pos == _span.Length;

        private ReadOnlySpan<byte> Take(int n)
        {
            if (n < 0 || _span.Length - _pos < n)
            {
                throw new InvalidDataException("A field runs past the end of the frame.");
            }
            var s = _span.Slice(_pos, n);
            _pos += n;
            return s;
        }

        public byte U8() => Take(1)[0];
        public ulong U64() => BinaryPrimitives.ReadUInt64BigEndian(Take(8));
        public long I64() => BinaryPrimitives.ReadInt64BigEndian(Take(8));
        public string Str() => Encoding.UTF8.GetString(Take(BinaryPrimitives.ReadUInt16BigEndian(Take(2))));
        public byte[] Blob()
        {
            var n = BinaryPrimitives.ReadUInt32BigEndian(Take(4));
            return Take(n > int.MaxValue ? -1 : (int)n).ToArray();
        }
    }
}
