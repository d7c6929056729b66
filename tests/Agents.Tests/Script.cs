using ClutchCall.Agents.Turns;

namespace ClutchCall.Agents.Tests;

/// <summary>
/// A tiny language for turn-detector inputs in 20 ms frames, so transition tables read like timelines:
/// <c>S600</c> caller speech (-20 dBFS), <c>s600</c> quiet caller speech (-40 dBFS), <c>Q600</c> caller silence,
/// <c>A+</c>/<c>A-</c> agent audio starts/stops (while it plays every frame also feeds an agent frame at -20 dBFS),
/// <c>K1200</c> a tick at absolute time 1200 ms, <c>T:text</c> a final transcript, <c>t:text</c> an interim one.
/// </summary>
internal static class Script
{
    public const int FrameMs = 20;

    public static List<TurnInput> Parse(string script)
    {
        var inputs = new List<TurnInput>();
        long now = 0;
        bool agent = false;
        foreach (string token in script.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            switch (token[0])
            {
                case 'A':
                    agent = token[1] == '+';
                    inputs.Add(agent ? TurnInput.AgentAudioStarted(now) : TurnInput.AgentAudioStopped(now));
                    break;
                case 'T' or 't':
                    inputs.Add(TurnInput.CallerTranscript(now, token[2..].Replace('_', ' '), isFinal: token[0] == 'T'));
                    break;
                case 'K':
                    now = long.Parse(token[1..], System.Globalization.CultureInfo.InvariantCulture);
                    inputs.Add(TurnInput.Tick(now));
                    break;
                case 'S' or 's' or 'Q':
                    int ms = int.Parse(token[1..], System.Globalization.CultureInfo.InvariantCulture);
                    for (int t = 0; t < ms; t += FrameMs, now += FrameMs)
                    {
                        if (agent)
                        {
                            inputs.Add(TurnInput.AgentFrame(now, FrameMs, -20));
                        }

                        inputs.Add(token[0] switch
                        {
                            'S' => TurnInput.CallerFrame(now, FrameMs, true, -20),
                            's' => TurnInput.CallerFrame(now, FrameMs, true, -40),
                            _ => TurnInput.CallerFrame(now, FrameMs, false, -70),
                        });
                    }

                    break;
                default:
                    throw new ArgumentException($"bad script token {token}");
            }
        }

        return inputs;
    }

    public static (List<TurnEvent> Events, List<(long At, TurnEffects Effects)> Effects, TurnState State) Run(IEnumerable<TurnInput> inputs, TurnPolicy policy)
    {
        var events = new List<TurnEvent>();
        var effects = new List<(long, TurnEffects)>();
        TurnState state = TurnState.Initial;
        foreach (TurnInput input in inputs)
        {
            var output = default(TurnOutput);
            state = TurnDetector.Step(state, input, policy, ref output);
            events.AddRange(output.ToArray());
            if (output.Effects != TurnEffects.None)
            {
                effects.Add((state.NowMs, output.Effects));
            }
        }

        return (events, effects, state);
    }

    public static string Format(IEnumerable<TurnEvent> events) => string.Join(' ', events.Select(e => $"{e.Name}@{e.AtMs}"));
}
