using System.Diagnostics;
using System.Reflection;
using ClutchCall.Runtime;
using ClutchCall.Runtime.Benchmarks;
using ClutchCall.TestGrains;
using ClutchCall.TestKit;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

// Runtime load generator. Every figure is printed beside its baselines from the same run:
// a raw Redis round trip (SE.Redis PING) and a raw loopback TCP echo.
// Usage: dotnet run -c Release --project bench/Runtime.Benchmarks [-- --quick]
var quick = args.Contains("--quick");
var scale = quick ? 0.1 : 1.0;
int N(int n) => Math.Max(100, (int)(n * scale));
var results = new List<Result>();
var channelOutcomes = new List<ChannelLoad.Outcome>();
var siloPath = typeof(Measure).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "TestSilo").Value!;

await using (var redis = await RedisServer.StartAsync())
{
    using var mux = ConnectionMultiplexer.Connect(redis.ConnectionString);
    var db = mux.GetDatabase();
    results.Add(await Measure.SequentialAsync("baseline: Redis PING, sequential", N(5000), _ => db.PingAsync()));
    results.Add(await Measure.ConcurrentAsync("baseline: Redis PING, 64 in flight", N(100_000), 64, _ => db.PingAsync()));

    await using var echo = new LoopbackEcho();
    var one = await LoopbackEcho.ConnectAsync(echo.Port, 64);
    results.Add(await Measure.SequentialAsync("baseline: loopback TCP echo, sequential", N(20_000), _ => one()));
    results.Add(await Measure.ConcurrentAsync("baseline: loopback TCP echo, 64 connections", N(200_000), 64,
        async () => { var c = await LoopbackEcho.ConnectAsync(echo.Port, 64); return _ => c(); }));

    using var silo = await TestHosts.StartAsync(new Dictionary<string, string?>
    {
        ["Cluster:Redis"] = redis.ConnectionString,
        ["Cluster:ServiceId"] = "bench",
        ["Cluster:SiloName"] = "inproc",
    }, s => s.AddTestGrains());
    var local = silo.Services.GetRequiredService<IGrainFactory>();
    results.Add(await Measure.ConcurrentAsync("activations (claim + load), one silo, 64 in flight", N(20_000), 64,
        i => local.GetGrain<IEchoGrain>($"a{i}").EchoAsync("x")));
    var hot = local.GetGrain<IEchoGrain>("hot");
    results.Add(await Measure.SequentialAsync("grain call within a silo, sequential", N(50_000), _ => hot.EchoAsync("x")));
    results.Add(await Measure.ConcurrentAsync("grain calls within a silo, 1000 grains, 64 in flight", N(300_000), 64,
        i => local.GetGrain<IEchoGrain>($"a{i % 1000}").EchoAsync("x")));
    results.Add(await Measure.ConcurrentAsync("grain calls with a fenced state write, within a silo, 64 in flight", N(50_000), 64,
        i => local.GetGrain<ICounterGrain>($"w{i % 1000}").AddAsync("b", i, 1, 0)));
    await silo.StopAsync();
}

await using (var cluster = await LoopbackCluster.StartAsync(siloPath, 2))
{
    var remote = cluster.Grains;
    results.Add(await Measure.ConcurrentAsync("activations across processes (client -> 2 silos), 64 in flight", N(20_000), 64,
        i => remote.GetGrain<IEchoGrain>($"r{i}").EchoAsync("x")));
    var hot = remote.GetGrain<IEchoGrain>("hot");
    results.Add(await Measure.SequentialAsync("grain call across processes, sequential", N(20_000), _ => hot.EchoAsync("x")));
    results.Add(await Measure.ConcurrentAsync("grain calls across processes, 1000 grains, 64 in flight", N(300_000), 64,
        i => remote.GetGrain<IEchoGrain>($"r{i % 1000}").EchoAsync("x")));

    var channelFactory = cluster.ClientServices.GetRequiredService<IGrainChannelFactory>();
    foreach (var streams in new[] { 500, 1000 })
    {
        channelOutcomes.Add(await ChannelLoad.RunAsync(channelFactory, remote, streams, TimeSpan.FromSeconds(quick ? 3 : 10)));
    }
}

Console.WriteLine("| concurrent 50 fps streams (client -> 2 silo processes -> client) | frames/s echoed | RTT p50 µs | RTT p99 µs | lost % |");
Console.WriteLine("|---:|---:|---:|---:|---:|");
foreach (var c in channelOutcomes)
{
    Console.WriteLine($"| {c.Streams} | {c.FramesPerSecond:N0} | {c.P50Us:N0} | {c.P99Us:N0} | {c.LossPercent:F2} |");
}
Console.WriteLine();

Console.WriteLine($"| measurement | ops/s | p50 µs | p99 µs | ops |");
Console.WriteLine($"|---|---:|---:|---:|---:|");
foreach (var r in results)
{
    Console.WriteLine($"| {r.Name} | {r.OpsPerSecond:N0} | {r.P50Us:N0} | {r.P99Us:N0} | {r.Operations:N0} |");
}

// Failover: a silo holding about 500 grains is killed; time until every one of them is claimed and answering.
Console.WriteLine();
Console.WriteLine("| failover run | grains on the killed silo | kill -> all re-claimed ms | kill -> all serving ms |");
Console.WriteLine("|---|---:|---:|---:|");
for (var run = 1; run <= (quick ? 1 : 3); run++)
{
    await using var cluster = await LoopbackCluster.StartAsync(siloPath, 2);
    var keys = Enumerable.Range(0, 1000).Select(i => $"f{i}").ToArray();
    var placed = new System.Collections.Concurrent.ConcurrentDictionary<string, string>();
    await Parallel.ForEachAsync(keys, new ParallelOptions { MaxDegreeOfParallelism = 64 },
        async (k, _) => placed[k] = (await cluster.Grains.GetGrain<ICounterGrain>(k).AddAsync("f", 1, 1, 0)).SiloId);
    var victim = cluster.Silos[0];
    var mine = keys.Where(k => placed[k] == victim.Id).ToArray();
    var clock = Stopwatch.StartNew();
    await victim.KillAsync();
    while (true)
    {
        var owners = await Task.WhenAll(mine.Select(k => cluster.OwnerOfAsync(new GrainId("counter", k))));
        if (owners.All(o => o is not null && o != victim.Id))
        {
            break;
        }
        await Task.Delay(10);
    }
    var claimed = clock.Elapsed;
    await Task.WhenAll(mine.Select(k => cluster.Grains.GetGrain<ICounterGrain>(k).GetAsync()));
    Console.WriteLine($"| {run} | {mine.Length} | {claimed.TotalMilliseconds:F0} | {clock.Elapsed.TotalMilliseconds:F0} |");
}
