using System.Threading.Channels;

namespace ClutchCall.Moqt.Model;

/// <summary>
/// The writing side of a track: groups go to every current consumer. Consumers hold a bounded queue that drops
/// the oldest group when full, so a slow reader loses stale media instead of growing a backlog.
/// </summary>
public sealed class TrackProducer
{
    private readonly object _gate = new();

    // Copy-on-write: consumers change rarely, frames are offered 50 times a second outside the lock.
    private TrackConsumer[] _consumers = [];
    private ulong _nextSequence;
    private bool _closed;

    public TrackProducer(string name) => Name = name;

    public string Name { get; }

    /// <summary>Publisher priority sent in each group's header (lower goes first; MoQT default 128).</summary>
    public byte Priority { get; init; } = Data.SubgroupHeader.DefaultPriority;

    public bool IsClosed => Volatile.Read(ref _closed);

    public int ConsumerCount
    {
        get
        {
            return Volatile.Read(ref _consumers).Length;
        }
    }

    /// <summary>Raised (outside the lock) whenever a consumer is added.</summary>
    public event Action<TrackConsumer>? ConsumerAdded;

    /// <summary>Adds a consumer that sees groups appended from now on.</summary>
    public TrackConsumer Subscribe(int capacity = 8)
    {
        var consumer = new TrackConsumer(this, capacity);
        lock (_gate)
        {
            if (_closed) consumer.Complete();
            else _consumers = [.. _consumers, consumer];
        }

        ConsumerAdded?.Invoke(consumer);
        return consumer;
    }

    /// <summary>Starts a new group with the next sequence number.</summary>
    public Group AppendGroup()
    {
        lock (_gate) return AppendGroupLocked(_nextSequence);
    }

    /// <summary>Inserts a group with an explicit sequence (e.g. received from the network); older sequences are ignored.</summary>
    public Group? WriteGroup(ulong sequence)
    {
        lock (_gate) return sequence < _nextSequence && _nextSequence != 0 ? null : AppendGroupLocked(sequence);
    }

    /// <summary>
    /// Publishes a group the caller already filled (e.g. decoded from a buffered data stream), so consumers never see
    /// it empty; false when its sequence is older than one already published.
    /// </summary>
    internal bool TryAddGroup(Group group)
    {
        TrackConsumer[] consumers;
        lock (_gate)
        {
            if (group.Sequence < _nextSequence && _nextSequence != 0) return false;
            if (_closed) throw new InvalidOperationException($"track {Name} is closed");
            _nextSequence = group.Sequence + 1;
            consumers = _consumers;
        }

        Offer(consumers, group);
        return true;
    }

    /// <summary>Writes one frame as a whole group (the audio mapping: one group per frame).</summary>
    public Group WriteFrame(MoqtFrame frame)
    {
        // The group is complete before any consumer sees it, so a reader finds the frame and the end at once
        // instead of waiting on the group's signal, and a session can send it from this thread (no hop).
        Group group;
        TrackConsumer[] consumers;
        lock (_gate)
        {
            if (_closed) throw new InvalidOperationException($"track {Name} is closed");
            group = new Group(_nextSequence);
            _nextSequence = group.Sequence + 1;
            consumers = _consumers;
        }

        group.Append(frame);
        group.Close();
        Offer(consumers, group);
        return group;
    }

    public void Close()
    {
        TrackConsumer[] consumers;
        lock (_gate)
        {
            if (_closed) return;
            _closed = true;
            consumers = _consumers;
            _consumers = [];
        }

        foreach (TrackConsumer c in consumers) c.Complete();
    }

    internal void Remove(TrackConsumer consumer)
    {
        lock (_gate) _consumers = Array.FindAll(_consumers, c => c != consumer);
    }

    private static void Offer(TrackConsumer[] consumers, Group group)
    {
        foreach (TrackConsumer c in consumers) c.Offer(group);
    }

    private Group AppendGroupLocked(ulong sequence)
    {
        if (_closed) throw new InvalidOperationException($"track {Name} is closed");
        var group = new Group(sequence);
        _nextSequence = sequence + 1;
        foreach (TrackConsumer c in _consumers) c.Offer(group);
        return group;
    }
}

/// <summary>The reading side of one subscriber to a track.</summary>
public sealed class TrackConsumer : IDisposable
{
    private readonly TrackProducer _producer;
    private readonly Channel<Group> _groups;

    internal TrackConsumer(TrackProducer producer, int capacity)
    {
        _producer = producer;
        _groups = Channel.CreateBounded<Group>(new BoundedChannelOptions(capacity)
        {
            FullMode = BoundedChannelFullMode.DropOldest,
            SingleReader = true,
        });
    }

    public string TrackName => _producer.Name;

    /// <summary>The next group, or null when the track ended.</summary>
    public async ValueTask<Group?> ReadGroupAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            return await _groups.Reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (ChannelClosedException)
        {
            return null;
        }
    }

    /// <summary>Reads frames group after group (for one-frame-per-group tracks this is every frame in order).</summary>
    public async IAsyncEnumerable<MoqtFrame> ReadFramesAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        while (await ReadGroupAsync(cancellationToken).ConfigureAwait(false) is { } group)
        {
            for (int i = 0; ; i++)
            {
                MoqtFrame? frame = await group.ReadFrameAsync(i, cancellationToken).ConfigureAwait(false);
                if (frame is null) break;
                yield return frame.Value;
            }
        }
    }

    /// <summary>
    /// Hands every frame of a group that arrives complete (a one-frame audio group received whole) to
    /// <paramref name="handler"/> on the thread that publishes it, with no queue and no thread hop; groups still being
    /// written keep coming through <see cref="ReadGroupAsync"/>. The handler must be short and must not throw: it runs
    /// on the session's receiving thread.
    /// </summary>
    public void DeliverCompleteGroupsInline(Action<MoqtFrame> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        Inline = group =>
        {
            if (!group.IsClosed) return false;
            for (int i = 0; group.TryGetFrame(i, out MoqtFrame frame, out _); i++) handler(frame);
            return true;
        };
    }

    public Task Completion => _groups.Reader.Completion;

    /// <summary>Groups waiting in this consumer's queue.</summary>
    public int QueuedGroups => _groups.Reader.Count;

    public void Dispose()
    {
        _producer.Remove(this);
        _groups.Writer.TryComplete();
    }

    /// <summary>
    /// Set by a session that can send a complete group from the writer's thread; it returns false for a group it
    /// leaves to <see cref="ReadGroupAsync"/> (one still being written, or of several objects).
    /// </summary>
    internal Func<Group, bool>? Inline { get; set; }

    /// <summary>Puts a group on the queue read by <see cref="ReadGroupAsync"/>, bypassing <see cref="Inline"/>.</summary>
    internal void Enqueue(Group group) => _groups.Writer.TryWrite(group);

    internal void Offer(Group group)
    {
        if (Inline is { } inline && inline(group)) return;
        _groups.Writer.TryWrite(group);
    }

    internal void Complete() => _groups.Writer.TryComplete();
}
