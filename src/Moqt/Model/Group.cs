namespace ClutchCall.Moqt.Model;

/// <summary>
/// A group of frames written by one producer and read by any number of consumers, each at its own pace.
/// Frames are kept until the group is dropped, so a late consumer still reads them all.
/// </summary>
/// <remarks>
/// Reads take no lock: an audio group is complete before anyone reads it, and is read on the hot path (relay, serve)
/// 50 times a second per track. Writers publish the frame before the count and the count before the close, so a
/// reader that sees a count (or the close) sees everything before it. Only a reader that has to wait locks.
/// </remarks>
public sealed class Group
{
    private readonly object _gate = new();
    private MoqtFrame[] _frames = new MoqtFrame[1];
    private int _count;
    private volatile bool _closed;
    private TaskCompletionSource? _changed; // created only when a reader has to wait

    public Group(ulong sequence) => Sequence = sequence;

    public ulong Sequence { get; }

    public bool IsClosed => _closed;

    public int Count => Volatile.Read(ref _count);

    /// <summary>Whether the group was abandoned (reset) rather than finished.</summary>
    public bool IsAborted { get; private set; }

    public void Append(MoqtFrame frame)
    {
        TaskCompletionSource? signal;
        lock (_gate)
        {
            if (_closed) throw new InvalidOperationException($"group {Sequence} is closed");
            MoqtFrame[] frames = _frames;
            if (_count == frames.Length)
            {
                Array.Resize(ref frames, frames.Length * 2);
                Volatile.Write(ref _frames, frames);
            }

            frames[_count] = frame;
            Volatile.Write(ref _count, _count + 1);
            signal = _changed;
            _changed = null;
        }

        signal?.TrySetResult();
    }

    public void Close(bool aborted = false)
    {
        TaskCompletionSource? signal;
        lock (_gate)
        {
            if (_closed) return;
            IsAborted = aborted;
            _closed = true;
            signal = _changed;
            _changed = null;
        }

        signal?.TrySetResult();
    }

    /// <summary>The frame at <paramref name="index"/> if it has arrived; <paramref name="ended"/> tells that it never will.</summary>
    public bool TryGetFrame(int index, out MoqtFrame frame, out bool ended)
    {
        bool closed = _closed; // read before the count: once closed, the count is final
        if (index < Volatile.Read(ref _count))
        {
            frame = Volatile.Read(ref _frames)[index];
            ended = false;
            return true;
        }

        frame = default;
        ended = closed;
        return false;
    }

    /// <summary>Waits for the frame at <paramref name="index"/>; null when the group ended before it.</summary>
    public async ValueTask<MoqtFrame?> ReadFrameAsync(int index, CancellationToken cancellationToken = default)
    {
        while (true)
        {
            if (TryGetFrame(index, out MoqtFrame ready, out bool ended)) return ready;
            if (ended) return null;
            Task wait;
            lock (_gate)
            {
                if (index < _count || _closed) continue;
                wait = (_changed ??= NewSignal()).Task;
            }

            await wait.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
