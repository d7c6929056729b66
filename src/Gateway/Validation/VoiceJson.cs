using System.Text.Json;

namespace ClutchCall.Gateway.Validation;

/// <summary>
/// The API's JSON: camelCase, case-insensitive reads, nulls omitted on output. Responses are application/json,
/// never embedded in HTML, so characters such as '+' in E.164 numbers are written as they are.
/// </summary>
public static class VoiceJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}
