namespace ClutchCall.Sip.Rtp;

/// <summary>Per-source reception statistics of RFC 3550 appendix A.1, A.3 and A.8 (loss and interarrival jitter).</summary>
public sealed class RtpReceiverStatistics
{
    private bool _started;
    private ushort _maxSeq;
    private uint _cycles, _baseSeq, _received, _expectedPrior, _receivedPrior;
    private long _lastTransit;
    private double _jitter;

    public uint Ssrc { get; private set; }
    public uint PacketsReceived => _received;
    public uint ExtendedHighestSequence => _cycles + _maxSeq;
    public uint Expected => _started ? ExtendedHighestSequence - _baseSeq + 1 : 0;
    public int CumulativeLost => (int)((long)Expected - _received);
    public double JitterTimestampUnits => _jitter;

    /// <param name="arrival">Arrival time in RTP timestamp units of the same clock as <paramref name="timestamp"/>.</param>
    public void OnPacket(uint ssrc, ushort seq, uint timestamp, long arrival)
    {
        if (!_started || ssrc != Ssrc)
        {
            _started = true;
            Ssrc = ssrc;
            _maxSeq = seq;
            _baseSeq = seq;
            _cycles = 0;
            _received = 0;
            _expectedPrior = _receivedPrior = 0;
            _jitter = 0;
            _lastTransit = arrival - timestamp;
        }
        else
        {
            var delta = (ushort)(seq - _maxSeq);
            if (delta < 0x8000 && delta != 0)
            {
                if (seq < _maxSeq) _cycles += 0x10000;
                _maxSeq = seq;
            }
            var transit = arrival - timestamp;
            var d = Math.Abs(transit - _lastTransit);
            _lastTransit = transit;
            _jitter += (d - _jitter) / 16.0;
        }
        _received++;
    }

    /// <summary>A report block for an RR/SR; the fraction lost covers the interval since the previous call.</summary>
    public RtcpReportBlock CreateReportBlock(uint lastSr, uint delaySinceLastSr)
    {
        var expectedInterval = Expected - _expectedPrior;
        var receivedInterval = _received - _receivedPrior;
        _expectedPrior = Expected;
        _receivedPrior = _received;
        var lostInterval = (long)expectedInterval - receivedInterval;
        var fraction = expectedInterval == 0 || lostInterval <= 0 ? (byte)0 : (byte)Math.Min(255, (lostInterval << 8) / expectedInterval);
        return new RtcpReportBlock(Ssrc, fraction, CumulativeLost, ExtendedHighestSequence, (uint)_jitter, lastSr, delaySinceLastSr);
    }
}
