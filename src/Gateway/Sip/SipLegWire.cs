using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using ClutchCall.Grains.Interfaces;
using ClutchCall.Media;

namespace ClutchCall.Gateway.Sip;

/// <summary>Frame kinds on the leg channel (the first byte of every frame); docs/design/sip-edge.md.</summary>
internal enum LegFrameKind : byte
{
    Audio = 0x01,
    Hangup = 0x10,
    Cancel = 0x11,
    Reject = 0x12,
    Answer = 0x13,
    Refer = 0x14,
    SendDigits = 0x15,
    Connect = 0x16,
}

/// <summary>
/// The edge's side of the leg channel contract: the same bytes as the grain's <c>ClutchCall.Grains.Legs.LegFrames</c>
/// (the gateway may not reference the grains; a contract test in tests/SipEdge.Tests holds the two together).
/// </summary>
internal static class SipLegWire
{
    public const string ChannelName = "leg:caller";
    public const int AudioHeaderBytes = 9;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static byte[] Audio(long timestampUs, ReadOnlySpan<byte> payload)
    {
        var frame = new byte[AudioHeaderBytes + payload.Length];
        frame[0] = (byte)LegFrameKind.Audio;
        BinaryPrimitives.WriteInt64LittleEndian(frame.AsSpan(1), timestampUs);
        payload.CopyTo(frame.AsSpan(AudioHeaderBytes));
        return frame;
    }

    /// <summary>Splits a frame into its kind and the rest (audio: 8-byte time + payload; control: UTF-8 argument).</summary>
    public static bool TryParse(ReadOnlyMemory<byte> frame, out LegFrameKind kind, out ReadOnlyMemory<byte> body)
    {
        kind = default;
        body = default;
        if (frame.Length == 0 || !Enum.IsDefined((LegFrameKind)frame.Span[0]))
        {
            return false;
        }
        kind = (LegFrameKind)frame.Span[0];
        if (kind == LegFrameKind.Audio)
        {
            if (frame.Length < AudioHeaderBytes)
            {
                return false;
            }
            body = frame[AudioHeaderBytes..];
            return true;
        }
        body = frame[1..];
        return true;
    }

    public static string Argument(ReadOnlyMemory<byte> body) => Encoding.UTF8.GetString(body.Span);

    /// <summary>A Connect argument, <c>{number};ring={seconds}</c>: the callee's number and how long to ring it (default 60 s).</summary>
    public static (string Number, int RingSeconds) ConnectTarget(string argument)
    {
        var at = argument.IndexOf(";ring=", StringComparison.Ordinal);
        if (at < 0)
        {
            return (argument, 60);
        }
        var seconds = int.TryParse(argument.AsSpan(at + 6), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var s) ? s : 60;
        return (argument[..at], Math.Clamp(seconds, 5, 120));
    }

    public static AudioBridgeFormat ToContract(AudioFormat format) => new(format.Codec.ToWireName(), format.SampleRate, format.Channels, format.FrameMs);

    /// <summary>Channel metadata: direction, and the leg's codec once negotiated.</summary>
    public static byte[] Metadata(string direction, AudioFormat? format) =>
        JsonSerializer.SerializeToUtf8Bytes(new { direction, format = format is null ? null : ToContract(format) }, Json);
}
