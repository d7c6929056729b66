using ClutchCall.Runtime;
using ClutchCall.TestGrains;
using ClutchCall.TestKit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ClutchCall.Runtime.Tests;

public sealed class EmbeddedSiloTests : IAsyncLifetime
{
    private IHost _host = null!;

    private IGrainFactory Grains => _host.Services.GetRequiredService<IGrainFactory>();

    public async Task InitializeAsync() =>
        _host = await TestHosts.StartAsync(new Dictionary<string, string?> { ["Cluster:SiloName"] = "embedded" }, s => s.AddTestGrains());

    public async Task DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }

    [Fact]
    public async Task A_grain_call_activates_the_grain_and_persists_its_state()
    {
        var counter = Grains.GetGrain<ICounterGrain>("c1");
        var first = await counter.AddAsync("t", 1, 5, 0);
        var second = await counter.AddAsync("t", 2, 7, 0);
        Assert.Equal(12, second.Total);
        Assert.Equal(1, first.Epoch);
        Assert.StartsWith("embedded@", second.SiloId);
        Assert.Equal(second.Version, first.Version + 1);
    }
}
