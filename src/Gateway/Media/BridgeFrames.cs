using System.Buffers.Binary;
using ClutchCall.Moqt.Model;

namespace ClutchCall.Gateway.Media;

/// <summary>
/// Frames on a bridge grain channel (the bridge channel contract): 8 bytes little-endian capture timestamp in
/// microseconds, then one encoded frame.
/// </summary>
public static class BridgeFrames
{
    public const int HeaderLength = 8;

    public static byte[] ToChannel(ReadOnlySpan<byte> payload, ulong captureMicros)
    {
        var frame = new byte[HeaderLength + payload.Length];
        BinaryPrimitives.WriteUInt64LittleEndian(frame, captureMicros);
        payload.CopyTo(frame.AsSpan(HeaderLength));
        return frame;
    }

    /// <summary>False for a frame too short to hold the timestamp (dropped: it cannot be a contract frame).</summary>
    public static bool TryFromChannel(ReadOnlyMemory<byte> frame, out MoqtFrame moqt)
    {
        if (frame.Length < HeaderLength)
        {
            moqt = default;
            return false;
        }
        moqt = new MoqtFrame(frame[HeaderLength..], BinaryPrimitives.ReadUInt64LittleEndian(frame.Span));
        return true;
    }
}
