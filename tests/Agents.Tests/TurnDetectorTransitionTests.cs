using ClutchCall.Agents.Turns;

namespace ClutchCall.Agents.Tests;

/// <summary>
/// Every transition of the turn detector, and each knob's effect, as timelines (see <see cref="Script"/>) with the
/// exact events and times expected. Policy "default" is <see cref="TurnPolicy.Default"/>: end of turn 500 ms, minimum
/// turn 300 ms, hold 400 ms, resume after 300 ms, mic guard 400 ms with 6 dB echo loss.
/// </summary>
public sealed class TurnDetectorTransitionTests
{
    private static readonly Dictionary<string, TurnPolicy> Policies = new()
    {
        ["default"] = TurnPolicy.Default,
        ["instant"] = TurnPolicy.Default with { BargeIn = BargeInMode.Instant },
        ["disabled"] = TurnPolicy.Default with { BargeIn = BargeInMode.Disabled },
        ["guard-off"] = TurnPolicy.Default with { MicGuard = TimeSpan.Zero },
        ["echo-loss-25"] = TurnPolicy.Default with { MicGuardEchoLossDb = 25 },
        ["eot-300"] = TurnPolicy.Default with { EndOfTurnSilence = TimeSpan.FromMilliseconds(300) },
        ["min-0"] = TurnPolicy.Default with { MinTurnSpeech = TimeSpan.Zero },
        ["hold-200"] = TurnPolicy.Default with { BargeInHold = TimeSpan.FromMilliseconds(200) },
        ["resume-150"] = TurnPolicy.Default with { BargeInResumeAfter = TimeSpan.FromMilliseconds(150) },
        ["no-phrases"] = TurnPolicy.Default with { BackchannelPhrases = [] },
    };

    public static TheoryData<string, string, string, string> Transitions => new()
    {
        { "speech below the minimum is no turn", "default", "S200 Q600", "" },
        { "silent -> onset -> in turn -> committed", "default", "S600 Q600", "turn.started@300 turn.committed@1100" },
        { "a pause shorter than end of turn stays inside the turn", "default", "S400 Q400 S400 Q600", "turn.started@300 turn.committed@1700" },
        { "a short sound then a real turn: the sound is dropped", "default", "S200 Q600 S400 Q600", "turn.started@1100 turn.committed@1700" },
        { "minimum speech sums across short pauses", "default", "S200 Q200 S200 Q600", "turn.started@500 turn.committed@1100" },
        { "a tick advances the silence timer", "default", "S600 K1200", "turn.started@300 turn.committed@1200" },
        { "agent audio start and stop", "default", "A+ Q400 A-", "agent.speech.started@0 agent.speech.ended@400" },
        { "hold-and-confirm: sustained speech cuts the agent", "default", "A+ Q200 S500 Q600",
            "agent.speech.started@0 barge.started@220 barge.confirmed@600 agent.speech.ended@600 turn.started@600 turn.committed@1200" },
        { "hold-and-confirm: short speech is a false barge-in", "default", "A+ Q200 S200 Q400",
            "agent.speech.started@0 barge.started@220 barge.false@700" },
        { "agent finishing during a pending barge leaves an ordinary utterance", "default", "A+ Q200 S200 A- S200 Q600",
            "agent.speech.started@0 barge.started@220 agent.speech.ended@400 turn.started@500 turn.committed@1100" },
        { "the agent starting during the caller's trailing silence does not stop the commit", "default", "S400 A+ Q600 A-",
            "turn.started@300 agent.speech.started@400 turn.committed@900 agent.speech.ended@1000" },
        { "instant barge-in cuts on the first frame", "instant", "A+ Q200 S400 Q600",
            "agent.speech.started@0 barge.started@220 barge.confirmed@220 agent.speech.ended@220 turn.started@500 turn.committed@1100" },
        { "barge-in disabled ignores caller speech over the agent", "disabled", "A+ Q200 S600 Q600 A-", "agent.speech.started@0 agent.speech.ended@1400" },
        { "mic guard: speech quieter than the agent minus echo loss is echo", "default", "A+ s600 A- Q600", "agent.speech.started@0 agent.speech.ended@600" },
        { "mic guard covers the tail after agent audio", "default", "A+ Q200 A- s200 Q600", "agent.speech.started@0 agent.speech.ended@200" },
        { "after the mic guard quiet speech counts again", "default", "A+ Q200 A- Q600 s600 Q600",
            "agent.speech.started@0 agent.speech.ended@200 turn.started@1100 turn.committed@1900" },
        { "mic guard off: quiet speech barges in", "guard-off", "A+ s600",
            "agent.speech.started@0 barge.started@20 barge.confirmed@400 agent.speech.ended@400 turn.started@400" },
        { "a larger echo loss lets quieter callers through", "echo-loss-25", "A+ s600",
            "agent.speech.started@0 barge.started@20 barge.confirmed@400 agent.speech.ended@400 turn.started@400" },
        { "a backchannel transcript discards the turn", "default", "S600 T:okay Q600", "turn.started@300 turn.discarded@1100" },
        { "a transcript with words commits", "default", "S600 T:book_it Q600", "turn.started@300 turn.committed@1100" },
        { "the last transcript wins over an interim backchannel", "default", "S600 t:okay T:okay_but_wait Q600", "turn.started@300 turn.committed@1100" },
        { "without phrases a continuer transcript commits", "no-phrases", "S600 T:okay Q600", "turn.started@300 turn.committed@1100" },
        { "a late transcript is ignored", "default", "S600 Q600 T:okay", "turn.started@300 turn.committed@1100" },
        { "a final backchannel transcript ends a pending barge at once", "default", "A+ Q200 S200 T:mhm",
            "agent.speech.started@0 barge.started@220 barge.false@400" },
        { "EndOfTurnSilence 300 ms commits sooner", "eot-300", "S600 Q400", "turn.started@300 turn.committed@900" },
        { "MinTurnSpeech 0 makes any speech a turn", "min-0", "S40 Q600", "turn.started@20 turn.committed@540" },
        { "BargeInHold 200 ms confirms sooner", "hold-200", "A+ Q200 S300 Q600",
            "agent.speech.started@0 barge.started@220 barge.confirmed@400 agent.speech.ended@400 turn.started@500 turn.committed@1000" },
        { "BargeInResumeAfter 150 ms resumes sooner", "resume-150", "A+ Q200 S200 Q400", "agent.speech.started@0 barge.started@220 barge.false@560" },
    };

