using System.Diagnostics;

namespace ClutchCall.Media.Benchmarks;

/// <summary>
/// Interleaved A/B timing of wrapper against raw native calls: alternating short blocks see the same neighbour
/// noise on a shared machine, so the median of per-block ratios is steadier than two separate BenchmarkDotNet
/// runs. Reports thread CPU time (immune to preemption) beside wall time. Run with <c>-- --paired</c>.
/// </summary>
internal static class PairedRatio
{
    private const int Blocks = 400;
    private const int OpsPerBlock = 25;
    private const double FrameMicroseconds = 20_000;

    public static void Run()
    {
        var codecs = new CodecBenchmarks { Complexity = 5 };
        codecs.Setup();
        var bridges = new BridgeBenchmarks { Complexity = 5 };
        bridges.Setup();

        Console.WriteLine("| per 20 ms frame | raw CPU us | wrapper CPU us | wrapper/raw CPU | wrapper/raw wall | wrapper share of one core |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|");
        Report("Opus encode 48 kHz c5", () => codecs.OpusEncodeRaw(), () => codecs.OpusEncode());
        Report("Opus decode 48 kHz", () => codecs.OpusDecodeRaw(), () => codecs.OpusDecode());
        Report("speex resample 8k->48k q5", codecs.ResampleUpRaw, () => codecs.ResampleUp());
        Report("speex resample 48k->8k q5", codecs.ResampleDownRaw, () => codecs.ResampleDown());
        Report("bridge G.711 8k <-> Opus 48k c5, both directions", () => bridges.G711OpusRaw(), () => bridges.G711Opus());
        Report("bridge G.711 8k <-> PCM16 16k, both directions", bridges.G711PcmRaw, bridges.G711Pcm);

        codecs.Cleanup();
        bridges.Cleanup();
    }

    private static void Report(string name, Action raw, Action wrapper)
    {
        for (int i = 0; i < 200; i++)
        {
            raw();
            wrapper();
        }

        var rawCpu = new double[Blocks];
        var wrapperCpu = new double[Blocks];
        var cpuRatios = new double[Blocks];
        var wallRatios = new double[Blocks];
        for (int b = 0; b < Blocks; b++)
        {
            // Alternate which side goes first so neither always inherits the other's cache state.
            bool rawFirst = (b & 1) == 0;
            var first = Time(rawFirst ? raw : wrapper);
            var second = Time(rawFirst ? wrapper : raw);
            var (r, w) = rawFirst ? (first, second) : (second, first);
            rawCpu[b] = r.Cpu;
            wrapperCpu[b] = w.Cpu;
            cpuRatios[b] = w.Cpu / r.Cpu;
            wallRatios[b] = w.Wall / r.Wall;
        }

        double wrapperMedian = Median(wrapperCpu);
        Console.WriteLine(
            $"| {name} | {Median(rawCpu):F2} | {wrapperMedian:F2} | {Median(cpuRatios):F3} | {Median(wallRatios):F3} | {wrapperMedian / FrameMicroseconds:P2} |");
    }

    private static (double Cpu, double Wall) Time(Action action)
    {
        long wallStart = Stopwatch.GetTimestamp();
        long cpuStart = ThreadCpuClock.NowNanoseconds();
        for (int i = 0; i < OpsPerBlock; i++)
        {
            action();
        }

        double cpu = (ThreadCpuClock.NowNanoseconds() - cpuStart) / 1000.0 / OpsPerBlock;
        return (cpu, Stopwatch.GetElapsedTime(wallStart).TotalMicroseconds / OpsPerBlock);
    }

    private static double Median(double[] values)
    {
        var sorted = (double[])values.Clone();
        Array.Sort(sorted);
        return sorted[sorted.Length / 2];
    }
}
