namespace ClutchCall.Runtime.Storage.InMemory;

internal sealed partial class InMemoryClusterStore
{
    private const int StreamMaxLength = 10_000;
    private readonly Dictionary<string, EventStream> _streams = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SortedDictionary<string, double>> _indexes = new(StringComparer.Ordinal);

    private sealed class EventStream
    {
        public readonly List<(long Ms, long Seq, StoredEvent Event)> Entries = [];
        public TaskCompletionSource Changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private EventStream Stream(string name)
    {
        if (!_streams.TryGetValue(name, out var s))
        {
            _streams[name] = s = new EventStream();
        }
        return s;
    }

    // Ids follow Redis stream ids ("ms-seq"), strictly increasing even if the wall clock steps back.
    private void AppendEvent(string streamName, string type, string data)
    {
        var stream = Stream(streamName);
        var ms = time.GetUtcNow().ToUnixTimeMilliseconds();
        long seq = 0;
        if (stream.Entries.Count > 0)
        {
            var last = stream.Entries[^1];
            if (ms <= last.Ms)
            {
                ms = last.Ms;
                seq = last.Seq + 1;
            }
        }
        stream.Entries.Add((ms, seq, new StoredEvent($"{ms}-{seq}", type, data)));
        if (stream.Entries.Count > StreamMaxLength)
        {
            stream.Entries.RemoveRange(0, stream.Entries.Count - StreamMaxLength);
        }
        var changed = stream.Changed;
        stream.Changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        changed.TrySetResult();
    }

    private static (long Ms, long Seq) ParseId(string id)
    {
        var dash = id.IndexOf('-');
        return dash < 0 ? (long.Parse(id), long.MaxValue) : (long.Parse(id[..dash]), long.Parse(id[(dash + 1)..]));
    }

    private static bool IsAfter((long Ms, long Seq, StoredEvent) entry, (long Ms, long Seq)? after) =>
        after is not { } a || entry.Ms > a.Ms || (entry.Ms == a.Ms && entry.Seq > a.Seq);

    public Task<IReadOnlyList<StoredEvent>> ReadAsync(string stream, string? afterId, int maxCount, CancellationToken ct)
    {
        lock (_gate)
        {
            Expire();
            if (!_streams.TryGetValue(stream, out var s))
            {
                return Task.FromResult<IReadOnlyList<StoredEvent>>([]);
            }
            (long, long)? after = string.IsNullOrEmpty(afterId) ? null : ParseId(afterId);
            return Task.FromResult<IReadOnlyList<StoredEvent>>(
                s.Entries.Where(e => IsAfter(e, after)).Take(maxCount).Select(e => e.Event).ToArray());
        }
    }

    public async Task WaitForEventsAsync(string stream, string? afterId, TimeSpan maxWait, CancellationToken ct)
    {
        Task changed;
        lock (_gate)
        {
            Expire();
            var s = Stream(stream);
            (long, long)? after = string.IsNullOrEmpty(afterId) ? null : ParseId(afterId);
            if (s.Entries.Count > 0 && IsAfter(s.Entries[^1], after))
            {
                return;
            }
            changed = s.Changed.Task;
        }
        try
        {
            await changed.WaitAsync(maxWait, time, ct);
        }
        catch (TimeoutException)
        {
        }
    }

    private void UpdateIndex(IndexEntry entry)
    {
        if (!_indexes.TryGetValue(entry.Index, out var index))
        {
            _indexes[entry.Index] = index = new SortedDictionary<string, double>(StringComparer.Ordinal);
        }
        if (entry.Remove)
        {
            index.Remove(entry.Member);
        }
        else
        {
            index[entry.Member] = entry.Score;
        }
    }

    public Task<IReadOnlyList<IndexMember>> RangeByScoreDescendingAsync(string index, double maxScoreExclusive, int limit, CancellationToken ct)
    {
        lock (_gate)
        {
            Expire();
            if (!_indexes.TryGetValue(index, out var members))
            {
                return Task.FromResult<IReadOnlyList<IndexMember>>([]);
            }
            // Redis orders equal scores by member, descending in a reverse range.
            return Task.FromResult<IReadOnlyList<IndexMember>>(members
                .Where(m => m.Value < maxScoreExclusive)
                .OrderByDescending(m => m.Value).ThenByDescending(m => m.Key, StringComparer.Ordinal)
                .Take(limit)
                .Select(m => new IndexMember(m.Key, m.Value))
                .ToArray());
        }
    }
}
