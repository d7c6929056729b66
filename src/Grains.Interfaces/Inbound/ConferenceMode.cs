using System.Text.Json.Serialization;

namespace ClutchCall.Grains.Interfaces;

/// <summary>Who hears the agent once the call is a conference. Barge is the default after connect.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ConferenceMode>))]
public enum ConferenceMode
{
    /// <summary>Caller and callee both hear the agent.</summary>
    [JsonStringEnumMemberName("barge")] Barge,

    /// <summary>Only the callee hears the agent.</summary>
    [JsonStringEnumMemberName("whisper")] Whisper,

    /// <summary>Nobody hears the agent; it still receives audio.</summary>
    [JsonStringEnumMemberName("spy")] Spy,
}
