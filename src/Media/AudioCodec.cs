using System.Text.Json.Serialization;

namespace ClutchCall.Media;

/// <summary>Codecs the engine speaks. Wire names: <c>opus | pcm16 | g711_ulaw | g711_alaw</c>.</summary>
[JsonConverter(typeof(AudioCodecJsonConverter))]
public enum AudioCodec
{
    Opus,
    Pcm16,
    G711Ulaw,
    G711Alaw,
}

public static class AudioCodecNames
{
    public const string Opus = "opus";
    public const string Pcm16 = "pcm16";
    public const string G711Ulaw = "g711_ulaw";
    public const string G711Alaw = "g711_alaw";

    public static string ToWireName(this AudioCodec codec) => codec switch
    {
        AudioCodec.Opus => Opus,
        AudioCodec.Pcm16 => Pcm16,
        AudioCodec.G711Ulaw => G711Ulaw,
        AudioCodec.G711Alaw => G711Alaw,
        _ => throw new ArgumentOutOfRangeException(nameof(codec), codec, "unknown audio codec"),
    };

    public static bool TryParse(ReadOnlySpan<char> wireName, out AudioCodec codec)
    {
        // Wire names are case-sensitive lower case, as in the SDK; anything else is a client error.
        switch (wireName)
        {
            case Opus: codec = AudioCodec.Opus; return true;
            case Pcm16: codec = AudioCodec.Pcm16; return true;
            case G711Ulaw: codec = AudioCodec.G711Ulaw; return true;
            case G711Alaw: codec = AudioCodec.G711Alaw; return true;
            default: codec = default; return false;
        }
    }

    public static AudioCodec Parse(string wireName) =>
        TryParse(wireName, out var codec)
            ? codec
            : throw new FormatException($"unknown audio codec '{wireName}'; expected one of opus, pcm16, g711_ulaw, g711_alaw");
}
