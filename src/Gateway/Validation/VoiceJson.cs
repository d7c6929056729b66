using System.Text.Json;

namespace ClutchCall.Gateway.Validation;

/// <summary>The API's JSON: camelCase, case-insensitive reads, nulls omitted on output.</summary>
public static class VoiceJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };
}
