using System.Text.Json.Serialization;

namespace ClutchCall.Grains.Interfaces;

/// <summary>Lifecycle of a call as the SDKs see it. Wire names are snake_case, as in the TypeScript SDK.</summary>
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

public static class CallStatusExtensions
{
    public static bool IsTerminal(this CallStatus status) =>
        status is CallStatus.Completed or CallStatus.Failed or CallStatus.NoAnswer;

    /// <summary>The wire name ("in_progress"), for query strings and logs.</summary>
    public static string ToWire(this CallStatus status) => status switch
    {
        CallStatus.Dialing => "dialing",
        CallStatus.Ringing => "ringing",
        CallStatus.InProgress => "in_progress",
        CallStatus.Completed => "completed",
        CallStatus.Failed => "failed",
        CallStatus.NoAnswer => "no_answer",
        _ => throw new ArgumentOutOfRangeException(nameof(status)),
    };

    public static bool TryParseWire(string? value, out CallStatus status)
    {
        foreach (var candidate in Enum.GetValues<CallStatus>())
        {
            if (string.Equals(candidate.ToWire(), value, StringComparison.Ordinal))
            {
                status = candidate;
                return true;
            }
        }
        status = default;
        return false;
    }
}
