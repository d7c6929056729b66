using StackExchange.Redis;

namespace ClutchCall.Runtime.Storage.Redis;

internal sealed partial class RedisClusterStore
{
    public async Task<long> NextIncarnationAsync() => await _db.StringIncrementAsync($"{_p}:gen");

    public async Task<long> JoinAsync(SiloInfo silo, TimeSpan leaseTtl) =>
        (long)await Run("join", _p, silo.Id, silo.Endpoint, (long)leaseTtl.TotalMilliseconds);

    public async Task<HeartbeatResult> HeartbeatAsync(string siloId, TimeSpan leaseTtl)
    {
        var view = (long)await Run("heartbeat", _p, siloId, (long)leaseTtl.TotalMilliseconds);
        return view < 0 ? new HeartbeatResult(HeartbeatOutcome.DeclaredDead, 0) : new HeartbeatResult(HeartbeatOutcome.Alive, view);
    }

    public Task BeginLeaveAsync(string siloId) => Run("leave", _p, siloId, "begin");

    public Task CompleteLeaveAsync(string siloId) => Run("leave", _p, siloId, "complete");

    public async Task<IReadOnlyList<string>> DeclareExpiredDeadAsync()
    {
        var result = (RedisResult[])(await Run("detect", _p))!;
        return result.Select(r => (string)r!).ToArray();
    }

    public async Task<MembershipSnapshot> ReadViewAsync()
    {
        var rows = (RedisResult[])(await Run("view", _p))!;
        var silos = new List<SiloInfo>();
        for (var i = 1; i + 2 < rows.Length; i += 3)
        {
            if (ParseStatus((string?)rows[i + 2]) is { } status)
            {
                silos.Add(new SiloInfo((string)rows[i]!, (string)rows[i + 1]!, status));
            }
        }
        return new MembershipSnapshot((long)rows[0], silos);
    }

    public async Task<SiloStatus?> ReadStatusAsync(string siloId)
    {
        var status = (string?)await _db.HashGetAsync($"{_p}:status", siloId);
        return ParseStatus(status);
    }

    public async Task<int> ForgetDefunctAsync(TimeSpan retention) =>
        (int)await Run("forget", _p, (long)retention.TotalMilliseconds);

    internal static SiloStatus? ParseStatus(string? status) => status switch
    {
        "active" => SiloStatus.Active,
        "leaving" => SiloStatus.Leaving,
        "left" => SiloStatus.Left,
        "dead" => SiloStatus.Dead,
        _ => null,
    };
}
