using System.Diagnostics;
using ClutchCall.Runtime;
using ClutchCall.Runtime.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using StackExchange.Redis;

namespace ClutchCall.TestKit;

/// <summary>
/// A cluster on loopback in the style of Orleans' TestCluster: a real redis-server and N real silo processes,
/// which tests can stop, kill (SIGKILL) or pause (SIGSTOP/SIGCONT). The test process joins as a client.
/// </summary>
public sealed class LoopbackCluster : IAsyncDisposable
{
    private readonly string _siloAssembly;
    private readonly Dictionary<string, string> _settings;
    private readonly List<SiloProcess> _silos = [];
    private IHost? _client;
    private ConnectionMultiplexer? _redis;
    private int _next;

    private LoopbackCluster(RedisServer redis, string siloAssembly, Dictionary<string, string> settings)
    {
        Redis = redis;
        _siloAssembly = siloAssembly;
        _settings = settings;
        ServiceId = "c" + Guid.NewGuid().ToString("N")[..10];
    }

    public RedisServer Redis { get; }

    public string ServiceId { get; }

    public IReadOnlyList<SiloProcess> Silos => _silos;

    public IGrainFactory Grains => _client!.Services.GetRequiredService<IGrainFactory>();

    public IServiceProvider ClientServices => _client!.Services;

    /// <summary>Raw access for assertions on keys: "{ServiceId}:..." is this cluster's key space.</summary>
    public IDatabase Db => (_redis ??= ConnectionMultiplexer.Connect(Redis.ConnectionString)).GetDatabase();

    /// <param name="siloAssembly">Path of the silo's dll (run with "dotnet").</param>
    /// <param name="settings">Extra configuration for every silo and the client, e.g. "Cluster:Membership:LeaseTtl".</param>
    public static async Task<LoopbackCluster> StartAsync(string siloAssembly, int silos, IDictionary<string, string>? settings = null)
    {
        var redis = await RedisServer.StartAsync();
        var cluster = new LoopbackCluster(redis, siloAssembly, new Dictionary<string, string>(settings ?? new Dictionary<string, string>()));
        try
        {
            await Task.WhenAll(Enumerable.Range(0, silos).Select(_ => cluster.StartSiloAsync()));
            await cluster.StartClientAsync();
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    public async Task<SiloProcess> StartSiloAsync()
    {
        var name = $"silo{Interlocked.Increment(ref _next)}";
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(_siloAssembly);
        foreach (var (key, value) in Settings(name))
        {
            info.Environment[key.Replace(":", "__")] = value;
        }
        info.Environment[ParentProcessWatcher.Variable] = Environment.ProcessId.ToString();
        info.Environment["DOTNET_gcServer"] = "0";
        var silo = new SiloProcess(name, info);
        lock (_silos)
        {
            _silos.Add(silo);
        }
        await silo.WaitStartedAsync(TimeSpan.FromSeconds(60));
        return silo;
    }

    private IEnumerable<KeyValuePair<string, string>> Settings(string siloName)
    {
        yield return new("Cluster:Redis", Redis.ConnectionString);
        yield return new("Cluster:ServiceId", ServiceId);
        yield return new("Cluster:SiloName", siloName);
        foreach (var s in _settings)
        {
            yield return s;
        }
    }

    private async Task StartClientAsync()
    {
        var settings = Settings("client").ToDictionary(kv => kv.Key, kv => (string?)kv.Value);
        settings["Cluster:Role"] = "Client";
        _client = await TestHosts.StartAsync(settings);
    }

    /// <summary>The silo ids the store lists with the given status ("active", "dead", ...).</summary>
    public async Task<string[]> SilosWithStatusAsync(string status) =>
        (await Db.HashGetAllAsync($"{ServiceId}:status")).Where(e => e.Value == status).Select(e => (string)e.Name!).ToArray();

    public async Task<string?> OwnerOfAsync(GrainId grain) => await Db.HashGetAsync($"{ServiceId}:own:{grain}", "owner");

    public async ValueTask DisposeAsync()
    {
        if (_client is not null)
        {
            await _client.StopAsync();
            _client.Dispose();
        }
        await Task.WhenAll(_silos.Select(s => s.DisposeAsync().AsTask()));
        _redis?.Dispose();
        await Redis.DisposeAsync();
    }
}
