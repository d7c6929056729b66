using System.Buffers.Binary;
using System.Text;
using ClutchCall.Grains.Call;

namespace ClutchCall.Grains.Legs;

/// <summary>Frame kinds on a leg channel: the first byte of every frame.</summary>
public enum LegFrameKind : byte
{
    /// <summary>Then 8 bytes little-endian capture time (µs), then one encoded 20 ms frame in the leg's codec. Both directions.</summary>
    Audio = 0x01,

    // Grain -> edge control frames; the rest of the frame is the UTF-8 argument (may be empty).
    Hangup = 0x10,
    Cancel = 0x11,
    Reject = 0x12,
    Answer = 0x13,
    Refer = 0x14,
    SendDigits = 0x15,
    Connect = 0x16,
}

/// <summary>
/// The leg channel's frame layout (docs/design/sip-edge.md): a one-byte kind, so control frames travel in order with
/// the audio. The gateway's SIP edge has its own copy of this codec (it may not reference the grains); a contract
/// test in tests/SipEdge.Tests holds the two to the same bytes.
/// </summary>
public static class LegFrames
{
    public const int AudioHeaderBytes = 1 + 8;

    public static byte[] Audio(long timestampUs, ReadOnlySpan<byte> payload)
    {
        var frame = new byte[AudioHeaderBytes + payload.Length];
        frame[0] = (byte)LegFrameKind.Audio;
        BinaryPrimitives.WriteInt64LittleEndian(frame.AsSpan(1), timestampUs);
        payload.CopyTo(frame.AsSpan(AudioHeaderBytes));
        return frame;
    }

    public static byte[] Control(LegCommand command)
    {
        var kind = command.Action switch
        {
            LegAction.Hangup => LegFrameKind.Hangup,
            LegAction.Cancel => LegFrameKind.Cancel,
            LegAction.Reject => LegFrameKind.Reject,
            LegAction.Answer => LegFrameKind.Answer,
            LegAction.Refer => LegFrameKind.Refer,
            LegAction.SendDigits => LegFrameKind.SendDigits,
            LegAction.Connect => LegFrameKind.Connect,
            _ => throw new ArgumentOutOfRangeException(nameof(command)),
        };
        var argument = command.Argument ?? "";
        var frame = new byte[1 + Encoding.UTF8.GetByteCount(argument)];
        frame[0] = (byte)kind;
        Encoding.UTF8.GetBytes(argument, frame.AsSpan(1));
        return frame;
    }

    /// <summary>An audio frame's time and payload; false for control frames and frames too short to hold the header.</summary>
    public static bool TryParseAudio(ReadOnlyMemory<byte> frame, out long timestampUs, out ReadOnlyMemory<byte> payload)
    {
        var span = frame.Span;
        if (span.Length < AudioHeaderBytes || span[0] != (byte)LegFrameKind.Audio)
        {
            timestampUs = 0;
            payload = default;
            return false;
        }
        timestampUs = BinaryPrimitives.ReadInt64LittleEndian(span[1..]);
        payload = frame[AudioHeaderBytes..];
        return true;
    }
}
