using System.Text.Json;
using System.Text.Json.Serialization;

namespace ClutchCall.Agents.Local;

/// <summary>
/// Operator-defined scripts as JSON (camelCase: <c>name</c>, <c>greeting</c>, <c>startStep</c>, <c>steps[].choices[]</c>
/// with <c>keywords</c>, <c>reply</c>, <c>next</c>, <c>capture</c>, <c>phrases</c>). Source-generated, so AOT-safe.
/// </summary>
public static class IvrScriptJson
{
    /// <summary>Parses and validates; malformed JSON or an invalid script throws <see cref="ArgumentException"/> naming the problem.</summary>
    public static IvrScript Parse(string json)
    {
        IvrScript? script;
        try
        {
            script = JsonSerializer.Deserialize(json, IvrScriptJsonContext.Default.IvrScript);
        }
        catch (JsonException e)
        {
            throw new ArgumentException($"IVR script JSON is malformed: {e.Message}", nameof(json), e);
        }

        if (script is null || script.Steps is null || script.Steps.Any(s => s?.Choices is null || s.Choices.Any(c => c?.Keywords is null)))
        {
            throw new ArgumentException("IVR script JSON lacks steps, choices or keywords", nameof(json));
        }

        script.Validate();
        return script;
    }

    public static string Write(IvrScript script) => JsonSerializer.Serialize(script, IvrScriptJsonContext.Default.IvrScript);
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(IvrScript))]
internal sealed partial class IvrScriptJsonContext : JsonSerializerContext;
