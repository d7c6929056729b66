using StackExchange.Redis;

namespace ClutchCall.Runtime.Storage.Redis;

internal sealed partial class RedisClusterStore
{
    public async Task<IReadOnlyList<StoredEvent>> ReadAsync(string stream, string? afterId, int maxCount, CancellationToken ct)
    {
        // SE.Redis 1.2.6 predates Streams: XRANGE goes through Execute; "(id" is an exclusive start (Redis 6.2+).
        var start = string.IsNullOrEmpty(afterId) ? "-" : "(" + afterId;
        var result = await _db.ExecuteAsync("XRANGE", Key("ev", stream), start, "+", "COUNT", maxCount);
        var entries = (RedisResult[])result!;
        var events = new List<StoredEvent>(entries.Length);
        foreach (var entry in entries)
        {
            var parts = (RedisResult[])entry!;
            var fields = (RedisResult[])parts[1]!;
            string type = "", data = "";
            for (var i = 0; i + 1 < fields.Length; i += 2)
            {
                switch ((string?)fields[i])
                {
                    case "type": type = (string)fields[i + 1]!; break;
                    case "data": data = (string)fields[i + 1]!; break;
                }
            }
            events.Add(new StoredEvent((string)parts[0]!, type, data));
        }
        return events;
    }

    public async Task WaitForEventsAsync(string stream, string? afterId, TimeSpan maxWait, CancellationToken ct)
    {
        // Register before reading, so an event committed between the read and the wait still wakes us.
        using var waiter = _notifications.Register(stream);
        if ((await ReadAsync(stream, afterId, 1, ct)).Count > 0)
        {
            return;
        }
        await waiter.WaitAsync(maxWait, ct);
    }

    public async Task<IReadOnlyList<IndexMember>> RangeByScoreDescendingAsync(string index, double maxScoreExclusive, int limit, CancellationToken ct)
    {
        var entries = await _db.SortedSetRangeByScoreWithScoresAsync(
            Key("idx", index), double.NegativeInfinity, maxScoreExclusive, Exclude.Stop, Order.Descending, 0, limit);
        return entries.Select(e => new IndexMember(e.Element!, e.Score)).ToArray();
    }
}
