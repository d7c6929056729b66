using System.Collections.Concurrent;
using System.Diagnostics;
using ClutchCall.Runtime.Diagnostics;
using ClutchCall.TestGrains;
using ClutchCall.TestKit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ClutchCall.Runtime.Tests;

public sealed class CallContextTests : IAsyncLifetime
{
    private IHost _host = null!;

    private IGrainFactory Grains => _host.Services.GetRequiredService<IGrainFactory>();

    public async Task InitializeAsync() => _host = await TestHosts.StartAsync(new Dictionary<string, string?>(), s => s.AddTestGrains());

    public async Task DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }

    [Fact]
    public async Task A_call_cycle_back_into_a_waiting_grain_fails_at_once_with_the_chain()
    {
        var error = await Assert.ThrowsAsync<GrainCallException>(() => Grains.GetGrain<ICounterGrain>("a").RoundTripViaAsync("b"));
        Assert.Contains("counter/a is waiting on this call already", error.Message);
        Assert.Contains("counter/a -> counter/b", error.Message);
        Assert.Equal(0, (await Grains.GetGrain<ICounterGrain>("a").GetAsync()).Total);
    }

    [Fact]
    public async Task Calls_between_different_grains_are_not_mistaken_for_cycles()
    {
        await Grains.GetGrain<ICounterGrain>("other").AddAsync("t", 1, 4, 0);
        var view = await Grains.GetGrain<ICounterGrain>("caller").CallBackAsync("other");
        Assert.Equal(4, view.Total);
    }

    [Fact]
    public async Task A_grain_call_continues_the_callers_trace()
    {
        var server = new ConcurrentBag<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name is RuntimeTracing.SourceName or "test",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = a => { if (a.Kind == ActivityKind.Server) server.Add(a); },
        };
        ActivitySource.AddActivityListener(listener);
        using var source = new ActivitySource("test");
        ActivityTraceId trace;
        using (var root = source.StartActivity("request")!)
        {
            trace = root.TraceId;
            await Grains.GetGrain<ICounterGrain>("traced").AddAsync("t", 1, 1, 0);
        }
        var span = Assert.Single(server, a => a.TraceId == trace);
        Assert.Equal("ICounterGrain.AddAsync", span.DisplayName);
        Assert.Equal("counter/traced", span.GetTagItem("clutchcall.grain"));
    }
}
