using System.Text.Json.Serialization;

namespace ClutchCall.Sdk;

/// <summary>dialing | ringing | in_progress | completed | failed | no_answer.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<CallStatus>))]
public enum CallStatus
{
    [JsonStringEnumMemberName("dialing")] Dialing,
    [JsonStringEnumMemberName("ringing")] Ringing,
    [JsonStringEnumMemberName("in_progress")] InProgress,
    [JsonStringEnumMemberName("completed")] Completed,
    [JsonStringEnumMemberName("failed")] Failed,
    [JsonStringEnumMemberName("no_answer")] NoAnswer,
}

/// <summary>Flow state of an inbound call.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<InboundState>))]
public enum InboundState
{
    [JsonStringEnumMemberName("pending")] Pending,
    [JsonStringEnumMemberName("answered")] Answered,
    [JsonStringEnumMemberName("connected")] Connected,
    [JsonStringEnumMemberName("disconnected")] Disconnected,
}

/// <summary>Who hears the agent in a conference.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ConferenceMode>))]
public enum ConferenceMode
{
    [JsonStringEnumMemberName("barge")] Barge,
    [JsonStringEnumMemberName("whisper")] Whisper,
    [JsonStringEnumMemberName("spy")] Spy,
}

public static class CallStatusExtensions
{
    public static bool IsTerminal(this CallStatus status) => status is CallStatus.Completed or CallStatus.Failed or CallStatus.NoAnswer;

    internal static string ToWire(this CallStatus status) => status switch
    {
        CallStatus.InProgress => "in_progress",
        CallStatus.NoAnswer => "no_answer",
        _ => status.ToString().ToLowerInvariant(),
    };
}
