namespace ClutchCall.Moqt.Model;

/// <summary>One media frame (a MoQT object payload) and when it was captured, in microseconds since the Unix epoch (0 = unknown).</summary>
public readonly record struct MoqtFrame(ReadOnlyMemory<byte> Payload, ulong CaptureTimestampMicros = 0)
{
    public bool HasCaptureTimestamp => CaptureTimestampMicros != 0;

    public static ulong ToMicros(DateTimeOffset time) => (ulong)((time.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10);

    public static DateTimeOffset FromMicros(ulong micros) => DateTimeOffset.UnixEpoch.AddTicks((long)micros * 10);
}
