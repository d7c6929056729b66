using ClutchCall.Agents.Turns;
using FsCheck;
using FsCheck.Fluent;

namespace ClutchCall.Agents.Tests;

/// <summary>FsCheck properties over random timelines and random policies.</summary>
public sealed class TurnDetectorPropertyTests
{
    private static readonly TurnPolicy[] PolicyChoices =
    [
        TurnPolicy.Default,
        TurnPolicy.EchoCancelled,
        TurnPolicy.Default with { BargeIn = BargeInMode.Disabled },
        TurnPolicy.Default with { MinTurnSpeech = TimeSpan.Zero, BargeInHold = TimeSpan.Zero },
        TurnPolicy.Default with { EndOfTurnSilence = TimeSpan.FromMilliseconds(300), BargeInResumeAfter = TimeSpan.FromMilliseconds(100) },
        TurnPolicy.Default with { MicGuard = TimeSpan.FromSeconds(2), MicGuardEchoLossDb = 0 },
    ];

    private static readonly Gen<(int Op, int Length)> Ops =
        from op in Gen.Choose(0, 9)
        from length in Gen.Choose(1, 40)
        select (op, length);

    private static readonly Arbitrary<(TurnPolicy Policy, TurnInput[] Inputs)> Timelines =
        (from policy in Gen.Elements(PolicyChoices)
         from ops in Gen.ListOf(Ops)
         select (policy, Build(ops))).ToArbitrary();

    [Fact]
    public void EventsFollowTheProtocol() =>
        Prop.ForAll(Timelines, timeline => Protocol(timeline.Policy, timeline.Inputs)).QuickCheckThrowOnFailure();

    [Fact]
    public void IdenticalInputsGiveIdenticalOutputs() =>
        Prop.ForAll(Timelines, timeline =>
        {
            var first = Script.Run(timeline.Inputs, timeline.Policy);
            var second = Script.Run(timeline.Inputs, timeline.Policy);
            return first.Events.SequenceEqual(second.Events) && first.Effects.SequenceEqual(second.Effects) && first.State == second.State;
        }).QuickCheckThrowOnFailure();

    [Fact]
    public void EngineOverRawPcmIsDeterministic() =>
        Prop.ForAll(Gen.Choose(0, int.MaxValue - 1).ToArbitrary(), seed =>
        {
            return Drive(seed).SequenceEqual(Drive(seed));

            static List<TurnEvent> Drive(int seed)
            {
                var random = new Random(seed);
                var engine = new TurnEngine(TurnPolicy.Default, 8000);
                var events = new List<TurnEvent>();
                var frame = new short[160];
                for (int i = 0; i < 200; i++)
                {
                    int amplitude = random.Next(4) == 0 ? 8000 : 50;
                    for (int n = 0; n < frame.Length; n++)
                    {
                        frame[n] = (short)random.Next(-amplitude, amplitude + 1);
                    }

                    if (i % 50 == 10)
                    {
                        events.AddRange(engine.OnAgentAudioStarted(i * 20).ToArray());
                    }

                    if (i % 50 == 40)
                    {
                        events.AddRange(engine.OnAgentAudioStopped(i * 20).ToArray());
                    }

                    events.AddRange(engine.OnCallerAudio(frame, i * 20).ToArray());
                }

                return events;
            }
        }).QuickCheckThrowOnFailure();

