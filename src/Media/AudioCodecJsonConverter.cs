using System.Text.Json;
using System.Text.Json.Serialization;

namespace ClutchCall.Media;

/// <summary>Reads and writes <see cref="AudioCodec"/> as its wire name (<c>"g711_ulaw"</c>), never as a number.</summary>
public sealed class AudioCodecJsonConverter : JsonConverter<AudioCodec>
{
    public override AudioCodec Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            throw new JsonException($"audio codec must be a string (opus, pcm16, g711_ulaw, g711_alaw), got {reader.TokenType}");
        }

        string? name = reader.GetString();
        return name is not null && AudioCodecNames.TryParse(name, out var codec)
            ? codec
            : throw new JsonException($"unknown audio codec '{name}'; expected one of opus, pcm16, g711_ulaw, g711_alaw");
    }

    public override void Write(Utf8JsonWriter writer, AudioCodec value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.ToWireName());
}
