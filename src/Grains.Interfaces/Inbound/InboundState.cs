using System.Text.Json.Serialization;

namespace ClutchCall.Grains.Interfaces;

/// <summary>States of an inbound call under the call-command flows (answer, connect, close, disconnect).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<InboundState>))]
public enum InboundState
{
    [JsonStringEnumMemberName("pending")] Pending,
    [JsonStringEnumMemberName("answered")] Answered,
    [JsonStringEnumMemberName("connected")] Connected,
    [JsonStringEnumMemberName("disconnected")] Disconnected,
}
