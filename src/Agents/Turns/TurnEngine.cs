using ClutchCall.Agents.Diagnostics;

namespace ClutchCall.Agents.Turns;

/// <summary>
/// One leg's turn taking, ready for the call grain: an <see cref="EnergyVad"/> in front of the pure
/// <see cref="TurnDetector"/>. Feed it every caller frame and every agent frame as played, plus the agent's start/stop
/// notifications; apply the returned <see cref="TurnOutput.Effects"/> and publish its events.
/// Allocation-free per frame; single-threaded (one per call, driven from the grain's turn).
/// </summary>
public sealed class TurnEngine
{
    private readonly EnergyVad _vad;
    private readonly TurnMetrics? _metrics;

    public TurnEngine(TurnPolicy policy, int sampleRate, TurnMetrics? metrics = null)
    {
        ArgumentNullException.ThrowIfNull(policy);
        if (sampleRate is not (8000 or 16000 or 24000 or 48000))
        {
            throw new ArgumentOutOfRangeException(nameof(sampleRate), sampleRate, "sample rate must be 8000, 16000, 24000 or 48000 Hz");
        }

        Policy = policy.Validate();
        SampleRate = sampleRate;
        _vad = new EnergyVad(policy);
        _metrics = metrics;
    }

    public TurnPolicy Policy { get; }

    public int SampleRate { get; }

    public TurnState State { get; private set; } = TurnState.Initial;

    /// <summary>The VAD verdict on the last caller frame (for metrics and recordings).</summary>
    public VadDecision LastVad { get; private set; }

    /// <summary>A caller frame of PCM16 mono at <see cref="SampleRate"/> starting at media time <paramref name="atMs"/>.</summary>
    public TurnOutput OnCallerAudio(ReadOnlySpan<short> frame, long atMs)
    {
        LastVad = _vad.Process(frame, SampleRate);
        return Step(TurnInput.CallerFrame(atMs, DurationMs(frame), LastVad.IsSpeech, LastVad.LevelDbfs));
    }

    /// <summary>A frame of agent audio as it leaves for the caller; feeds the mic guard's echo reference.</summary>
    public TurnOutput OnAgentAudio(ReadOnlySpan<short> frame, long atMs) =>
        Step(TurnInput.AgentFrame(atMs, DurationMs(frame), EnergyVad.LevelDbfs(frame)));

    public TurnOutput OnAgentAudioStarted(long atMs) => Step(TurnInput.AgentAudioStarted(atMs));

    public TurnOutput OnAgentAudioStopped(long atMs) => Step(TurnInput.AgentAudioStopped(atMs));

    public TurnOutput OnCallerTranscript(string text, bool isFinal, long atMs) => Step(TurnInput.CallerTranscript(atMs, text, isFinal));

    /// <summary>Advances the silence timers when no caller frame arrived (packet loss, a paused leg).</summary>
    public TurnOutput OnTick(long atMs) => Step(TurnInput.Tick(atMs));

    public TurnOutput Step(in TurnInput input)
    {
        var output = default(TurnOutput);
        State = TurnDetector.Step(State, input, Policy, ref output);
        _metrics?.Record(output);
        return output;
    }

    private int DurationMs(ReadOnlySpan<short> frame)
    {
        int ms = (int)(frame.Length * 1000L / SampleRate);
        return ms > 0 ? ms : throw new ArgumentException("a frame must hold at least 1 ms of audio", nameof(frame));
    }
}
