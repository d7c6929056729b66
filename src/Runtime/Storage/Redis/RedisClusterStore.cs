using StackExchange.Redis;

namespace ClutchCall.Runtime.Storage.Redis;

/// <summary>
/// The cluster store on one Redis primary. Every multi-step change is one Lua script, so checks and writes
/// are atomic; key names are built inside the scripts from the prefix (the control plane lives on one shard).
/// </summary>
internal sealed partial class RedisClusterStore : IClusterStore, IDisposable
{
    private readonly ConnectionMultiplexer _redis;
    private readonly IDatabase _db;
    private readonly RedisScripts _scripts = new();
    private readonly string _p;
    private readonly EventNotifications _notifications;

    public RedisClusterStore(string connectionString, string prefix)
    {
        var options = ConfigurationOptions.Parse(connectionString);
        options.AbortOnConnectFail = false;
        options.ConnectRetry = 5;
        // The defaults (1 s) are too tight for a loaded two-core node; the runtime itself only uses async calls.
        options.SyncTimeout = Math.Max(options.SyncTimeout, 5000);
        options.ConnectTimeout = Math.Max(options.ConnectTimeout, 5000);
        _redis = ConnectionMultiplexer.Connect(options);
        _db = _redis.GetDatabase();
        _p = prefix;
        _notifications = new EventNotifications(_redis.GetSubscriber(), prefix);
    }

    public string Prefix => _p;

    public IDatabase Database => _db;

    private Task<RedisResult> Run(string script, params RedisValue[] args) => _scripts.RunAsync(_db, script, args);

    private string Key(string kind, string name) => $"{_p}:{kind}:{name}";

    /// <summary>Closes without waiting on Redis: disposal runs at shutdown, must be quick and must never throw.</summary>
    public void Dispose()
    {
        _notifications.Dispose();
        _redis.Close(allowCommandsToComplete: false);
        _redis.Dispose();
    }
}
