using System.Diagnostics;

namespace ClutchCall.Runtime.Benchmarks;

/// <summary>A latency/throughput sample: sequential round trips for latency, bounded concurrency for throughput.</summary>
internal sealed record Result(string Name, double OpsPerSecond, double P50Us, double P99Us, int Operations);

internal static class Measure
{
    public static async Task<Result> SequentialAsync(string name, int count, Func<int, Task> op)
    {
        for (var i = 0; i < Math.Min(200, count); i++)
        {
            await op(i);
        }
        var samples = new double[count];
        var total = Stopwatch.StartNew();
        for (var i = 0; i < count; i++)
        {
            var t = Stopwatch.GetTimestamp();
            await op(i);
            samples[i] = Stopwatch.GetElapsedTime(t).TotalMicroseconds;
        }
        total.Stop();
        Array.Sort(samples);
        return new Result(name, count / total.Elapsed.TotalSeconds, samples[count / 2], samples[(int)(count * 0.99)], count);
    }

    public static Task<Result> ConcurrentAsync(string name, int count, int concurrency, Func<int, Task> op) =>
        ConcurrentAsync(name, count, concurrency, () => Task.FromResult(op));

    /// <summary>Each of the concurrent workers gets its own operation (for example its own connection).</summary>
    public static async Task<Result> ConcurrentAsync(string name, int count, int concurrency, Func<Task<Func<int, Task>>> createWorker)
    {
        var workers = await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => createWorker()));
        var next = -1;
        var samples = new double[count];
        var total = Stopwatch.StartNew();
        await Task.WhenAll(workers.Select(op => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count)
            {
                var t = Stopwatch.GetTimestamp();
                await op(i);
                samples[i] = Stopwatch.GetElapsedTime(t).TotalMicroseconds;
            }
        })));
        total.Stop();
        Array.Sort(samples);
        return new Result(name, count / total.Elapsed.TotalSeconds, samples[count / 2], samples[(int)(count * 0.99)], count);
    }
}
