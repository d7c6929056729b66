using ClutchCall.Media.Diagnostics;

namespace ClutchCall.Media.Jitter;

/// <summary>
/// Adaptive jitter buffer for RTP-style packets: reorders by sequence number (16-bit, wrapping), drops duplicates
/// and late packets, signals loss for concealment, and keeps the playout delay between configured bounds while the
/// target follows the measured jitter (RFC 3550 estimator). Pure logic: the caller passes the clock on every call
/// (<c>nowMs</c>, monotonic) and calls <see cref="Pop"/> once per frame interval. Single-threaded and allocation-free
/// after construction.
/// </summary>
public sealed class JitterBuffer
{
    private const int StretchCooldownPops = 2;
    private const int ShrinkCooldownPops = 10;

    private readonly JitterBufferOptions _options;
    private readonly MediaMetrics? _metrics;
    private readonly int _capacity;
    private readonly long[] _slotSeq;
    private readonly uint[] _slotTimestamp;
    private readonly int[] _slotLength;
    private readonly long[] _slotArrivalMs;
    private readonly byte[] _payloads;

    private bool _haveAny;
    private long _highest;
    private int _count;
    private bool _started;
    private long _next;
    private long _lastPlayed = long.MinValue;
    private long _bufferingSinceMs;
    private int _underrunPops;
    private int _cooldown;
    private bool _arrivedSincePop;
    private ushort? _farCandidate;

    private readonly JitterEstimator _estimator;
    private double _lateBoostMs;
    private int _targetMs;

    private long _received, _played, _lost, _late, _duplicates, _discarded, _concealed, _resyncs;

    public JitterBuffer(JitterBufferOptions? options = null, MediaMetrics? metrics = null)
    {
        _options = options ?? JitterBufferOptions.Default;
        _metrics = metrics;
        _options.Validate();
        _capacity = _options.CapacityFrames;
        _slotSeq = new long[_capacity];
        Array.Fill(_slotSeq, long.MinValue);
        _slotTimestamp = new uint[_capacity];
        _slotLength = new int[_capacity];
        _slotArrivalMs = new long[_capacity];
        _payloads = new byte[_capacity * _options.MaxPayloadBytes];
        _targetMs = _options.InitialDelayMs;
        _estimator = new JitterEstimator(_options.ClockRate);
    }

    public JitterBufferOptions Options => _options;

    /// <summary>Audio held from the playout point to the newest packet, in ms (0 while empty).</summary>
    public int DepthMs => _count == 0 ? 0 : (int)(_highest - PlayoutStart + 1) * _options.FrameMs;

    public int TargetDelayMs => _targetMs;

    public JitterBufferStats Stats => new(_received, _played, _lost, _late, _duplicates, _discarded, _concealed, _resyncs, DepthMs, _targetMs, _estimator.JitterMs);

    private long PlayoutStart => _started ? _next : LowestBuffered();

    /// <summary>Offers one received packet at local time <paramref name="nowMs"/>.</summary>
    public JitterPacketResult Push(ushort sequenceNumber, uint timestamp, ReadOnlySpan<byte> payload, long nowMs)
    {
        if (payload.Length > _options.MaxPayloadBytes)
        {
            return JitterPacketResult.TooLarge;
        }

        _received++;
        var result = JitterPacketResult.Accepted;
        long seq = Extend(sequenceNumber);
        long reference = _started ? _next : (_haveAny ? _highest : seq);
        if (_haveAny && Math.Abs(seq - reference) > _options.ResyncThresholdPackets)
        {
            // One far-off packet is a straggler (or garbage); two in a row mean the sender restarted its sequence.
            bool restart = _farCandidate is { } previous && (ushort)(previous + 1) == sequenceNumber;
            _farCandidate = sequenceNumber;
            if (!restart)
            {
                return JitterPacketResult.OutOfWindow;
            }

            Resync(sequenceNumber);
            seq = sequenceNumber;
            result = JitterPacketResult.Resynced;
        }

        _farCandidate = null;

        if (seq <= _lastPlayed || (_started && seq < _next) || (_haveAny && seq <= _highest - _capacity))
        {
            bool alreadyPlayed = seq == _lastPlayed;
            if (alreadyPlayed)
            {
                _duplicates++;
                _metrics?.JitterDuplicates.Add(1);
                return JitterPacketResult.Duplicate;
            }

            _late++;
            _metrics?.JitterLate.Add(1);
            // A late packet means the buffer is shallower than the network needs: raise the floor of the target.
            _lateBoostMs = Math.Min(_lateBoostMs + _options.FrameMs, _options.MaxDelayMs);
            UpdateTarget();
            return JitterPacketResult.Late;
        }

        int slot = SlotOf(seq);
        if (_slotSeq[slot] == seq)
        {
            _duplicates++;
            _metrics?.JitterDuplicates.Add(1);
            return JitterPacketResult.Duplicate;
        }

        MakeRoomFor(seq);
        if (_count == 0 && !_started)
        {
            _bufferingSinceMs = nowMs;
        }

        Store(slot, seq, timestamp, payload, nowMs);
        _estimator.Observe(timestamp, nowMs);
        UpdateTarget();
        _arrivedSincePop = true;
        return result;
    }

