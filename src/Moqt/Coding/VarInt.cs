using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace ClutchCall.Moqt.Coding;

/// <summary>
/// QUIC variable-length integers (RFC 9000 §16), the integer encoding of MoQT up to draft-16:
/// the top two bits of the first byte give the length (1, 2, 4 or 8 bytes).
/// </summary>
public static class VarInt
{
    /// <summary>The largest encodable value, 2^62 - 1.</summary>
    public const ulong MaxValue = (1UL << 62) - 1;

    /// <summary>The longest encoding in bytes.</summary>
    public const int MaxLength = 8;

    /// <summary>Bytes needed to encode <paramref name="value"/>; throws when it exceeds <see cref="MaxValue"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int GetByteCount(ulong value)
    {
        if (value < 1UL << 6) return 1;
        if (value < 1UL << 14) return 2;
        if (value < 1UL << 30) return 4;
        if (value <= MaxValue) return 8;
        return ThrowTooLarge(value);
    }

    /// <summary>Length of an encoding announced by its first byte.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int GetLength(byte first) => 1 << (first >> 6);

    /// <summary>Reads one varint; false (and nothing read) when <paramref name="source"/> is too short.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TryRead(ReadOnlySpan<byte> source, out ulong value, out int bytesRead)
    {
        if (source.IsEmpty)
        {
            value = 0;
            bytesRead = 0;
            return false;
        }

        int length = GetLength(source[0]);
        if (source.Length < length)
        {
            value = 0;
            bytesRead = 0;
            return false;
        }

        value = length switch
        {
            1 => source[0],
            2 => BinaryPrimitives.ReadUInt16BigEndian(source) & 0x3FFFu,
            4 => BinaryPrimitives.ReadUInt32BigEndian(source) & 0x3FFF_FFFFu,
            _ => BinaryPrimitives.ReadUInt64BigEndian(source) & MaxValue,
        };
        bytesRead = length;
        return true;
    }

    /// <summary>
    /// Writes the shortest encoding of <paramref name="value"/>; false when <paramref name="destination"/> is too small.
    /// Throws <see cref="ArgumentOutOfRangeException"/> for values above <see cref="MaxValue"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TryWrite(Span<byte> destination, ulong value, out int bytesWritten)
    {
        int length = GetByteCount(value);
        if (destination.Length < length)
        {
            bytesWritten = 0;
            return false;
        }

        switch (length)
        {
            case 1:
                destination[0] = (byte)value;
                break;
            case 2:
                BinaryPrimitives.WriteUInt16BigEndian(destination, (ushort)(value | 0x4000));
                break;
            case 4:
                BinaryPrimitives.WriteUInt32BigEndian(destination, (uint)value | 0x8000_0000u);
                break;
            default:
                BinaryPrimitives.WriteUInt64BigEndian(destination, value | 0xC000_0000_0000_0000UL);
                break;
        }

        bytesWritten = length;
        return true;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static int ThrowTooLarge(ulong value) =>
        throw new ArgumentOutOfRangeException(nameof(value), value, "A QUIC varint holds at most 2^62-1.");
}
