using System.Buffers.Binary;
using System.Diagnostics;
using System.Reflection;
using ClutchCall.Grains.Interfaces;
using ClutchCall.Runtime;
using ClutchCall.Sdk;
using ClutchCall.TestKit;
using Xunit.Abstractions;

namespace ClutchCall.Engine.Tests;

/// <summary>
/// The audio path as a customer uses it: the C# SDK bridges a live call on the simulated trunk through a real
/// gateway's MoQT edge into the call grain in another silo process, echoing the callee's speech back; then the
/// silo owning the call is killed and the audio resumes on the new owner.
/// </summary>
public sealed class BridgeFailoverTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string Key = "cc_test_bridge_0123456789";
    private LoopbackCluster _cluster = null!;

    private static string SiloPath => typeof(BridgeFailoverTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "Silo").Value!;

    public async Task InitializeAsync() =>
        _cluster = await LoopbackCluster.StartAsync(SiloPath, 3, new Dictionary<string, string>
        {
            ["ASPNETCORE_URLS"] = "http://127.0.0.1:0",
            ["CLUTCHCALL_DEV_API_KEY"] = Key,
            ["Voice:TokenSigningKey"] = Convert.ToBase64String("bridge-failover-test-signing-key"u8),
            ["Logging:LogLevel:Default"] = "Warning",
        });

    public async Task DisposeAsync()
    {
        foreach (var silo in _cluster.Silos.Where(s => !s.OutputContains("#### STOPPED 0")))
        {
            output.WriteLine($"--- {silo.Name} ---\n{string.Join('\n', silo.Output.Split('\n').TakeLast(15))}");
        }
        await _cluster.DisposeAsync();
    }

    private static int Rms(ReadOnlySpan<byte> pcm16)
    {
        double sum = 0;
        var n = pcm16.Length / 2;
        for (var i = 0; i < n; i++)
        {
            double s = BinaryPrimitives.ReadInt16LittleEndian(pcm16[(2 * i)..]);
            sum += s * s;
        }
        return n == 0 ? 0 : (int)Math.Sqrt(sum / n);
    }

    [Fact]
    public async Task An_sdk_bridge_echoes_the_callee_and_resumes_after_the_owning_silo_is_killed()
    {
        // Create the call through one silo, then bridge through a silo that does not own it, so the kill below
        // takes the call's owner but not the bridge's gateway.
        using var first = new Voice(new VoiceOptions { BaseUrl = _cluster.Silos[0].HttpUrl, ApiKey = Key, OrgId = "org_dev" });
        var call = await first.Calls.OriginateAsync(new OriginateArgs { To = "+15551234567", From = "+15558675309", TrunkId = "trunk_sim" });
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while ((await first.Calls.GetAsync(call.Sid)).Status != ClutchCall.Sdk.CallStatus.InProgress)
        {
            Assert.True(DateTime.UtcNow < deadline, "the call never answered");
            await Task.Delay(100);
        }
        var owner = _cluster.Silos.Single(s => s.Id == _cluster.OwnerOfAsync(new GrainId("call", call.Sid)).Result);
        var gateway = _cluster.Silos.First(s => s != owner);
        using var voice = new Voice(new VoiceOptions { BaseUrl = gateway.HttpUrl, ApiKey = Key, OrgId = "org_dev" });

        var lastUplink = Stopwatch.StartNew();
        long uplinkFrames = 0;
        var loudFrames = 0;
        AudioBridge? bridge = null;
        bridge = await voice.AudioBridge.AttachAsync(call.Sid, new AudioBridgeOptions
        {
            Codec = AudioCodec.Pcm16,
            SampleRate = 16000,
            OnUplink = (frame, _) =>
            {
                Interlocked.Increment(ref uplinkFrames);
                if (Rms(frame.Span) > 300)
                {
                    Interlocked.Increment(ref loudFrames);
                }
                lastUplink.Restart();
                bridge?.PublishDownlink(frame);
            },
        });

        var grain = _cluster.Grains.GetGrain<ICallGrain>(call.Sid);
        await WaitAsync(async () => (await grain.GetMediaStatsAsync()).CallerLeg?.FramesHeard > 100, "the callee hears the echo");
        var heard = (await grain.GetMediaStatsAsync()).CallerLeg!.HeardRms;
        Assert.True(loudFrames > 10, $"the bridge received speech from the callee ({loudFrames} loud frames of {uplinkFrames})");
        Assert.True(heard.Max() > 300, $"the callee heard its own speech echoed (max RMS {heard.Max()})");

        await owner.KillAsync();
        var killed = Stopwatch.StartNew();
        var before = Interlocked.Read(ref uplinkFrames);
        await WaitAsync(() => Task.FromResult(Interlocked.Read(ref uplinkFrames) > before + 50 && lastUplink.ElapsedMilliseconds < 100),
            "uplink audio flowing again after the owner was killed");
        output.WriteLine($"audio resumed {killed.ElapsedMilliseconds} ms after the kill (bridge reconnects: {bridge.Reconnects})");
        var newOwner = await _cluster.OwnerOfAsync(new GrainId("call", call.Sid));
        Assert.NotEqual(owner.Id, newOwner);

        await (await voice.Calls.GetAsync(call.Sid)).HangupAsync();
        await bridge.Completion.WaitAsync(TimeSpan.FromSeconds(15));
        Assert.Equal("call ended", bridge.EndReason);
        await bridge.DisposeAsync();
    }

    private static async Task WaitAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting for: {what}");
            await Task.Delay(50);
        }
    }
}