    /// <summary>Decides what to play for the frame slot starting at <paramref name="nowMs"/>; copies a frame's payload to <paramref name="destination"/>.</summary>
    public JitterFrame Pop(long nowMs, Span<byte> destination)
    {
        bool arrived = _arrivedSincePop;
        _arrivedSincePop = false;
        // The late-packet boost holds for a while (one frame of boost per 100 frames, 2 s at 20 ms) so a
        // periodic spike does not make the target saw-tooth.
        _lateBoostMs = Math.Max(0, _lateBoostMs - (_options.FrameMs / 100.0));
        UpdateTarget();
        if (_cooldown > 0)
        {
            _cooldown--;
        }

        if (!_started)
        {
            if (_count == 0 || (nowMs - _bufferingSinceMs < _targetMs && DepthMs < _targetMs))
            {
                return new JitterFrame(JitterFrameKind.Empty, 0, 0, 0);
            }

            _started = true;
            _next = LowestBuffered();
            _metrics?.JitterTargetDelay.Record(_targetMs);
            _underrunPops = 0;
        }

        if (_count == 0)
        {
            return Underrun();
        }

        _underrunPops = 0;
        int depthFrames = (int)(_highest - _next + 1);
        int targetFrames = _targetMs / _options.FrameMs;
        if (arrived && _cooldown == 0 && depthFrames < targetFrames - 1 && StretchKeepsDelayBound(nowMs))
        {
            // Growing toward a larger target: play a concealed frame without consuming one.
            _cooldown = StretchCooldownPops;
            _concealed++;
            return new JitterFrame(JitterFrameKind.Conceal, _next, 0, 0);
        }

        if (_cooldown == 0 && depthFrames > targetFrames + 2 && Has(_next))
        {
            // Well above target: drop one frame to bring latency down, spaced out to stay inaudible.
            _cooldown = ShrinkCooldownPops;
            Discard(_next);
            _next++;
        }

        return PlayNext(destination);
    }

    /// <summary>
    /// Copies a still-buffered packet without playing it. On <see cref="JitterFrameKind.Lost"/>, peeking at
    /// <c>SequenceNumber + 1</c> gives the packet whose in-band FEC can rebuild the lost one.
    /// </summary>
    public bool TryPeek(long sequenceNumber, Span<byte> destination, out int length)
    {
        int slot = SlotOf(sequenceNumber);
        if (_slotSeq[slot] != sequenceNumber)
        {
            length = 0;
            return false;
        }

        length = _slotLength[slot];
        _payloads.AsSpan(slot * _options.MaxPayloadBytes, length).CopyTo(destination);
        return true;
    }

    private JitterFrame PlayNext(Span<byte> destination)
    {
        long seq = _next++;
        int slot = SlotOf(seq);
        if (_slotSeq[slot] != seq)
        {
            _lost++;
            _metrics?.JitterLost.Add(1);
            return new JitterFrame(JitterFrameKind.Lost, seq, 0, 0);
        }

        int length = _slotLength[slot];
        _payloads.AsSpan(slot * _options.MaxPayloadBytes, length).CopyTo(destination);
        _slotSeq[slot] = long.MinValue;
        _count--;
        _played++;
        _lastPlayed = seq;
        return new JitterFrame(JitterFrameKind.Frame, seq, _slotTimestamp[slot], length);
    }

