using ClutchCall.Runtime.Hosting;
using ClutchCall.Runtime.Membership;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

// A silo hosting the test grains, started as a separate process by the loopback cluster fixture.
// It prints "#### STARTED <siloId> <endpoint>" once it serves, and "#### STOPPED <exitCode>" when it ends.
var builder = Host.CreateApplicationBuilder(args);
builder.Logging.ClearProviders();
builder.Logging.AddSimpleConsole(o => { o.SingleLine = true; o.TimestampFormat = "HH:mm:ss.fff "; });
builder.Logging.SetMinimumLevel(LogLevel.Warning).AddFilter("ClutchCall", LogLevel.Information);
builder.Services.AddClusterRuntime(builder.Configuration);
builder.Services.AddTestGrains();
builder.Services.AddHostedService<ParentProcessWatcher>();
using var host = builder.Build();
await host.StartAsync();
var local = host.Services.GetRequiredService<LocalSilo>();
Console.WriteLine($"#### STARTED {local.Id} {local.Endpoint}");
await host.WaitForShutdownAsync();
Console.WriteLine($"#### STOPPED {Environment.ExitCode}");
return Environment.ExitCode;
