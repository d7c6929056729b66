namespace ClutchCall.Grains.Media;

/// <summary>
/// Thrown from the channel-open turn to refuse a bridge; the opener sees a GrainCallException whose ErrorType is
/// this type's full name and whose Message is the reason ("call not answered", "call ended", "invalid audio format: ...").
/// </summary>
public sealed class BridgeRefusedException(string reason) : Exception(reason);
