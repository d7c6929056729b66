using ClutchCall.Agents.Turns;

namespace ClutchCall.Agents.Corpus;

/// <summary>The knob settings the report compares: the defaults, then one knob moved at a time.</summary>
public static class PolicyGrid
{
    public static IReadOnlyList<(string Setting, TurnPolicy Policy, bool Transcripts)> Settings()
    {
        TurnPolicy d = TurnPolicy.Default;
        (string, TurnPolicy, bool)[] rows =
        [
            ("defaults", d, false),
            ("EndOfTurnSilence 300 ms", d with { EndOfTurnSilence = Ms(300) }, false),
            ("EndOfTurnSilence 800 ms", d with { EndOfTurnSilence = Ms(800) }, false),
            ("MinTurnSpeech 0 ms", d with { MinTurnSpeech = Ms(0) }, false),
            ("MinTurnSpeech 150 ms", d with { MinTurnSpeech = Ms(150) }, false),
            ("MinTurnSpeech 400 ms", d with { MinTurnSpeech = Ms(400) }, false),
            ("MinTurnSpeech 500 ms", d with { MinTurnSpeech = Ms(500) }, false),
            ("BargeInHold 200 ms", d with { BargeInHold = Ms(200) }, false),
            ("BargeInHold 600 ms", d with { BargeInHold = Ms(600) }, false),
            ("BargeInResumeAfter 150 ms", d with { BargeInResumeAfter = Ms(150) }, false),
            ("BargeInResumeAfter 600 ms", d with { BargeInResumeAfter = Ms(600) }, false),
            ("BargeIn Instant", d with { BargeIn = BargeInMode.Instant }, false),
            ("MicGuard off", d with { MicGuard = Ms(0) }, false),
            ("MicGuard 150 ms", d with { MicGuard = Ms(150) }, false),
            ("MicGuardEchoLoss 0 dB", d with { MicGuardEchoLossDb = 0 }, false),
            ("MicGuardEchoLoss 10 dB", d with { MicGuardEchoLossDb = 10 }, false),
            ("VadThreshold 6 dB", d with { VadThresholdDb = 6 }, false),
            ("VadThreshold 18 dB", d with { VadThresholdDb = 18 }, false),
            ("VadHangover 0 ms", d with { VadHangover = Ms(0) }, false),
            ("VadHangover 150 ms", d with { VadHangover = Ms(150) }, false),
            ("echo-cancelled preset (on this no-AEC corpus)", TurnPolicy.EchoCancelled, false),
        ];
        return
        [
            .. rows,
            ("defaults + transcripts", d, true),
            ("MinTurnSpeech 0 ms + transcripts", d with { MinTurnSpeech = Ms(0) }, true),
            ("MinTurnSpeech 150 ms + transcripts", d with { MinTurnSpeech = Ms(150) }, true),
        ];
    }

    private static TimeSpan Ms(int ms) => TimeSpan.FromMilliseconds(ms);
}
