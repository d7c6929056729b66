using System.Collections.Concurrent;
using System.Diagnostics;

namespace ClutchCall.TestKit;

/// <summary>One silo process of a loopback cluster, with its output kept for assertions.</summary>
public sealed class SiloProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();
    private readonly TaskCompletionSource<(string Id, string Endpoint, string Http)> _started = new(TaskCreationOptions.RunContinuationsAsynchronously);

    internal SiloProcess(string name, ProcessStartInfo info)
    {
        Name = name;
        _process = new Process { StartInfo = info, EnableRaisingEvents = true };
        _process.OutputDataReceived += (_, e) => OnLine(e.Data);
        _process.ErrorDataReceived += (_, e) => OnLine(e.Data);
        _process.Exited += (_, _) => _started.TrySetException(new InvalidOperationException($"Silo {Name} exited before it started:\n{Output}"));
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public string Name { get; }

    public string Id { get; private set; } = "";

    public string Endpoint { get; private set; } = "";

    /// <summary>The HTTP base address the silo announced (the engine's Silo executable; empty for test silos).</summary>
    public string HttpUrl { get; private set; } = "";

    public int Pid => _process.Id;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    public string Output => string.Join('\n', _output);

    public bool OutputContains(string text) => _output.Any(l => l.Contains(text, StringComparison.Ordinal));

    internal async Task WaitStartedAsync(TimeSpan timeout)
    {
        (Id, Endpoint, HttpUrl) = await _started.Task.WaitAsync(timeout);
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }
        _output.Enqueue(line);
        if (line.StartsWith("#### STARTED ", StringComparison.Ordinal))
        {
            var parts = line.Split(' ');
            _started.TrySetResult((parts[2], parts[3], parts.Length > 4 ? parts[4].Split(',')[0] : ""));
        }
    }

    /// <summary>Graceful stop: SIGTERM, the host hands its grains off and leaves.</summary>
    public async Task StopAsync(TimeSpan timeout)
    {
        if (!HasExited)
        {
            Signals.Send(Pid, Signals.SigTerm);
            await _process.WaitForExitAsync().WaitAsync(timeout);
        }
    }

    /// <summary>Crash: SIGKILL, no goodbye.</summary>
    public async Task KillAsync()
    {
        if (!HasExited)
        {
            Signals.Send(Pid, Signals.SigKill);
            await _process.WaitForExitAsync();
        }
    }

    /// <summary>Freeze the whole process, as a long GC pause or a stalled VM would.</summary>
    public void Pause() => Signals.Send(Pid, Signals.SigStop);

    public void Resume() => Signals.Send(Pid, Signals.SigCont);

    public Task WaitForExitAsync(TimeSpan timeout) => _process.WaitForExitAsync().WaitAsync(timeout);

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!HasExited)
            {
                Signals.Send(Pid, Signals.SigCont);
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
        }
        catch (InvalidOperationException)
        {
        }
        _process.Dispose();
    }
}
