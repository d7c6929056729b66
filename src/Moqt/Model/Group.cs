namespace ClutchCall.Moqt.Model;

/// <summary>
/// A group of frames written by one producer and read by any number of consumers, each at its own pace.
/// Frames are kept until the group is dropped, so a late consumer still reads them all.
/// </summary>
public sealed class Group
{
    private readonly object _gate = new();
    private readonly List<MoqtFrame> _frames = [];
    private TaskCompletionSource? _changed; // created only when a reader has to wait
    private bool _closed;

    public Group(ulong sequence) => Sequence = sequence;

    public ulong Sequence { get; }

    public bool IsClosed
    {
        get
        {
            lock (_gate) return _closed;
        }
    }

    public int Count
    {
        get
        {
            lock (_gate) return _frames.Count;
        }
    }

    /// <summary>Whether the group was abandoned (reset) rather than finished.</summary>
    public bool IsAborted { get; private set; }

    public void Append(MoqtFrame frame)
    {
        TaskCompletionSource? signal;
        lock (_gate)
        {
            if (_closed) throw new InvalidOperationException($"group {Sequence} is closed");
            _frames.Add(frame);
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
            _closed = true;
            IsAborted = aborted;
            signal = _changed;
            _changed = null;
        }

        signal?.TrySetResult();
    }

    /// <summary>The frame at <paramref name="index"/> if it has arrived; <paramref name="ended"/> tells that it never will.</summary>
    public bool TryGetFrame(int index, out MoqtFrame frame, out bool ended)
    {
        lock (_gate)
        {
            if (index < _frames.Count)
            {
                frame = _frames[index];
                ended = false;
                return true;
            }

            frame = default;
            ended = _closed;
            return false;
        }
    }

    /// <summary>Waits for the frame at <paramref name="index"/>; null when the group ended before it.</summary>
    public async ValueTask<MoqtFrame?> ReadFrameAsync(int index, CancellationToken cancellationToken = default)
    {
        while (true)
        {
            Task wait;
            lock (_gate)
            {
                if (index < _frames.Count) return _frames[index];
                if (_closed) return null;
                wait = (_changed ??= NewSignal()).Task;
            }

            await wait.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
