using System.Buffers.Binary;
using System.Diagnostics;

namespace ClutchCall.Bridge.Benchmarks;

/// <summary>Frames carry their send time (Stopwatch ticks) in the first 8 bytes; the receiver records the round trip.</summary>
internal sealed class LatencyRecorder(int capacity)
{
    private readonly double[] _samples = new double[capacity];
    private int _count;
    private long _sent;

    public long Sent => Interlocked.Read(ref _sent);

    public int Received => Math.Min(Volatile.Read(ref _count), _samples.Length);

    public static void Stamp(Span<byte> frame) => BinaryPrimitives.WriteInt64LittleEndian(frame, Stopwatch.GetTimestamp());

    public void CountSent() => Interlocked.Increment(ref _sent);

    public void Record(ReadOnlySpan<byte> frame)
    {
        var micros = Stopwatch.GetElapsedTime(BinaryPrimitives.ReadInt64LittleEndian(frame)).TotalMicroseconds;
        var i = Interlocked.Increment(ref _count) - 1;
        if (i < _samples.Length)
        {
            _samples[i] = micros;
        }
    }

    public (double P50, double P99) Percentiles()
    {
        var n = Received;
        if (n == 0)
        {
            return (double.NaN, double.NaN);
        }
        var sorted = _samples[..n];
        Array.Sort(sorted);
        return (sorted[n / 2], sorted[Math.Min(n - 1, (int)(n * 0.99))]);
    }
}

/// <summary>Where receivers record right now: the warm-up recorder, then the measured one, then nothing.</summary>
internal sealed class RecorderSlot
{
    private volatile LatencyRecorder? _current;

    public LatencyRecorder? Current
    {
        get => _current;
        set => _current = value;
    }
}
