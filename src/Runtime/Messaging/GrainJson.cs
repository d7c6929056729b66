using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace ClutchCall.Runtime.Messaging;

/// <summary>How arguments, results and state cross process boundaries: JSON with web defaults, enums as strings.</summary>
internal static class GrainJson
{
    public static readonly JsonSerializerOptions Options = CreateOptions();

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower));
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }

    public static byte[] SerializeArguments(object?[]? args, Type[] parameterTypes)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            for (var i = 0; i < parameterTypes.Length; i++)
            {
                JsonSerializer.Serialize(writer, args![i], parameterTypes[i], Options);
            }
            writer.WriteEndArray();
        }
        return buffer.WrittenSpan.ToArray();
    }

    /// <exception cref="JsonException">The arguments do not match the parameters.</exception>
    public static object?[] DeserializeArguments(ReadOnlySpan<byte> json, Type[] parameterTypes)
    {
        var reader = new Utf8JsonReader(json);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartArray)
        {
            throw new JsonException("Arguments must be a JSON array.");
        }
        var args = new object?[parameterTypes.Length];
        for (var i = 0; i < parameterTypes.Length; i++)
        {
            if (!reader.Read() || reader.TokenType == JsonTokenType.EndArray)
            {
                throw new JsonException($"Expected {parameterTypes.Length} arguments, got {i}.");
            }
            args[i] = JsonSerializer.Deserialize(ref reader, parameterTypes[i], Options);
        }
        if (!reader.Read() || reader.TokenType != JsonTokenType.EndArray)
        {
            throw new JsonException($"Expected {parameterTypes.Length} arguments, got more.");
        }
        return args;
    }
}
