using System.Diagnostics;
using Microsoft.Extensions.Hosting;

namespace ClutchCall.Runtime.Hosting;

/// <summary>
/// When CLUTCHCALL_PARENT_PID is set (a test fixture or a supervisor that starts silos), the silo exits as soon
/// as that process is gone, so a crashed supervisor never leaves silos behind.
/// </summary>
public sealed class ParentProcessWatcher(TimeProvider time) : BackgroundService
{
    public const string Variable = "CLUTCHCALL_PARENT_PID";

    protected override async Task ExecuteAsync(CancellationToken ct)
    {
        if (!int.TryParse(Environment.GetEnvironmentVariable(Variable), out var pid))
        {
            return;
        }
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(500), time);
        while (await timer.WaitForNextTickAsync(ct))
        {
            if (!IsAlive(pid))
            {
                Environment.Exit(2);
            }
        }
    }

    private static bool IsAlive(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
