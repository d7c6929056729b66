using System.Text.Json.Serialization;

namespace ClutchCall.Grains.Interfaces;

[JsonConverter(typeof(JsonStringEnumConverter<InboundCommand>))]
public enum InboundCommand
{
    [JsonStringEnumMemberName("answer")] Answer,
    [JsonStringEnumMemberName("connect")] Connect,
    [JsonStringEnumMemberName("whisper")] Whisper,
    [JsonStringEnumMemberName("barge")] Barge,
    [JsonStringEnumMemberName("spy")] Spy,
    [JsonStringEnumMemberName("close")] Close,
    [JsonStringEnumMemberName("disconnect")] Disconnect,
}

public static class InboundCommandNames
{
    public static bool TryParse(string? value, out InboundCommand command)
    {
        command = value switch
        {
            "answer" => InboundCommand.Answer,
            "connect" => InboundCommand.Connect,
            "whisper" => InboundCommand.Whisper,
            "barge" => InboundCommand.Barge,
            "spy" => InboundCommand.Spy,
            "close" => InboundCommand.Close,
            "disconnect" => InboundCommand.Disconnect,
            _ => (InboundCommand)(-1),
        };
        return (int)command >= 0;
    }

    /// <summary>Default of connect(ringTimeSeconds).</summary>
    public const int DefaultConnectRingTimeSeconds = 60;
}
