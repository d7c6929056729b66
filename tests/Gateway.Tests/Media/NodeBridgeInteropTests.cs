using System.Buffers.Binary;
using System.Diagnostics;
using System.Text.Json;
using ClutchCall.Testing.Bridge;
using Xunit.Abstractions;

namespace ClutchCall.Gateway.Tests.Media;

/// <summary>
/// An independent MoQT client, @kixelated/moq 0.9.4 under Node (tests/Moqt.Interop/bridge-peer.mjs), as an attach
/// bridge through the real gateway edge with its token in ?jwt=: it gets the grain's uplink and its downlink reaches
/// the grain, byte for byte.
/// </summary>
public sealed class NodeBridgeInteropTests(BridgeHost bridge, ITestOutputHelper output) : IClassFixture<BridgeHost>
{
    private const int Frames = 20;

    [Fact]
    public async Task Kixelated_moq_attaches_through_the_gateway_edge()
    {
        var dir = InteropDirectory();
        await EnsureNodeModulesAsync(dir);
        var sid = await bridge.NewCallAsync();
        var token = await bridge.BridgeTokenAsync(sid, "attach");

        var (exit, events, stderr) = await RunPeerAsync(dir, bridge.MoqUri($"sid={sid}&role=attach&jwt={Uri.EscapeDataString(token)}"), sid);
        Assert.True(exit == 0, $"node peer exited with {exit}: {stderr}");

        // Uplink: the grain's tone frames (and echoes of the peer's own downlink), each intact. moq-lite-js skips a group
        // still empty when a newer one is queued, so gaps are allowed; corruption is not.
        var uplink = events.Where(e => e.GetProperty("event").GetString() == "uplink-frame")
            .Select(e => Convert.FromBase64String(e.GetProperty("data").GetString()!)).ToList();
        Assert.Equal(Frames, uplink.Count);
        Assert.All(uplink, f => Assert.True(BridgeProbe.IsTone(f) || IsDownlink(f), Convert.ToHexString(f)));
        Assert.Contains(uplink, f => BridgeProbe.IsTone(f));

        // Downlink: every frame reached the grain in order, with a capture timestamp stamped by the gateway.
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (bridge.Probe.ReceivedFor(sid).Count < Frames && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }
        var received = bridge.Probe.ReceivedFor(sid);
        Assert.Equal(Frames, received.Count);
        for (var i = 0; i < Frames; i++)
        {
            Assert.Equal(DownlinkFrame(i), received[i].Frame[8..]);
            Assert.NotEqual(0UL, BinaryPrimitives.ReadUInt64LittleEndian(received[i].Frame));
        }
    }

    private static byte[] DownlinkFrame(int i)
    {
        var frame = new byte[160];
        frame[0] = (byte)'D';
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1), (uint)i);
        for (var k = 5; k < frame.Length; k++)
        {
            frame[k] = (byte)((i * 11) + k);
        }
        return frame;
    }

    private static bool IsDownlink(byte[] frame) =>
        frame.Length == 160 && frame[0] == 'D' && frame.AsSpan().SequenceEqual(DownlinkFrame((int)BinaryPrimitives.ReadUInt32BigEndian(frame.AsSpan(1))));

    private async Task<(int Exit, List<JsonElement> Events, string Stderr)> RunPeerAsync(string dir, Uri uri, string sid)
    {
        var start = new ProcessStartInfo("node") { WorkingDirectory = dir, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in (string[])["--import", "./register-hooks.mjs", "bridge-peer.mjs", uri.ToString(), sid, Frames.ToString()])
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
        output.WriteLine(text);
        var events = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(l => l.StartsWith('{'))
            .Select(l => JsonDocument.Parse(l).RootElement.Clone())
            .ToList();
        return (process.ExitCode, events, await stderr);
    }

    /// <summary>tests/Moqt.Interop, found by walking up from the test binaries.</summary>
    private static string InteropDirectory()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "tests", "Moqt.Interop");
            if (File.Exists(Path.Combine(candidate, "bridge-peer.mjs")))
            {
                return candidate;
            }
        }
        throw new InvalidOperationException("tests/Moqt.Interop/bridge-peer.mjs not found above " + AppContext.BaseDirectory);
    }

    /// <summary>Installs the pinned npm packages (package-lock.json) when node_modules is missing.</summary>
    private static async Task EnsureNodeModulesAsync(string dir)
    {
        if (Directory.Exists(Path.Combine(dir, "node_modules", "@kixelated", "moq")))
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
        Assert.True(npm.ExitCode == 0, "npm ci failed: " + await err);
    }
}
