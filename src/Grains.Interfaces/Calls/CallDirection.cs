using System.Text.Json.Serialization;

namespace ClutchCall.Grains.Interfaces;

[JsonConverter(typeof(JsonStringEnumConverter<CallDirection>))]
public enum CallDirection
{
    [JsonStringEnumMemberName("outbound")] Outbound,
    [JsonStringEnumMemberName("inbound")] Inbound,
}