    [Theory]
    [MemberData(nameof(Transitions))]
    public void Transition(string because, string policy, string script, string expected)
    {
        var (events, _, _) = Script.Run(Script.Parse(script), Policies[policy]);
        Assert.True(expected == Script.Format(events), $"{because}: expected [{expected}] got [{Script.Format(events)}]");
    }

    [Fact]
    public void HoldAndConfirmPausesThenCutsAndRequestsAReply()
    {
        var (_, effects, _) = Script.Run(Script.Parse("A+ Q200 S500 Q600"), TurnPolicy.Default);
        Assert.Equal([(220L, TurnEffects.PauseAgentAudio), (600L, TurnEffects.CutAgentAudio), (1200L, TurnEffects.RequestReply)], effects);
    }

    [Fact]
    public void FalseBargeInPausesThenResumes()
    {
        var (_, effects, _) = Script.Run(Script.Parse("A+ Q200 S200 Q400"), TurnPolicy.Default);
        Assert.Equal([(220L, TurnEffects.PauseAgentAudio), (700L, TurnEffects.ResumeAgentAudio)], effects);
    }

    [Fact]
    public void InstantBargeInCutsWithoutPausing()
    {
        var (_, effects, _) = Script.Run(Script.Parse("A+ Q200 S400"), Policies["instant"]);
        Assert.Equal([(220L, TurnEffects.CutAgentAudio)], effects);
    }

    [Fact]
    public void ZeroHoldConfirmsInTheSameStepWithoutAPause()
    {
        var (events, effects, _) = Script.Run(Script.Parse("A+ S20"), TurnPolicy.Default with { BargeInHold = TimeSpan.Zero });
        Assert.Equal("agent.speech.started@0 barge.started@20 barge.confirmed@20 agent.speech.ended@20", Script.Format(events));
        Assert.Equal([(20L, TurnEffects.CutAgentAudio)], effects);
    }

    [Fact]
    public void DiscardedTurnRequestsNoReply()
    {
        var (_, effects, state) = Script.Run(Script.Parse("S600 T:uh-huh Q600"), TurnPolicy.Default);
        Assert.Empty(effects);
        Assert.Equal(CallerPhase.Silent, state.Caller);
    }

    [Fact]
    public void EventsCarryTheOnsetTheyReferTo()
    {
        var (events, _, _) = Script.Run(Script.Parse("Q100 S600 Q600 A+ Q100 A-"), TurnPolicy.Default);
        Assert.Equal(100, events.Single(e => e.Kind == TurnEventKind.TurnCommitted).SinceMs);
        Assert.Equal(1300, events.Single(e => e.Kind == TurnEventKind.AgentSpeechEnded).SinceMs);
    }

    [Fact]
    public void LateInputsNeverMoveTimeBackwards()
    {
        TurnInput[] inputs = [TurnInput.CallerFrame(1000, 20, true, -20), TurnInput.Tick(500), TurnInput.CallerFrame(900, 20, false, -70)];
        var (_, _, state) = Script.Run(inputs, TurnPolicy.Default);
        Assert.Equal(1020, state.NowMs);
    }
}
