using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

if (args.Length > 0 && args[0] == "load")
{
    await ClutchCall.Sip.Benchmarks.CallLoadTest.RunAsync(args);
    return;
}

// In-process: BenchmarkDotNet cannot map the ClutchCall.* assembly name back to this project file to
// generate its usual child process, and a short job keeps the run to minutes.
var config = DefaultConfig.Instance.AddJob(Job.ShortRun.WithToolchain(InProcessEmitToolchain.Instance));
BenchmarkSwitcher.FromAssembly(typeof(ClutchCall.Sip.Benchmarks.SipParserBenchmark).Assembly).Run(args, config);
