using System.Collections.Concurrent;
using System.Text.Json;
using ClutchCall.Runtime;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace ClutchCall.Cluster.Tests;

public sealed class SafetyTests(ITestOutputHelper output) : ClusterTestBase(output)
{
    protected override int InitialSilos => 3;

    [Fact]
    public async Task Under_kill_and_pause_epochs_strictly_increase_and_no_acknowledged_write_is_lost()
    {
        var keys = Enumerable.Range(0, 24).Select(i => $"s{i}").ToArray();
        var acked = new ConcurrentDictionary<string, long>();
        var maybe = new ConcurrentDictionary<string, long>();
        using var stop = new CancellationTokenSource();
        var workers = Enumerable.Range(0, 6).Select(w => Task.Run(async () =>
        {
            var random = new Random(w);
            var sequence = 0L;
            while (!stop.IsCancellationRequested)
            {
                var key = keys[random.Next(keys.Length)];
                try
                {
                    await Counter(key).AddAsync($"w{w}", ++sequence, 1, 0);
                    acked.AddOrUpdate(key, 1, (_, n) => n + 1);
                }
                catch (GrainUnavailableException e) when (e.MaybeDelivered)
                {
                    maybe.AddOrUpdate(key, 1, (_, n) => n + 1);
                }
                catch (GrainCallException e) when (e.ErrorType == typeof(GrainFencedException).FullName)
                {
                    maybe.AddOrUpdate(key, 1, (_, n) => n + 1);
                }
            }
        })).ToArray();

        await Task.Delay(1000);
        await Cluster.Silos[0].KillAsync();
        await Cluster.StartSiloAsync();
        await Task.Delay(1000);
        var paused = Cluster.Silos[1];
        paused.Pause();
        await Task.Delay(TimeSpan.FromSeconds(4));
        paused.Resume();
        await Cluster.StartSiloAsync();
        await Task.Delay(1500);
        stop.Cancel();
        await Task.WhenAll(workers);

        await paused.WaitForExitAsync(TimeSpan.FromSeconds(20));
        Assert.Equal(3, paused.ExitCode);
        var events = Cluster.ClientServices.GetRequiredService<IEventLog>();
        foreach (var key in keys)
        {
            var view = await Counter(key).GetAsync();
            var ok = acked.GetValueOrDefault(key);
            var unsure = maybe.GetValueOrDefault(key);
            Assert.InRange(view.Total, ok, ok + unsure);
            Assert.False(view.OrderViolated, $"{key}: a sender's writes were applied out of order");

            var activations = (await events.ReadAsync($"counter/{key}", null, 10_000, default)).Where(e => e.Type == "activated")
                .Select(e => JsonDocument.Parse(e.Data).RootElement.GetProperty("epoch").GetInt64()).ToArray();
            Assert.True(activations.Zip(activations.Skip(1)).All(p => p.Second > p.First), $"{key}: epochs {string.Join(",", activations)}");
        }
        Output.WriteLine($"acknowledged {acked.Values.Sum()} adds, {maybe.Values.Sum()} of unknown outcome");
    }
}
