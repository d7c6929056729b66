using System.Reflection;
using ClutchCall.Runtime;
using ClutchCall.TestGrains;
using ClutchCall.TestKit;
using Xunit.Abstractions;

[assembly: CollectionBehavior(DisableTestParallelization = true)]

namespace ClutchCall.Cluster.Tests;

/// <summary>Each test gets its own redis-server and silo processes; tests run one at a time (they measure failover).</summary>
public abstract class ClusterTestBase(ITestOutputHelper output) : IAsyncLifetime
{
    protected LoopbackCluster Cluster { get; private set; } = null!;

    protected ITestOutputHelper Output { get; } = output;

    protected abstract int InitialSilos { get; }

    protected virtual IDictionary<string, string> Settings => new Dictionary<string, string>();

    public static string TestSiloPath => typeof(ClusterTestBase).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "TestSilo").Value!;

    public async Task InitializeAsync() => Cluster = await LoopbackCluster.StartAsync(TestSiloPath, InitialSilos, Settings);

    public async Task DisposeAsync()
    {
        foreach (var silo in Cluster.Silos.Where(s => !s.OutputContains("#### STOPPED 0")))
        {
            Output.WriteLine($"--- {silo.Name} ({silo.Id}) ---\n{silo.Output.Split('\n').TakeLast(25).Aggregate("", (a, l) => a + l + "\n")}");
        }
        await Cluster.DisposeAsync();
    }

    protected ICounterGrain Counter(string key) => Cluster.Grains.GetGrain<ICounterGrain>(key);

    protected static GrainId CounterId(string key) => new("counter", key);

    /// <summary>Polls until the condition holds; fails with the message after the timeout.</summary>
    protected static async Task EventuallyAsync(Func<Task<bool>> condition, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Timed out after {timeout.TotalSeconds:F0} s waiting for: {what}");
            }
            await Task.Delay(20);
        }
    }

    protected SiloProcess SiloById(string id) => Cluster.Silos.Single(s => s.Id == id);
}
