using ClutchCall.Agents.Turns;
using ClutchCall.Grains.Interfaces;

namespace ClutchCall.Grains.Agents;

/// <summary>Maps an agent spec's turn-detection knobs (milliseconds, wire names) onto a <see cref="TurnPolicy"/>.</summary>
public static class AgentPolicies
{
    public static TurnPolicy For(TurnDetection? knobs)
    {
        if (knobs is null)
        {
            return TurnPolicy.Default;
        }
        var mode = knobs.BargeIn switch
        {
            "instant" => BargeInMode.Instant,
            "off" => BargeInMode.Disabled,
            _ => BargeInMode.HoldAndConfirm,
        };
        // An echo-cancelled leg (instant barge-in) needs no mic guard unless the spec asks for one.
        var baseline = mode == BargeInMode.Instant ? TurnPolicy.EchoCancelled : TurnPolicy.Default;
        return (baseline with
        {
            BargeIn = mode,
            EndOfTurnSilence = Ms(knobs.SilenceMs) ?? baseline.EndOfTurnSilence,
            MinTurnSpeech = Ms(knobs.MinSpeechMs) ?? baseline.MinTurnSpeech,
            BargeInHold = Ms(knobs.BargeInMs) ?? baseline.BargeInHold,
            MicGuard = Ms(knobs.MicGuardMs) ?? baseline.MicGuard,
            VadThresholdDb = knobs.VadThresholdDb ?? baseline.VadThresholdDb,
            BackchannelPhrases = knobs.Backchannels ?? baseline.BackchannelPhrases,
        }).Validate();
    }

    private static TimeSpan? Ms(int? ms) => ms is { } v ? TimeSpan.FromMilliseconds(v) : null;
}