    private static bool Protocol(TurnPolicy policy, TurnInput[] inputs)
    {
        bool agentSpeaking = false, inTurn = false, bargeOpen = false, mustEndAgent = false;
        long last = long.MinValue;
        TurnState state = TurnState.Initial;
        foreach (TurnInput input in inputs)
        {
            var output = default(TurnOutput);
            state = TurnDetector.Step(state, input, policy, ref output);
            TurnEvent[] events = output.ToArray();
            bool Has(TurnEventKind kind) => events.Any(e => e.Kind == kind);
            bool Effect(TurnEffects effect) => (output.Effects & effect) != 0;

            // Effects go with their events.
            Assert.Equal(Has(TurnEventKind.BargeConfirmed), Effect(TurnEffects.CutAgentAudio));
            Assert.Equal(Has(TurnEventKind.BargeFalse), Effect(TurnEffects.ResumeAgentAudio));
            Assert.Equal(Has(TurnEventKind.TurnCommitted), Effect(TurnEffects.RequestReply));
            Assert.Equal(
                Has(TurnEventKind.BargeStarted) && !Has(TurnEventKind.BargeConfirmed) && policy.BargeIn == BargeInMode.HoldAndConfirm,
                Effect(TurnEffects.PauseAgentAudio));

            foreach (TurnEvent e in events)
            {
                Assert.True(e.AtMs >= last, $"time went backwards at {e}");
                Assert.True(e.SinceMs <= e.AtMs, $"an event refers to the future: {e}");
                last = e.AtMs;
                Assert.False(mustEndAgent && e.Kind != TurnEventKind.AgentSpeechEnded, "barge.confirmed must be followed by agent.speech.ended");
                switch (e.Kind)
                {
                    case TurnEventKind.AgentSpeechStarted:
                        Assert.False(agentSpeaking);
                        agentSpeaking = true;
                        break;
                    case TurnEventKind.AgentSpeechEnded:
                        Assert.True(agentSpeaking);
                        agentSpeaking = bargeOpen = mustEndAgent = false;
                        break;
                    case TurnEventKind.BargeStarted:
                        Assert.True(agentSpeaking && !bargeOpen, "barge.started only while the agent speaks, one at a time");
                        Assert.NotEqual(BargeInMode.Disabled, policy.BargeIn);
                        bargeOpen = true;
                        break;
                    case TurnEventKind.BargeConfirmed:
                        Assert.True(agentSpeaking && bargeOpen, "barge.confirmed only for an open barge");
                        mustEndAgent = true;
                        break;
                    case TurnEventKind.BargeFalse:
                        Assert.True(agentSpeaking && bargeOpen, "barge.false only for an open barge");
                        Assert.Equal(BargeInMode.HoldAndConfirm, policy.BargeIn);
                        bargeOpen = false;
                        break;
                    case TurnEventKind.TurnStarted:
                        Assert.False(inTurn, "turn.started twice");
                        inTurn = true;
                        break;
                    case TurnEventKind.TurnCommitted or TurnEventKind.TurnDiscarded:
                        Assert.True(inTurn, "turn.committed without turn.started");
                        inTurn = false;
                        break;
                }
            }

            Assert.Equal(agentSpeaking, state.AgentSpeaking);
            Assert.Equal(bargeOpen, state.BargePending);
            Assert.Equal(inTurn, state.Caller == CallerPhase.InTurn);
        }

        return true;
    }

    private static TurnInput[] Build(IEnumerable<(int Op, int Length)> ops)
    {
        var inputs = new List<TurnInput>();
        long now = 0;
        bool agent = false;
        foreach (var (op, length) in ops)
        {
            switch (op)
            {
                case 6:
                    agent = true;
                    inputs.Add(TurnInput.AgentAudioStarted(now));
                    break;
                case 7:
                    agent = false;
                    inputs.Add(TurnInput.AgentAudioStopped(now));
                    break;
                case 8:
                    inputs.Add(TurnInput.CallerTranscript(now, length % 2 == 0 ? "mhm" : "what time is it", isFinal: length % 3 != 0));
                    break;
                case 9:
                    now += length * 25;
                    inputs.Add(TurnInput.Tick(now));
                    break;
                default:
                    for (int i = 0; i < length; i++, now += 20)
                    {
                        if (agent)
                        {
                            inputs.Add(TurnInput.AgentFrame(now, 20, -20));
                        }

                        inputs.Add(op switch
                        {
                            0 or 1 or 2 => TurnInput.CallerFrame(now, 20, true, -20),
                            3 => TurnInput.CallerFrame(now, 20, true, -40),
                            _ => TurnInput.CallerFrame(now, 20, false, -70),
                        });
                    }

                    break;
            }
        }

        return [.. inputs];
    }
}
