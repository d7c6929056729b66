using System.Text.Json.Serialization;

namespace ClutchCall.Grains.Interfaces;

/// <summary>What a trunk reports about the far end of an outbound leg.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<TrunkSignal>))]
public enum TrunkSignal
{
    /// <summary>180 Ringing.</summary>
    Ringing,

    /// <summary>200 OK: the callee picked up.</summary>
    Answered,

    /// <summary>486 Busy Here.</summary>
    Busy,

    /// <summary>A trunk or carrier failure (5xx).</summary>
    Failed,

    /// <summary>BYE from the callee after answering.</summary>
    RemoteHangup,
}
