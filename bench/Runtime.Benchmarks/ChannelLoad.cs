using System.Buffers.Binary;
using System.Diagnostics;
using ClutchCall.TestGrains;

namespace ClutchCall.Runtime.Benchmarks;

/// <summary>
/// Many concurrent 50 fps streams of 160-byte frames (20 ms of G.711) through grain channels to echo grains in
/// silo processes and back. Each frame carries its send time; the echo gives the round-trip latency.
/// </summary>
internal static class ChannelLoad
{
    public sealed record Outcome(int Streams, double FramesPerSecond, double P50Us, double P99Us, double LossPercent);

    public static async Task<Outcome> RunAsync(IGrainChannelFactory factory, IGrainFactory grains, int streams, TimeSpan duration)
    {
        var channels = await Task.WhenAll(Enumerable.Range(0, streams).Select(async i =>
        {
            await grains.GetGrain<IEchoGrain>($"stream{i}").EchoAsync("warm");
            return await factory.OpenAsync(new GrainId("echo", $"stream{i}"), "audio", default, default);
        }));
        var latencies = new List<double>[streams];
        var readers = channels.Select((c, i) =>
        {
            latencies[i] = new List<double>(4096);
            return Task.Run(async () =>
            {
                await foreach (var frame in c.Incoming.ReadAllAsync())
                {
                    var sent = BinaryPrimitives.ReadInt64LittleEndian(frame.Span);
                    latencies[i].Add(Stopwatch.GetElapsedTime(sent).TotalMicroseconds);
                }
            });
        }).ToArray();

        var sentFrames = 0L;
        var clock = Stopwatch.StartNew();
        using (var tick = new PeriodicTimer(TimeSpan.FromMilliseconds(20)))
        {
            while (clock.Elapsed < duration && await tick.WaitForNextTickAsync())
            {
                foreach (var channel in channels)
                {
                    var frame = new byte[160];
                    BinaryPrimitives.WriteInt64LittleEndian(frame, Stopwatch.GetTimestamp());
                    channel.TrySend(frame);
                    sentFrames++;
                }
            }
        }
        var elapsed = clock.Elapsed;
        await Task.Delay(500);
        foreach (var channel in channels)
        {
            channel.Close();
        }
        await Task.WhenAll(readers);
        var all = latencies.SelectMany(l => l).ToArray();
        Array.Sort(all);
        return new Outcome(streams, all.Length / elapsed.TotalSeconds,
            all.Length > 0 ? all[all.Length / 2] : double.NaN,
            all.Length > 0 ? all[(int)(all.Length * 0.99)] : double.NaN,
            100.0 * (sentFrames - all.Length) / Math.Max(1, sentFrames));
    }
}
