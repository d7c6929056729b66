using System.Text.Json;
using ClutchCall.Grains.Interfaces;
using ClutchCall.Media;

namespace ClutchCall.Grains.Legs;

/// <summary>
/// What the edge tells the grain when it opens <c>leg:caller</c>: the direction and, once negotiated, the leg's codec
/// as a bridge format, e.g. <c>{"direction":"outbound","format":{"codec":"g711_ulaw","sampleRate":8000,"channels":1,"frameMs":20}}</c>.
/// An outbound leg opens before its INVITE is answered (so the grain can CANCEL it), without a format.
/// </summary>
public sealed record LegMetadata(string Direction, AudioBridgeFormat? Format)
{
    public const string ChannelName = "leg:caller";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static LegMetadata? Parse(ReadOnlySpan<byte> metadata, out string? error)
    {
        error = null;
        try
        {
            var parsed = JsonSerializer.Deserialize<LegMetadata>(metadata, Json);
            if (parsed is null || parsed.Direction is not ("inbound" or "outbound"))
            {
                error = "leg metadata needs direction inbound or outbound";
                return null;
            }
            if (parsed.Format is { } f && ToAudioFormat(f, out error) is null)
            {
                return null;
            }
            return parsed;
        }
        catch (JsonException e)
        {
            error = $"leg metadata is not valid JSON: {e.Message}";
            return null;
        }
    }

    /// <summary>The media core's format for a leg; null and the reason when the codec is not one we run.</summary>
    public static AudioFormat? ToAudioFormat(AudioBridgeFormat format, out string? error)
    {
        if (!AudioCodecNames.TryParse(format.Codec, out var codec))
        {
            error = $"codec '{format.Codec}' is not one of opus, pcm16, g711_ulaw, g711_alaw";
            return null;
        }
        error = AudioFormat.Validate(codec, format.SampleRate, format.Channels, format.FrameMs);
        return error is null ? new AudioFormat(codec, format.SampleRate, format.Channels, format.FrameMs) : null;
    }
}
