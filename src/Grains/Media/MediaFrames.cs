using System.Buffers.Binary;

namespace ClutchCall.Grains.Media;

/// <summary>
/// The frame layout on bridge channels, both directions: 8 bytes little-endian capture timestamp in microseconds,
/// then one encoded frame in the channel's format.
/// </summary>
public static class MediaFrames
{
    public const int HeaderBytes = 8;

    /// <summary>A new array holding the header and payload. Each frame gets its own array because an in-process
    /// channel hands the memory itself to the reader, so a pooled buffer could be overwritten before it is read.</summary>
    public static byte[] Build(long timestampUs, ReadOnlySpan<byte> payload)
    {
        var frame = new byte[HeaderBytes + payload.Length];
        BinaryPrimitives.WriteInt64LittleEndian(frame, timestampUs);
        payload.CopyTo(frame.AsSpan(HeaderBytes));
        return frame;
    }

    /// <summary>Splits a received frame; false when it is too short to hold the header.</summary>
    public static bool TryParse(ReadOnlyMemory<byte> frame, out long timestampUs, out ReadOnlyMemory<byte> payload)
    {
        if (frame.Length < HeaderBytes)
        {
            timestampUs = 0;
            payload = default;
            return false;
        }
        timestampUs = BinaryPrimitives.ReadInt64LittleEndian(frame.Span);
        payload = frame[HeaderBytes..];
        return true;
    }
}
