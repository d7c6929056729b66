using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

// In-process: the assembly is named ClutchCall.Moqt.Benchmarks, which the out-of-process toolchain cannot map back
// to this project file. Short runs (8 iterations for steadier loopback figures) keep the suite to a few minutes.
IConfig config = DefaultConfig.Instance.AddJob(Job.ShortRun.WithIterationCount(8).WithToolchain(InProcessEmitToolchain.Instance));
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, config);

public partial class Program;
