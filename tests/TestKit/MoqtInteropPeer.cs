using System.Diagnostics;
using System.Text.Json;

namespace ClutchCall.TestKit;

/// <summary>
/// Runs an independent MoQT peer, the npm client @kixelated/moq under Node, from tests/Moqt.Interop: installs the
/// pinned packages when they are missing, runs a peer script and collects the JSON event lines it prints.
/// </summary>
public static class MoqtInteropPeer
{
    public sealed record Run(int ExitCode, List<JsonElement> Events, string Stdout, string Stderr);

    /// <summary>Runs <paramref name="script"/> (voice-peer.mjs, bridge-peer.mjs) with url, sid and frame count.</summary>
    public static async Task<Run> RunAsync(string script, Uri uri, string sid, int frames)
    {
        var dir = Directory();
        await EnsureInstalledAsync(dir);
        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = dir,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in (string[])["--import", "./register-hooks.mjs", script, uri.ToString(), sid, frames.ToString()])
        {
            start.ArgumentList.Add(arg);
        }
        using var process = Process.Start(start) ?? throw new InvalidOperationException("node did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("node peer did not finish in 60 s: " + await stderr);
        }
        var text = await stdout;
        var events = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(l => l.StartsWith('{'))
            .Select(l => JsonDocument.Parse(l).RootElement.Clone())
            .ToList();
        return new Run(process.ExitCode, events, text, await stderr);
    }

    /// <summary>tests/Moqt.Interop, found by walking up from the test binaries.</summary>
    public static string Directory()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "tests", "Moqt.Interop");
            if (File.Exists(Path.Combine(candidate, "moq-peer.mjs")))
            {
                return candidate;
            }
        }
        throw new InvalidOperationException("tests/Moqt.Interop/moq-peer.mjs not found above " + AppContext.BaseDirectory);
    }

    /// <summary>Installs the pinned npm packages (package-lock.json) when node_modules is missing.</summary>
    private static async Task EnsureInstalledAsync(string dir)
    {
        if (System.IO.Directory.Exists(Path.Combine(dir, "node_modules", "@kixelated", "moq")))
        {
            return;
        }
        var start = new ProcessStartInfo("npm") { WorkingDirectory = dir, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in (string[])["ci", "--no-audit", "--no-fund"])
        {
            start.ArgumentList.Add(arg);
        }
        using var npm = Process.Start(start) ?? throw new InvalidOperationException("npm did not start");
        var err = npm.StandardError.ReadToEndAsync();
        _ = npm.StandardOutput.ReadToEndAsync();
        await npm.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(5));
        if (npm.ExitCode != 0)
        {
            throw new InvalidOperationException("npm ci failed: " + await err);
        }
    }
}