    /// <summary>
    /// A stretch delays every buffered frame by one more frame; refuse it if any of them would then play more than
    /// MaxDelay after it arrived (the frame at distance d plays d + 1 pops from now).
    /// </summary>
    private bool StretchKeepsDelayBound(long nowMs)
    {
        for (int slot = 0; slot < _capacity; slot++)
        {
            long seq = _slotSeq[slot];
            if (seq != long.MinValue && nowMs + ((seq - _next + 1) * _options.FrameMs) - _slotArrivalMs[slot] > _options.MaxDelayMs)
            {
                return false;
            }
        }

        return true;
    }

    private JitterFrame Underrun()
    {
        _concealed++;
        // A long silence is a pause in the stream (DTX, hold), not loss: start buffering afresh when packets return.
        if (++_underrunPops * _options.FrameMs > _options.MaxDelayMs)
        {
            _started = false;
        }

        return new JitterFrame(JitterFrameKind.Conceal, _next, 0, 0);
    }

    private void MakeRoomFor(long seq)
    {
        // Holding more than MaxDelay of audio is never allowed: advance the playout point past the oldest packets.
        long start = PlayoutStart;
        if (_count == 0 && !_started)
        {
            return;
        }

        long newStart = seq - _capacity + 1;
        if (newStart <= start)
        {
            return;
        }

        for (long s = start; s < newStart; s++)
        {
            if (Has(s))
            {
                Discard(s);
            }
            else if (_started)
            {
                _lost++;
                _metrics?.JitterLost.Add(1);
            }
        }

        if (_started)
        {
            _next = newStart;
        }
    }

    private void Store(int slot, long seq, uint timestamp, ReadOnlySpan<byte> payload, long nowMs)
    {
        _slotArrivalMs[slot] = nowMs;
        payload.CopyTo(_payloads.AsSpan(slot * _options.MaxPayloadBytes));
        _slotSeq[slot] = seq;
        _slotTimestamp[slot] = timestamp;
        _slotLength[slot] = payload.Length;
        _count++;
        if (!_haveAny || seq > _highest)
        {
            _highest = seq;
            _haveAny = true;
        }
    }

    private void Discard(long seq)
    {
        _slotSeq[SlotOf(seq)] = long.MinValue;
        _count--;
        _discarded++;
        _metrics?.JitterDiscarded.Add(1);
        if (seq > _lastPlayed)
        {
            _lastPlayed = seq; // never play anything at or before a discarded frame later on
        }
    }

    private void Resync(ushort sequenceNumber)
    {
        Array.Fill(_slotSeq, long.MinValue);
        _count = 0;
        _started = false;
        _haveAny = false;
        _estimator.Restart();
        _lastPlayed = long.MinValue;
        _highest = sequenceNumber;
        _resyncs++;
    }

    private void UpdateTarget()
    {
        int frame = _options.FrameMs;
        int wanted = frame + (int)Math.Ceiling((3 * _estimator.JitterMs) + _lateBoostMs);
        wanted = (wanted + frame - 1) / frame * frame;
        _targetMs = Math.Clamp(wanted, _options.MinDelayMs, _options.MaxDelayMs);
    }

    private long Extend(ushort sequenceNumber)
    {
        if (!_haveAny)
        {
            return sequenceNumber;
        }

        // Nearest extended number to the newest one seen: handles the 65535 -> 0 wrap in both directions.
        short delta = (short)(sequenceNumber - (ushort)_highest);
        return _highest + delta;
    }

    private bool Has(long seq) => _slotSeq[SlotOf(seq)] == seq;

    private int SlotOf(long seq) => (int)(((seq % _capacity) + _capacity) % _capacity);

    private long LowestBuffered()
    {
        long lowest = long.MaxValue;
        foreach (long seq in _slotSeq)
        {
            if (seq != long.MinValue && seq < lowest)
            {
                lowest = seq;
            }
        }

        return lowest == long.MaxValue ? _highest : lowest;
    }
}
