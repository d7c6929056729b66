using BenchmarkDotNet.Attributes;
using ClutchCall.Agents.Turns;

namespace ClutchCall.Agents.Benchmarks;

/// <summary>
/// Cost of turn taking per 20 ms frame (one second of call audio = 50 operations), against the baseline of just
/// measuring the frame's level, which any VAD must do.
/// </summary>
public class TurnEngineBenchmarks
{
    private const int Frames = 50;
    private short[][] _caller = [];
    private short[] _agent = [];
    private TurnEngine _engine = null!;
    private long _now;

    [Params(8000, 16000)]
    public int SampleRate { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        int samples = SampleRate / 50;
        var random = new Random(1);
        // Alternating speech-like bursts and quiet noise, so the state machine walks through turns and barge-ins.
        _caller = [.. Enumerable.Range(0, Frames).Select(f => Enumerable.Range(0, samples)
            .Select(i => (short)((f % 25 < 12 ? 6000 * Math.Sin(i * 0.3) : 0) + random.Next(-60, 61))).ToArray())];
        _agent = [.. Enumerable.Range(0, samples).Select(i => (short)(5000 * Math.Sin(i * 0.2)))];
        _engine = new TurnEngine(TurnPolicy.Default, SampleRate);
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Frames)]
    public double LevelOnly()
    {
        double sum = 0;
        foreach (short[] frame in _caller)
        {
            sum += EnergyVad.LevelDbfs(frame);
        }

        return sum;
    }

    [Benchmark(OperationsPerInvoke = Frames)]
    public int CallerFramesThroughEngine()
    {
        int events = 0;
        foreach (short[] frame in _caller)
        {
            events += _engine.OnCallerAudio(frame, _now).Count;
            _now += 20;
        }

        return events;
    }

    [Benchmark(OperationsPerInvoke = Frames)]
    public int CallerAndAgentFramesWhileAgentSpeaks()
    {
        int events = _engine.OnAgentAudioStarted(_now).Count;
        foreach (short[] frame in _caller)
        {
            events += _engine.OnAgentAudio(_agent, _now).Count;
            events += _engine.OnCallerAudio(frame, _now).Count;
            _now += 20;
        }

        return events + _engine.OnAgentAudioStopped(_now).Count;
    }
}
