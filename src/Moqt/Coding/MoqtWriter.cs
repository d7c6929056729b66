using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace ClutchCall.Moqt.Coding;

/// <summary>
/// Writes MoQT primitives into an <see cref="IBufferWriter{T}"/>. A writer made by <see cref="Counting"/>
/// has no output and only counts bytes, which is how control messages learn their 16-bit length before
/// being written (the moq-dev "Sizer" approach, no back-patching needed).
/// </summary>
public ref struct MoqtWriter
{
    private readonly IBufferWriter<byte>? _output;
    private int _written;

    public MoqtWriter(IBufferWriter<byte> output)
    {
        _output = output;
        _written = 0;
    }

    private MoqtWriter(bool counting)
    {
        _output = null;
        _written = 0;
    }

    /// <summary>A writer that discards bytes and counts them.</summary>
    public static MoqtWriter Counting() => new(counting: true);

    public readonly int BytesWritten => _written;

    public void WriteVarInt(ulong value)
    {
        if (_output is null)
        {
            _written += VarInt.GetByteCount(value);
            return;
        }

        Span<byte> span = _output.GetSpan(VarInt.MaxLength);
        VarInt.TryWrite(span, value, out int n);
        _output.Advance(n);
        _written += n;
    }

    public void WriteByte(byte value)
    {
        if (_output is not null)
        {
            _output.GetSpan(1)[0] = value;
            _output.Advance(1);
        }

        _written += 1;
    }

    public void WriteUInt16(ushort value)
    {
        if (_output is not null)
        {
            BinaryPrimitives.WriteUInt16BigEndian(_output.GetSpan(2), value);
            _output.Advance(2);
        }

        _written += 2;
    }

    public void WriteBytes(scoped ReadOnlySpan<byte> value)
    {
        _output?.Write(value);
        _written += value.Length;
    }

    public void WriteLengthPrefixed(scoped ReadOnlySpan<byte> value)
    {
        WriteVarInt((ulong)value.Length);
        WriteBytes(value);
    }

    public void WriteString(string value)
    {
        int count = Encoding.UTF8.GetByteCount(value);
        WriteVarInt((ulong)count);
        if (_output is not null)
        {
            Span<byte> span = _output.GetSpan(count);
            Encoding.UTF8.GetBytes(value, span);
            _output.Advance(count);
        }

        _written += count;
    }
}
