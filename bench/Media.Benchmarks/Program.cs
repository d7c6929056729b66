using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

// In-process: the repo names assemblies ClutchCall.<Project>, which BenchmarkDotNet's generated-project toolchain
// cannot map back to Media.Benchmarks.csproj. A short job stretched to 9 iterations, because the 2-vCPU machine is
// shared and 3 iterations leave the wrapper/raw ratio at the mercy of one noisy neighbour. Still minutes, not hours.
// dotnet run -c Release --project bench/Media.Benchmarks -- --filter '*'
if (args.Contains("--paired"))
{
    ClutchCall.Media.Benchmarks.PairedRatio.Run();
    return;
}

var config = DefaultConfig.Instance
    .AddJob(Job.ShortRun.WithIterationCount(9).WithToolchain(InProcessEmitToolchain.Instance))
    .AddDiagnoser(MemoryDiagnoser.Default);
BenchmarkSwitcher.FromAssembly(typeof(ClutchCall.Media.Benchmarks.CodecBenchmarks).Assembly).Run(args, config);
