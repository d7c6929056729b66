using System.Text.Json;
using System.Text.Json.Serialization;

namespace ClutchCall.Sdk.Http;

internal static class SdkJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };
}
