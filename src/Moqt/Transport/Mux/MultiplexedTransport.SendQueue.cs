using System.Buffers;

namespace ClutchCall.Moqt.Transport.Mux;

/// <summary>
/// The send side: one writer at a time on the link. A whole-stream frame (an audio group) is written by the thread
/// that produced it when the link is free; when it is busy the frame waits in a bounded priority queue that the
/// current writer drains before it lets go, so no frame needs a dedicated sending task or a thread hop. A writer
/// steps aside between frames for a waiting control write (control before data, as MoQT prioritizes).
/// </summary>
public sealed partial class MultiplexedTransport : IWholeStreamSender
{
    /// <summary>
    /// Frames waiting behind a busy link; past this a new audio stream is dropped (late audio is useless). About a
    /// second of 20 ms audio for a bridge's one sending track: deadlines usually drop frames well before that.
    /// </summary>
    internal const int MaxQueuedFrames = 64;

    private readonly object _queueGate = new();
    private readonly PriorityQueue<QueuedFrame, (int Priority, long Order)> _queued = new();
    private long _queueOrder;
    private int _queuedCount;
    private int _controlWaiting;
    private long _droppedStale;

    /// <summary>Whole streams dropped because they waited in the send queue past their delivery budget.</summary>
    public long DroppedStaleStreams => Interlocked.Read(ref _droppedStale);

    public bool TrySendWholeUnidirectionalStream(ReadOnlySpan<byte> data, int priority, TimeSpan? budget)
    {
        if (_closed.Task.IsCompleted || Volatile.Read(ref _queuedCount) >= MaxQueuedFrames) return false;
        byte[] frame = ArrayPool<byte>.Shared.Rent(PolyfillFrame.MaxHeaderLength + data.Length);
        long deadline = budget is { } b ? _time.GetUtcNow().UtcTicks + b.Ticks : long.MaxValue;
        lock (_queueGate)
        {
            // Numbered in queue order, so streams of one priority leave in id order (a peer may still see ids out of
            // order across priorities, which QUIC allows and the receive side here accepts).
            long id = StreamId.Create(Interlocked.Increment(ref _nextUni) - 1, unidirectional: true, IsServer);
            int header = PolyfillFrame.WriteStreamHeader(frame, id, fin: true);
            data.CopyTo(frame.AsSpan(header));
            _queued.Enqueue(new QueuedFrame(frame, header + data.Length, deadline), (priority, _queueOrder++));
            _queuedCount++;
        }

        if (_sendLock.Wait(0)) _ = DrainAsync();
        return true;
    }

    private async ValueTask SendFrameAsync(ReadOnlyMemory<byte> frame, CancellationToken cancellationToken, bool urgent = true)
    {
        // An urgent write is counted while it waits, so a draining writer steps aside between frames (control before
        // data). A data-stream write is not: it goes after what is already queued.
        if (!urgent)
        {
            await _sendLock.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                // The lock may have been handed over by a drain that stepped aside for a control write: what is
                // still queued is older than this stream, so it goes first.
                await SendQueuedAsync(yieldToControl: false).ConfigureAwait(false);
                await _link.SendAsync(frame, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                ReleaseSendLock();
            }

            return;
        }

        Interlocked.Increment(ref _controlWaiting);
        bool acquired = false;
        try
        {
            await _sendLock.WaitAsync(cancellationToken).ConfigureAwait(false);
            acquired = true;
        }
        finally
        {
            Interlocked.Decrement(ref _controlWaiting);

            // Cancelled after a drain stepped aside for us: resume it, or the queued frames would wait for the next one.
            if (!acquired && Volatile.Read(ref _queuedCount) != 0 && _sendLock.Wait(0)) _ = DrainAsync();
        }

        try
        {
            await _link.SendAsync(frame, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            ReleaseSendLock();
        }
    }

    /// <summary>Called by the holder of the send lock when it is done: drain what queued meanwhile, or let go.</summary>
    private void ReleaseSendLock()
    {
        if (Volatile.Read(ref _queuedCount) != 0)
        {
            _ = DrainAsync();
            return;
        }

        _sendLock.Release();

        // A frame queued between the check and the release found the lock taken: pick it up.
        if (Volatile.Read(ref _queuedCount) != 0 && _sendLock.Wait(0)) _ = DrainAsync();
    }

    /// <summary>Runs holding the send lock; writes synchronously as long as the link completes synchronously.</summary>
    private async Task DrainAsync()
    {
        while (true)
        {
            await SendQueuedAsync(yieldToControl: true).ConfigureAwait(false);
            _sendLock.Release();

            // A waiting control write takes the lock now; its release resumes the drain.
            if (Volatile.Read(ref _controlWaiting) != 0 || Volatile.Read(ref _queuedCount) == 0 || !_sendLock.Wait(0)) return;
        }
    }

    /// <summary>Holding the send lock: writes queued whole streams until none is left (or a control write waits).</summary>
    private async ValueTask SendQueuedAsync(bool yieldToControl)
    {
        while (!(yieldToControl && Volatile.Read(ref _controlWaiting) != 0) && TryDequeue(out QueuedFrame frame))
        {
            try
            {
                if (frame.Deadline != long.MaxValue && _time.GetUtcNow().UtcTicks > frame.Deadline) Interlocked.Increment(ref _droppedStale);
                else if (!_closed.Task.IsCompleted) await _link.SendAsync(frame.Buffer.AsMemory(0, frame.Length), CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IOException or ObjectDisposedException or System.Net.WebSockets.WebSocketException or OperationCanceledException or InvalidOperationException)
            {
                // The link is going away; the receive loop reports the close. Keep draining to return the buffers.
                LogSendFailed(_logger, ex.Message);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(frame.Buffer);
            }
        }
    }

    private bool TryDequeue(out QueuedFrame frame)
    {
        lock (_queueGate)
        {
            if (!_queued.TryDequeue(out frame, out _)) return false;
            _queuedCount--;
            return true;
        }
    }

    /// <summary>A queued whole stream; <paramref name="Deadline"/> in UTC ticks (the clock the delivery timeout uses).</summary>
    private readonly record struct QueuedFrame(byte[] Buffer, int Length, long Deadline);
}
