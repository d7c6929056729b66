using System.Buffers.Binary;

namespace ClutchCall.Moqt.Tests;

/// <summary>Deterministic frame payloads whose content proves both order and integrity.</summary>
internal static class AudioPatterns
{
    /// <summary>Same layout as voice-peer.mjs: 4-byte big-endian index, then (i*7+k) &amp; 0xff.</summary>
    public static byte[] Uplink(int i)
    {
        var buffer = new byte[160];
        BinaryPrimitives.WriteUInt32BigEndian(buffer, (uint)i);
        for (int k = 4; k < buffer.Length; k++) buffer[k] = (byte)((i * 7) + k);
        return buffer;
    }

    /// <summary>Downlink frames: 4-byte big-endian index, then (i*13+k*3) &amp; 0xff.</summary>
    public static byte[] Downlink(int i)
    {
        var buffer = new byte[160];
        BinaryPrimitives.WriteUInt32BigEndian(buffer, (uint)i);
        for (int k = 4; k < buffer.Length; k++) buffer[k] = (byte)((i * 13) + (k * 3));
        return buffer;
    }

    public static int IndexOf(ReadOnlySpan<byte> frame) => (int)BinaryPrimitives.ReadUInt32BigEndian(frame);
}
