namespace ClutchCall.Runtime;

/// <summary>A grain method threw. ErrorType is the full name of the exception type thrown in the grain.</summary>
public class GrainCallException(string errorType, string message) : Exception(message)
{
    public string ErrorType { get; } = errorType;
}

/// <summary>No live owner answered within the response timeout.</summary>
/// <param name="maybeDelivered">True when the connection broke after the request was sent: the grain may have run it.</param>
public sealed class GrainUnavailableException(GrainId grain, string reason, bool maybeDelivered)
    : Exception($"Grain {grain} is unavailable: {reason}")
{
    public GrainId Grain { get; } = grain;
    public bool MaybeDelivered { get; } = maybeDelivered;
}

/// <summary>This activation no longer owns its grain: another silo claimed it with a higher epoch, or this silo was declared dead.</summary>
public sealed class GrainFencedException(GrainId grain, long epoch)
    : Exception($"Activation of {grain} at epoch {epoch} lost ownership; the write was rejected.")
{
    public GrainId Grain { get; } = grain;
    public long Epoch { get; } = epoch;
}

/// <summary>An optimistic-concurrency conflict: the stored version moved under this activation.</summary>
public sealed class GrainVersionConflictException(GrainId grain, long expected, long actual)
    : Exception($"State of {grain} is at version {actual}, the activation expected {expected}.")
{
    public GrainId Grain { get; } = grain;
}
