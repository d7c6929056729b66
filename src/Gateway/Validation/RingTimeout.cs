namespace ClutchCall.Gateway.Validation;

/// <summary>ringTimeoutSec is clamped, not rejected: 5..120, default 30 (as the SDK reference says).</summary>
public static class RingTimeout
{
    public const int Min = 5;
    public const int Max = 120;
    public const int Default = 30;

    public static int Clamp(int? requested) => requested is { } value ? Math.Clamp(value, Min, Max) : Default;
}
