namespace ClutchCall.Media.Jitter;

/// <summary>
/// RFC 3550 section 6.4.1 interarrival jitter: D = (Rj - Ri) - (Sj - Si) and J += (|D| - J) / 16, in milliseconds.
/// The RTP timestamp difference uses wrapping 32-bit arithmetic, so the estimate survives timestamp roll-over.
/// </summary>
internal sealed class JitterEstimator(int clockRate)
{
    private bool _havePrevious;
    private uint _previousTimestamp;
    private long _previousArrivalMs;

    public double JitterMs { get; private set; }

    public void Observe(uint timestamp, long arrivalMs)
    {
        if (_havePrevious)
        {
            double sentMs = unchecked((int)(timestamp - _previousTimestamp)) * 1000.0 / clockRate;
            double d = Math.Abs(arrivalMs - _previousArrivalMs - sentMs);
            JitterMs += (d - JitterMs) / 16;
        }

        _previousTimestamp = timestamp;
        _previousArrivalMs = arrivalMs;
        _havePrevious = true;
    }

    /// <summary>Forgets the previous packet (a new stream), keeping the estimate learned so far.</summary>
    public void Restart() => _havePrevious = false;
}
