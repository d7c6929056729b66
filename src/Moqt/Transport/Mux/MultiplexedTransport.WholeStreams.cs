namespace ClutchCall.Moqt.Transport.Mux;

/// <summary>
/// The receive fast path: a new peer unidirectional stream whose first frame is STREAM_FIN is complete on arrival,
/// so the session may decode it straight from the receive buffer (no MuxStream, no Pipe, no accept-queue entry).
/// </summary>
public sealed partial class MultiplexedTransport : IWholeStreamReceiver
{
    /// <summary>Peer unidirectional ids skipped by a higher one that may still arrive; beyond this many, the oldest are given up.</summary>
    private const int MaxSkippedPeerStreams = 1024;

    private readonly HashSet<long> _skippedPeerUni = [];
    private IWholeStreamHandler? _wholeStreamHandler;

    void IWholeStreamReceiver.SetWholeStreamHandler(IWholeStreamHandler handler) => _wholeStreamHandler = handler;

    /// <summary>Runs on the receive loop; true when the handler took the stream (its id is then used up).</summary>
    private bool TryTakeWholeStream(long id, ReadOnlySpan<byte> data)
    {
        if (_wholeStreamHandler is not { } handler || !StreamId.IsUnidirectional(id)) return false;
        if (StreamId.IsServerInitiated(id) == IsServer || _streams.ContainsKey(id)) return false;
        long sequence = StreamId.Sequence(id);
        if (sequence < _nextPeerUni && !_skippedPeerUni.Contains(sequence)) return false; // finished earlier: the ordinary path ignores it
        if (!handler.TryReceiveWholeUnidirectionalStream(data)) return false;
        ClaimPeerUnidirectional(sequence);
        return true;
    }

    /// <summary>
    /// Receive loop only. True for a peer stream not seen before: above every one seen, or below but skipped. As in
    /// QUIC, a higher id opens the lower ones implicitly: a sender may write its streams in another order than it
    /// numbered them (priorities, several writers), so the skipped ids are remembered (up to a bound) rather than
    /// treated as finished.
    /// </summary>
    private bool ClaimPeerUnidirectional(long sequence)
    {
        if (sequence < _nextPeerUni) return _skippedPeerUni.Remove(sequence);
        for (long skipped = _nextPeerUni; skipped < sequence && _skippedPeerUni.Count < MaxSkippedPeerStreams; skipped++) _skippedPeerUni.Add(skipped);
        _nextPeerUni = sequence + 1;
        return true;
    }

    /// <summary>Bidirectional peer streams (control and requests) are taken in order only.</summary>
    private bool ClaimPeerBidirectional(long sequence)
    {
        if (sequence < _nextPeerBidi) return false;
        _nextPeerBidi = sequence + 1;
        return true;
    }
}
