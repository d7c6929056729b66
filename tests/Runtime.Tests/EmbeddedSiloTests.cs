using ClutchCall.Runtime.Messaging;
using ClutchCall.TestGrains;
using ClutchCall.TestKit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace ClutchCall.Runtime.Tests;

/// <summary>The embedded default: one silo, in-memory store, real clock.</summary>
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
        var (state, version) = await _host.Services.GetRequiredService<IGrainStateReader>().ReadAsync<CounterState>(new GrainId("counter", "c1"), default);
        Assert.Equal(12, state!.Total);
        Assert.Equal(second.Version, version);
    }

    [Fact]
    public async Task Turns_never_overlap_even_with_timers_ticking_between_calls()
    {
        var counter = Grains.GetGrain<ICounterGrain>("timers");
        await counter.StartTimerAsync(5);
        await Task.WhenAll(Enumerable.Range(0, 20).Select(i => counter.AddAsync($"s{i}", 1, 1, 3)));
        await Task.Delay(100);
        Assert.True(await counter.GetTimerTicksAsync() >= 5);
        var view = await counter.GetAsync();
        Assert.Equal(20, view.Total);
        Assert.Equal(1, view.MaxConcurrentTurns);
    }

    [Fact]
    public async Task An_exception_in_a_grain_reaches_the_caller_with_its_type_and_message()
    {
        var e = await Assert.ThrowsAsync<GrainCallException>(() => Grains.GetGrain<ICounterGrain>("boom").FailAsync("bad thing"));
        Assert.Equal(typeof(InvalidOperationException).FullName, e.ErrorType);
        Assert.Equal("bad thing", e.Message);
        Assert.Equal(0, (await Grains.GetGrain<ICounterGrain>("boom").GetAsync()).Total);
    }

    [Fact]
    public async Task A_grain_that_asks_to_deactivate_comes_back_with_a_higher_epoch_and_its_state()
    {
        var counter = Grains.GetGrain<ICounterGrain>("cycle");
        var before = await counter.AddAsync("t", 1, 3, 0);
        await counter.DeactivateAsync();
        var after = await counter.GetAsync();
        Assert.True(after.Epoch > before.Epoch);
        Assert.Equal(3, after.Total);
        Assert.Equal(2, after.Activations);
    }

    [Fact]
    public async Task Unknown_methods_and_unbindable_arguments_are_refused_without_running_anything()
    {
        var router = _host.Services.GetRequiredService<MessageRouter>();
        var grain = new GrainId("counter", "raw");
        var unknown = await Assert.ThrowsAsync<GrainCallException>(() => router.InvokeAsync(grain, "ICounterGrain.Nope", "[]"u8.ToArray()));
        Assert.Equal("UnknownMethod", unknown.ErrorType);
        var bad = await Assert.ThrowsAsync<GrainCallException>(() => router.InvokeAsync(grain, "ICounterGrain.AddAsync", "[\"only one\"]"u8.ToArray()));
        Assert.Equal("BadArguments", bad.ErrorType);
        var type = await Assert.ThrowsAsync<GrainCallException>(() => router.InvokeAsync(new GrainId("nosuch", "x"), "I.M", "[]"u8.ToArray()));
        Assert.Equal("BadRequest", type.ErrorType);
    }
}

/// <summary>Idle collection and reminders on a manual clock: nothing happens until the test moves time.</summary>
public sealed class ManualClockSiloTests : IAsyncLifetime
{
    private readonly ManualTimeProvider _time = new();
    private IHost _host = null!;

    private IGrainFactory Grains => _host.Services.GetRequiredService<IGrainFactory>();

    public async Task InitializeAsync() =>
        _host = await TestHosts.StartAsync(new Dictionary<string, string?>(), s =>
        {
            s.AddSingleton<TimeProvider>(_time);
            s.AddTestGrains();
        });

    public async Task DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }

    private async Task AdvanceUntilAsync(Func<Task<bool>> condition, TimeSpan step)
    {
        for (var i = 0; i < 200; i++)
        {
            if (await condition())
            {
                return;
            }
            _time.Advance(step);
            await Task.Delay(10);
        }
        Assert.Fail("condition never held");
    }

    [Fact]
    public async Task Idle_activations_are_collected_unless_kept_alive()
    {
        var store = _host.Services.GetRequiredService<ClutchCall.Runtime.Storage.IOwnershipStore>();
        await Grains.GetGrain<ICounterGrain>("idle").AddAsync("t", 1, 1, 0);
        var kept = Grains.GetGrain<ICounterGrain>("kept");
        await kept.KeepAliveAsync(true);
        var idle = new GrainId("counter", "idle");
        Assert.NotNull(await store.LookupAsync(idle));
        await AdvanceUntilAsync(async () => await store.LookupAsync(idle) is null, TimeSpan.FromSeconds(30));
        Assert.NotNull(await store.LookupAsync(new GrainId("counter", "kept")));
        var back = await Grains.GetGrain<ICounterGrain>("idle").GetAsync();
        Assert.Equal(1, back.Total);
        Assert.Equal(2, back.Epoch);
    }

    [Fact]
    public async Task A_reminder_activates_its_grain_when_due_even_after_deactivation()
    {
        var counter = Grains.GetGrain<ICounterGrain>("remind");
        await counter.SetReminderAsync("ring-timeout", 1_000);
        await counter.DeactivateAsync();
        var states = _host.Services.GetRequiredService<IGrainStateReader>();
        var id = new GrainId("counter", "remind");
        await AdvanceUntilAsync(async () => (await states.ReadAsync<CounterState>(id, default)).State?.Reminders.Count == 1,
            TimeSpan.FromMilliseconds(250));
        var state = (await states.ReadAsync<CounterState>(id, default)).State!;
        Assert.Equal(["ring-timeout"], state.Reminders);
        Assert.Equal(2, state.Activations);
        _time.Advance(TimeSpan.FromMinutes(2));
        await Task.Delay(50);
        Assert.Single((await states.ReadAsync<CounterState>(id, default)).State!.Reminders);
    }
}

public sealed class OptionsValidationTests
{
    [Fact]
    public async Task A_lease_shorter_than_three_heartbeats_is_refused_at_start()
    {
        var e = await Assert.ThrowsAsync<OptionsValidationException>(() => TestHosts.StartAsync(new Dictionary<string, string?>
        {
            ["Cluster:Membership:HeartbeatInterval"] = "00:00:01",
            ["Cluster:Membership:LeaseTtl"] = "00:00:02",
        }));
        Assert.Contains("LeaseTtl", e.Message);
    }
}
