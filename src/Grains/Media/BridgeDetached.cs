using ClutchCall.Media;

namespace ClutchCall.Grains.Media;

/// <summary>A bridge that left the call: the grain appends a call.bridge "detached" event for it.</summary>
public sealed record BridgeDetached(BridgeRole Role, AudioFormat Format, string Reason, DateTimeOffset At);
