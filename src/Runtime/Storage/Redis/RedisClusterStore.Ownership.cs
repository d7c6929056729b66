using StackExchange.Redis;

namespace ClutchCall.Runtime.Storage.Redis;

internal sealed partial class RedisClusterStore
{
    /// <summary>Events kept per stream (approximate trim).</summary>
    private const int StreamMaxLength = 10_000;

    public async Task<ClaimResult> ClaimAsync(GrainId grain, string siloId)
    {
        var r = (RedisResult[])(await Run("claim", _p, grain.ToString(), siloId))!;
        return (int)r[0] switch
        {
            1 => new ClaimResult(ClaimOutcome.Won, (long)r[1], siloId,
                new StoredState((long)r[2], (string?)r[3] is { Length: > 0 } data ? data : null)),
            0 => new ClaimResult(ClaimOutcome.OwnedElsewhere, (long)r[1], (string?)r[2]),
            _ => new ClaimResult(ClaimOutcome.ClaimerNotActive, 0, null),
        };
    }

    public async Task<OwnerRecord?> LookupAsync(GrainId grain)
    {
        var values = await _db.HashGetAsync(Key("own", grain.ToString()), ["owner", "epoch"]);
        if (values[0].IsNullOrEmpty)
        {
            return null;
        }
        return new OwnerRecord(values[0]!, (long)values[1]);
    }

    public async Task<bool> ReleaseAsync(GrainId grain, string siloId, long epoch, bool handoff) =>
        (int)await Run("release", _p, grain.ToString(), siloId, epoch, handoff ? "1" : "0") == 1;

    public async Task<StoredState> LoadAsync(GrainId grain)
    {
        var values = await _db.HashGetAsync(Key("state", grain.ToString()), ["version", "data"]);
        return values[0].IsNull ? new StoredState(0, null) : new StoredState((long)values[0], values[1]);
    }

    public async Task<WriteResult> WriteAsync(StateWrite write)
    {
        var args = new List<RedisValue>(12 + write.Events.Count * 6 + write.Index.Count * 4)
        {
            _p, write.Grain.ToString(), write.SiloId, write.Epoch, write.ExpectedVersion,
            write.Clear ? "clear" : "set", write.Data ?? "", StreamMaxLength,
        };
        var own = write.Grain.ToString();
        var streams = write.Events.Sum(e => 1 + (e.AlsoAppendTo?.Count ?? 0));
        args.Add(streams);
        foreach (var e in write.Events)
        {
            args.Add(own);
            args.Add(e.Type);
            args.Add(e.Data);
            foreach (var other in e.AlsoAppendTo ?? [])
            {
                args.Add(other);
                args.Add(e.Type);
                args.Add(e.Data);
            }
        }
        args.Add(write.Index.Count);
        foreach (var i in write.Index)
        {
            args.Add(i.Index);
            args.Add(i.Member);
            args.Add(i.Score);
            args.Add(i.Remove ? "1" : "0");
        }
        var r = (RedisResult[])(await _scripts.RunAsync(_db, "write", args.ToArray()))!;
        return (int)r[0] switch
        {
            1 => new WriteResult(WriteOutcome.Written, (long)r[1]),
            -2 => new WriteResult(WriteOutcome.VersionConflict, (long)r[1]),
            _ => new WriteResult(WriteOutcome.Fenced, 0),
        };
    }

    public async Task<bool> SetRetentionAsync(GrainId grain, string siloId, long epoch, TimeSpan ttl) =>
        (int)await Run("retain", _p, grain.ToString(), siloId, epoch, (long)ttl.TotalMilliseconds) == 1;

    public async Task<IReadOnlyList<GrainId>> ReadOrphansAsync() =>
        (await _db.SetMembersAsync($"{_p}:orphans")).Select(v => GrainId.Parse(v!)).ToArray();

    public async Task<IReadOnlyList<GrainId>> ReadOwnedAsync(string siloId) =>
        (await _db.SetMembersAsync(Key("grains", siloId))).Select(v => GrainId.Parse(v!)).ToArray();
}
