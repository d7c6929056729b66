using BenchmarkDotNet.Attributes;
using ClutchCall.Media.Jitter;
using ClutchCall.Media.Mixing;

namespace ClutchCall.Media.Benchmarks;

/// <summary>Per-frame cost of the pure-C# stages around the codecs: the jitter buffer and the 3-party mixer.</summary>
public class PlumbingBenchmarks
{
    private readonly byte[] _payload = new byte[160];
    private readonly byte[] _out = new byte[1500];
    private readonly short[] _inputs = new short[3 * 960];
    private readonly short[] _outputs = new short[3 * 960];
    private JitterBuffer _jitter = null!;
    private Mixer _mixer = null!;
    private ushort _seq;
    private long _now;

    [GlobalSetup]
    public void Setup()
    {
        _jitter = new JitterBuffer(new JitterBufferOptions { ClockRate = 8000 });
        _mixer = new Mixer(3, 960, RoutingMatrix.For(ConferenceMode.Barge));
        _mixer.SetGain(2, 0.8f);
        new Random(1).NextBytes(System.Runtime.InteropServices.MemoryMarshal.AsBytes(_inputs.AsSpan()));
    }

    /// <summary>One packet in, one frame out: the steady state of a 20 ms G.711 stream.</summary>
    [Benchmark]
    public JitterFrameKind JitterPushPop()
    {
        _jitter.Push(_seq, (uint)(_seq * 160), _payload, _now);
        _seq++;
        JitterFrame frame = _jitter.Pop(_now, _out);
        _now += 20;
        return frame.Kind;
    }

    /// <summary>Barge mode, 3 parties, 20 ms at 48 kHz: three minus-one mixes with one gain applied.</summary>
    [Benchmark]
    public void MixThreeParties48k() => _mixer.Mix(_inputs, _outputs);
}
