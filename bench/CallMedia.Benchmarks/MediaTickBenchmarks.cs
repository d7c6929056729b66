using System.Collections.Concurrent;
using BenchmarkDotNet.Attributes;
using ClutchCall.Agents.Local;
using ClutchCall.Agents.Turns;
using ClutchCall.Grains.Agents;
using ClutchCall.Grains.Media;
using ClutchCall.Media;
using ClutchCall.Media.Codecs;
using Microsoft.Extensions.Logging.Abstractions;

namespace ClutchCall.CallMedia.Benchmarks;

/// <summary>
/// CPU of one call's media loop per 20 ms tick: a G.711 caller leg (the simulated callee) both ways with one bridge
/// that receives the uplink and sends a downlink frame every tick. 50 ticks are one second of call, so
/// calls per core = 20 ms / (time per tick). Baseline: the same leg with no bridge (uplink produced, silence heard).
/// </summary>
public class MediaTickBenchmarks
{
    private const int Ticks = 50;
    private CallMediaHub _hub = null!;
    private SinkChannel[] _bridges = [];
    private byte[][] _downlink = [];
    private long _timestampUs;
    private readonly ConcurrentQueue<AgentActivity> _activity = new();

    /// <summary>
    /// "2x opus/48000": two bridges in the same format (an agent and a recorder) share one uplink encode.
    /// "agent:echo": no bridge, an in-process agent in the mix instead (uplink decoded to 16 kHz, VAD and turn engine
    /// every tick, the echo agent replying to each of the callee's turns).
    /// </summary>
    [Params("none", "pcm16/16000", "opus/48000", "2x opus/48000", "agent:echo")]
    public string Bridge { get; set; } = "none";

    [GlobalSetup]
    public void Setup()
    {
        var clip = new SpeechClip(SpeechClipSource.TonePattern(), "tone");
        var callee = new SimulatedCallee("CA_bench", Task.FromResult(clip), new SimulatedCalleeOptions { PauseMs = 200 });
        _hub = new CallMediaHub("CA_bench", TimeProvider.System, callee, NullLogger.Instance);
        if (Bridge == "none")
        {
            return;
        }
        if (Bridge == "agent:echo")
        {
            var echo = LocalAgents.CreateEcho(new EchoAgentOptions { SampleRate = 16000, Paced = false });
            var settings = new AgentRunSettings("echo", TurnPolicy.Default, null, AgentRunSettings.DefaultFallback, null, null, null);
            _hub.SetAgent(new AgentRunner("CA_bench", settings, echo, _activity, null, NullLogger.Instance));
            for (var i = 0; i < 10 * Ticks; i++)
            {
                Tick(i); // warm up: several turns and replies
            }
            return;
        }
        var format = Bridge.EndsWith("opus/48000", StringComparison.Ordinal) ? AudioFormat.Default : new AudioFormat(AudioCodec.Pcm16, 16000);
        _downlink = Downlink(format);
        _bridges = [.. Enumerable.Range(0, Bridge.StartsWith("2x", StringComparison.Ordinal) ? 2 : 1).Select(_ => new SinkChannel(BridgeChannels.Attach))];
        foreach (var bridge in _bridges)
        {
            _hub.Attach(bridge, BridgeRole.Attach, format);
        }
        for (var i = 0; i < Ticks; i++)
        {
            Tick(i); // warm up: transcoders built, buffers sized
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _hub.StopAsync(callEnded: true).GetAwaiter().GetResult();

    [Benchmark(OperationsPerInvoke = Ticks)]
    public void OneSecondOfCall()
    {
        for (var i = 0; i < Ticks; i++)
        {
            Tick(i);
        }
        _activity.Clear(); // the grain drains agent events four times a second
    }

    private void Tick(int i)
    {
        foreach (var bridge in _bridges)
        {
            bridge.Queue(_downlink[i % _downlink.Length]);
        }
        _hub.Tick(_timestampUs += 20_000);
    }

    /// <summary>One second of a speech-like tone pattern, pre-encoded in the bridge's format, as the bridge's downlink.</summary>
    private static byte[][] Downlink(AudioFormat format)
    {
        using var encoder = AudioCodecs.CreateEncoder(format);
        var pattern = SpeechClipSource.TonePattern();
        var pcm = new short[format.SamplesPerFrame];
        var packet = new byte[encoder.MaxEncodedBytes];
        var ratio = format.SampleRate / SpeechClip.SampleRate;
        var frames = new byte[Ticks][];
        for (var f = 0; f < Ticks; f++)
        {
            for (var i = 0; i < pcm.Length; i++)
            {
                pcm[i] = pattern[(f * pcm.Length + i) / ratio % pattern.Length]; // sample-and-hold upsampling is enough for load
            }
            var n = encoder.Encode(pcm, packet);
            frames[f] = MediaFrames.Build(f * 20_000L, packet.AsSpan(0, n));
        }
        return frames;
    }
}
