using System.Buffers.Binary;
using System.Text;

namespace ClutchCall.Moqt.Coding;

/// <summary>
/// Forward-only reader over one contiguous buffer. Every Try method returns false and consumes nothing
/// when the buffer is too short; a decoder that finds semantically bad bytes calls <see cref="Fail"/>,
/// which lets the caller tell "need more data" from "invalid" without exceptions.
/// </summary>
public ref struct MoqtReader
{
    private readonly ReadOnlySpan<byte> _buffer;
    private int _position;
    private DecodeError _error;

    public MoqtReader(ReadOnlySpan<byte> buffer)
    {
        _buffer = buffer;
        _position = 0;
        _error = default;
    }

    public readonly int Consumed => _position;

    public readonly int Remaining => _buffer.Length - _position;

    public readonly bool IsEmpty => _position == _buffer.Length;

    /// <summary>True once a decoder declared the bytes invalid.</summary>
    public readonly bool HasFailed => _error.Code != MoqtErrorCode.NoError || _error.Reason is not null;

    public readonly DecodeError Error => _error;

    /// <summary>Records that the input is invalid; always returns false so decoders can <c>return reader.Fail(...)</c>.</summary>
    public bool Fail(MoqtErrorCode code, string reason)
    {
        if (!HasFailed) _error = new DecodeError(code, reason);
        return false;
    }

    public bool TryReadVarInt(out ulong value)
    {
        if (!VarInt.TryRead(_buffer[_position..], out value, out int read)) return false;
        _position += read;
        return true;
    }

    /// <summary>Reads a varint that must fit an <see cref="int"/> no larger than <paramref name="max"/>.</summary>
    public bool TryReadLength(int max, out int length)
    {
        length = 0;
        int start = _position;
        if (!TryReadVarInt(out ulong value)) return false;
        if (value > (ulong)max)
        {
            _position = start;
            return Fail(MoqtErrorCode.ProtocolViolation, $"length {value} exceeds {max}");
        }

        length = (int)value;
        return true;
    }

    public bool TryReadByte(out byte value)
    {
        if (_position >= _buffer.Length)
        {
            value = 0;
            return false;
        }

        value = _buffer[_position++];
        return true;
    }

    public bool TryReadUInt16(out ushort value)
    {
        if (Remaining < 2)
        {
            value = 0;
            return false;
        }

        value = BinaryPrimitives.ReadUInt16BigEndian(_buffer[_position..]);
        _position += 2;
        return true;
    }

    public bool TryReadSpan(int length, out ReadOnlySpan<byte> value)
    {
        if ((uint)length > (uint)Remaining)
        {
            value = default;
            return false;
        }

        value = _buffer.Slice(_position, length);
        _position += length;
        return true;
    }

    /// <summary>Reads <c>Length (i) | Bytes</c>, all or nothing.</summary>
    public bool TryReadLengthPrefixed(int max, out ReadOnlySpan<byte> value)
    {
        int start = _position;
        value = default;
        if (!TryReadLength(max, out int length)) return false;
        if (!TryReadSpan(length, out value))
        {
            _position = start;
            return false;
        }

        return true;
    }

    /// <summary>Reads a length-prefixed UTF-8 string; malformed UTF-8 is a protocol violation.</summary>
    public bool TryReadString(int maxBytes, out string value)
    {
        value = string.Empty;
        if (!TryReadLengthPrefixed(maxBytes, out ReadOnlySpan<byte> bytes)) return false;
        if (!System.Text.Unicode.Utf8.IsValid(bytes)) return Fail(MoqtErrorCode.ProtocolViolation, "string is not valid UTF-8");
        value = Encoding.UTF8.GetString(bytes);
        return true;
    }

    /// <summary>Moves back to an earlier position, e.g. to retry a decode with another dialect.</summary>
    public void Rewind(int position) => _position = position;
}
