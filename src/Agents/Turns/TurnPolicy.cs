namespace ClutchCall.Agents.Turns;

/// <summary>
/// Every knob of turn detection and barge-in. Defaults were chosen from the labelled corpus report
/// (docs/turn-detection.md). Durations are <see cref="TimeSpan"/>s and are used with millisecond resolution.
/// </summary>
public sealed record TurnPolicy
{
    /// <summary>
    /// The phrases treated as continuers when a transcript is available. "yes", "no" and "sure" are left out on
    /// purpose: they usually answer the agent's question.
    /// </summary>
    public static readonly IReadOnlyList<string> DefaultBackchannels =
    [
        "mhm", "mm", "hmm", "mm hmm", "uh huh", "um", "uh", "okay", "ok", "right", "yeah", "i see", "got it", "alright", "all right",
    ];

    /// <summary>The defaults for a telephone (PSTN/SIP) leg without echo cancellation.</summary>
    public static TurnPolicy Default { get; } = new();

    /// <summary>The defaults for a leg with client-side echo cancellation: instant barge-in, no mic guard.</summary>
    public static TurnPolicy EchoCancelled { get; } = new() { BargeIn = BargeInMode.Instant, MicGuard = TimeSpan.Zero };

    /// <summary>A frame is speech when its level is at least this far above the adaptive noise floor. Unit: dB. Default 12 dB.</summary>
    public double VadThresholdDb { get; init; } = 12;

    /// <summary>Frames quieter than this absolute level are never speech (line hiss, comfort noise). Unit: dBFS. Default -50 dBFS.</summary>
    public double VadMinLevelDbfs { get; init; } = -50;

    /// <summary>How long the detector keeps saying "speech" after the level drops, bridging stops and short gaps. Default 60 ms.</summary>
    public TimeSpan VadHangover { get; init; } = TimeSpan.FromMilliseconds(60);

    /// <summary>Trailing silence after caller speech that ends (commits) a turn. Default 500 ms.</summary>
    public TimeSpan EndOfTurnSilence { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// Speech shorter than this (summed over the utterance) is not a turn, so "mhm" or "ok" never trigger a reply and
    /// produce no event. Default 300 ms.
    /// </summary>
    public TimeSpan MinTurnSpeech { get; init; } = TimeSpan.FromMilliseconds(300);

    /// <summary>How caller speech interrupts agent audio. Default <see cref="BargeInMode.HoldAndConfirm"/>.</summary>
    public BargeInMode BargeIn { get; init; } = BargeInMode.HoldAndConfirm;

    /// <summary>Sustained caller speech needed to confirm a barge-in and cut the agent (hold-and-confirm). Default 400 ms.</summary>
    public TimeSpan BargeInHold { get; init; } = TimeSpan.FromMilliseconds(400);

    /// <summary>Silence after which a pending barge-in is declared false and the agent resumes. Default 300 ms.</summary>
    public TimeSpan BargeInResumeAfter { get; init; } = TimeSpan.FromMilliseconds(300);

    /// <summary>
    /// Mic guard for legs without echo cancellation: while the agent plays and for this long after it stops, caller
    /// frames count as speech only when they are louder than the agent's recent level minus
    /// <see cref="MicGuardEchoLossDb"/> (a Geigel double-talk test), so the agent does not hear its own echo.
    /// Also the look-back window for the agent's level. Zero disables the guard. Default 400 ms.
    /// </summary>
    public TimeSpan MicGuard { get; init; } = TimeSpan.FromMilliseconds(400);

    /// <summary>
    /// The echo return loss the guard assumes: echo is at least this much quieter than the agent audio that caused it.
    /// Unit: dB. Default 6 dB (the classic Geigel figure).
    /// </summary>
    public double MicGuardEchoLossDb { get; init; } = 6;

    /// <summary>
    /// Continuers matched against caller transcripts (case and punctuation ignored). An utterance made only of these
    /// never commits a turn and ends a pending barge-in as false. Used only when transcripts are fed in.
    /// </summary>
    public IReadOnlyList<string> BackchannelPhrases { get; init; } = DefaultBackchannels;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first knob out of range.</summary>
    public TurnPolicy Validate()
    {
        Require(VadThresholdDb is >= 0 and <= 60, nameof(VadThresholdDb), "must be within 0..60 dB");
        Require(VadMinLevelDbfs is >= -100 and <= 0, nameof(VadMinLevelDbfs), "must be within -100..0 dBFS");
        Require(InRange(VadHangover, 0, 2_000), nameof(VadHangover), "must be within 0..2000 ms");
        Require(InRange(EndOfTurnSilence, 20, 10_000), nameof(EndOfTurnSilence), "must be within 20..10000 ms");
        Require(InRange(MinTurnSpeech, 0, 5_000), nameof(MinTurnSpeech), "must be within 0..5000 ms");
        Require(Enum.IsDefined(BargeIn), nameof(BargeIn), "is not a known mode");
        Require(InRange(BargeInHold, 0, 5_000), nameof(BargeInHold), "must be within 0..5000 ms");
        Require(InRange(BargeInResumeAfter, 20, 10_000), nameof(BargeInResumeAfter), "must be within 20..10000 ms");
        Require(InRange(MicGuard, 0, 10_000), nameof(MicGuard), "must be within 0..10000 ms");
        Require(MicGuardEchoLossDb is >= -20 and <= 60, nameof(MicGuardEchoLossDb), "must be within -20..60 dB");
        Require(BackchannelPhrases is not null, nameof(BackchannelPhrases), "must not be null");
        return this;
    }

    internal long HangoverMs => (long)VadHangover.TotalMilliseconds;
    internal long EndOfTurnSilenceMs => (long)EndOfTurnSilence.TotalMilliseconds;
    internal long MinTurnSpeechMs => (long)MinTurnSpeech.TotalMilliseconds;
    internal long BargeInHoldMs => (long)BargeInHold.TotalMilliseconds;
    internal long BargeInResumeAfterMs => (long)BargeInResumeAfter.TotalMilliseconds;
    internal long MicGuardMs => (long)MicGuard.TotalMilliseconds;

    private static bool InRange(TimeSpan value, int minMs, int maxMs) =>
        value >= TimeSpan.FromMilliseconds(minMs) && value <= TimeSpan.FromMilliseconds(maxMs);

    private static void Require(bool ok, string knob, string message)
    {
        if (!ok)
        {
            throw new ArgumentException($"turn policy: {knob} {message}", knob);
        }
    }
}
