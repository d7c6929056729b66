using System.Text.Json;
using ClutchCall.Grains.Interfaces;
using ClutchCall.Media;

namespace ClutchCall.Grains.Media;

/// <summary>Which way a bridge channel carries audio (see docs/design/audio-path.md, "The bridge channel contract").</summary>
public enum BridgeRole
{
    /// <summary>Server-side bridge: receives the caller's audio (uplink), sends audio for the caller to hear (downlink).</summary>
    Attach,

    /// <summary>Browser softphone: its frames are the caller's uplink; it receives the downlink.</summary>
    Caller,
}

/// <summary>Channel names and metadata of the bridge channel contract.</summary>
public static class BridgeChannels
{
    public const string Attach = "bridge:attach";
    public const string Caller = "bridge:caller";

    public static bool TryParseRole(string name, out BridgeRole role)
    {
        switch (name)
        {
            case Attach: role = BridgeRole.Attach; return true;
            case Caller: role = BridgeRole.Caller; return true;
            default: role = default; return false;
        }
    }

    public static string ToWire(this BridgeRole role) => role == BridgeRole.Attach ? "attach" : "caller";

    public static string ChannelName(this BridgeRole role) => role == BridgeRole.Attach ? Attach : Caller;

    /// <summary>
    /// Reads the bridge's wanted format: JSON <c>{"codec":"opus","sampleRate":48000,"channels":1,"frameMs":20}</c>.
    /// Empty metadata is the default (Opus 48 kHz mono 20 ms); missing fields take the default too, except that a
    /// G.711 codec without a rate means 8000. Returns null and the reason when the format is unusable.
    /// </summary>
    public static AudioFormat? ParseFormat(ReadOnlySpan<byte> metadata, out string? error)
    {
        error = null;
        if (metadata.IsEmpty)
        {
            return AudioFormat.Default;
        }
        try
        {
            var reader = new Utf8JsonReader(metadata);
            using var doc = JsonDocument.ParseValue(ref reader);
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                error = "metadata must be a JSON object such as {\"codec\":\"opus\",\"sampleRate\":48000,\"channels\":1,\"frameMs\":20}";
                return null;
            }
            var codec = AudioFormat.Default.Codec;
            if (root.TryGetProperty("codec", out var c))
            {
                if (c.ValueKind != JsonValueKind.String || !AudioCodecNames.TryParse(c.GetString(), out codec))
                {
                    error = $"codec {c.GetRawText()} is not one of opus, pcm16, g711_ulaw, g711_alaw";
                    return null;
                }
            }
            var defaultRate = codec is AudioCodec.G711Ulaw or AudioCodec.G711Alaw ? 8000 : AudioFormat.Default.SampleRate;
            if (!TryInt(root, "sampleRate", defaultRate, out var rate, ref error)
                || !TryInt(root, "channels", AudioFormat.Default.Channels, out var channels, ref error)
                || !TryInt(root, "frameMs", AudioFormat.Default.FrameMs, out var frameMs, ref error))
            {
                return null;
            }
            error = AudioFormat.Validate(codec, rate, channels, frameMs);
            return error is null ? new AudioFormat(codec, rate, channels, frameMs) : null;
        }
        catch (JsonException e)
        {
            error = $"metadata is not valid JSON: {e.Message}";
            return null;
        }
    }

    public static AudioBridgeFormat ToContract(this AudioFormat format) =>
        new(format.Codec.ToWireName(), format.SampleRate, format.Channels, format.FrameMs);

    private static bool TryInt(JsonElement root, string name, int fallback, out int value, ref string? error)
    {
        value = fallback;
        if (!root.TryGetProperty(name, out var e))
        {
            return true;
        }
        if (e.ValueKind == JsonValueKind.Number && e.TryGetInt32(out value))
        {
            return true;
        }
        error = $"{name} must be an integer, got {e.GetRawText()}";
        return false;
    }
}
