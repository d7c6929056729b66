using System.Globalization;
using System.Text.Json;
using ClutchCall.Media;
using Microsoft.AspNetCore.Http;

namespace ClutchCall.Gateway.Media;

/// <summary>
/// The audio format a bridge asks for, from the connect URL's query: <c>codec</c> (opus | pcm16 | g711_ulaw |
/// g711_alaw), <c>sampleRate</c>, <c>channels</c>, <c>frameMs</c>. Anything not given takes the default, so a raw
/// MoQT client that says nothing gets Opus 48 kHz mono 20 ms.
/// </summary>
public static class BridgeFormat
{
    /// <summary>The format, or an error naming the bad field.</summary>
    public static (AudioFormat? Format, string? Error) FromQuery(IQueryCollection query)
    {
        var codec = AudioFormat.Default.Codec;
        if (query["codec"].ToString() is { Length: > 0 } rawCodec && !AudioCodecNames.TryParse(rawCodec, out codec))
        {
            return (null, $"codec '{rawCodec}' is unknown; use opus, pcm16, g711_ulaw or g711_alaw");
        }
        // G.711 only runs at 8 kHz: asking for the codec alone should not fail on the Opus default rate.
        var defaultRate = codec is AudioCodec.G711Ulaw or AudioCodec.G711Alaw ? 8000 : AudioFormat.Default.SampleRate;
        if (!TryInt(query, "sampleRate", defaultRate, out var sampleRate, out var error)
            || !TryInt(query, "channels", AudioFormat.Default.Channels, out var channels, out error)
            || !TryInt(query, "frameMs", AudioFormat.Default.FrameMs, out var frameMs, out error))
        {
            return (null, error);
        }
        return AudioFormat.Validate(codec, sampleRate, channels, frameMs) is { } invalid
            ? (null, invalid)
            : (new AudioFormat(codec, sampleRate, channels, frameMs), null);
    }

    /// <summary>The channel metadata of the contract: <c>{"codec":"opus","sampleRate":48000,"channels":1,"frameMs":20}</c>.</summary>
    public static byte[] ToMetadata(AudioFormat format)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(96);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("codec", format.Codec.ToWireName());
            json.WriteNumber("sampleRate", format.SampleRate);
            json.WriteNumber("channels", format.Channels);
            json.WriteNumber("frameMs", format.FrameMs);
            json.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }

    private static bool TryInt(IQueryCollection query, string name, int fallback, out int value, out string? error)
    {
        error = null;
        value = fallback;
        if (query[name].ToString() is not { Length: > 0 } raw)
        {
            return true;
        }
        if (int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out value))
        {
            return true;
        }
        error = $"{name} must be a positive integer, not '{raw}'";
        return false;
    }
}
