using ClutchCall.Agents.Turns;

namespace ClutchCall.Agents.Corpus;

/// <summary>
/// Plays a scenario through a <see cref="TurnEngine"/> in 20 ms frames the way the call grain will: agent frames as they
/// are played (honouring pause, resume and cut), then the caller frame, which carries the echo of what was played.
/// </summary>
public static class ScenarioRunner
{
    public const int FrameMs = 20;

    /// <summary>How long after the caller's speech ends a recogniser's final transcript arrives, in transcript runs.</summary>
    public const int TranscriptDelayMs = 250;

    public static IReadOnlyList<TurnEvent> Run(Scenario scenario, TurnPolicy policy, bool transcripts = false)
    {
        int rate = scenario.SampleRate;
        int frameSamples = rate * FrameMs / 1000;
        var engine = new TurnEngine(policy, rate);
        var events = new List<TurnEvent>();
        int length = scenario.CallerSpeech.Length;
        var played = new short[length];
        var callerFrame = new short[frameSamples];
        var agentFrame = new short[frameSamples];
        double echoGain = Math.Pow(10, scenario.EchoGainDb / 20);
        int echoDelay = scenario.EchoDelayMs * rate / 1000;
        int agentPosition = 0;
        bool agentStarted = false, paused = false, cut = false, transcribed = !transcripts || scenario.CallerText is null;

        for (int start = 0; start + frameSamples <= length; start += frameSamples)
        {
            long at = start * 1000L / rate;
            bool agentFinishedNow = false;
            if (scenario.AgentClip is { } clip && !cut && at >= scenario.AgentStartMs && agentPosition < clip.Length)
            {
                if (!agentStarted)
                {
                    agentStarted = true;
                    Collect(engine.OnAgentAudioStarted(at), events, ref paused, ref cut);
                }

                if (!paused)
                {
                    Array.Clear(agentFrame);
                    int n = Math.Min(frameSamples, clip.Length - agentPosition);
                    clip.AsSpan(agentPosition, n).CopyTo(agentFrame);
                    agentFrame.CopyTo(played.AsSpan(start));
                    agentPosition += n;
                    Collect(engine.OnAgentAudio(agentFrame, at), events, ref paused, ref cut);
                    agentFinishedNow = agentPosition >= clip.Length;
                }
            }

            for (int i = 0; i < frameSamples; i++)
            {
                int t = start + i;
                double echo = t >= echoDelay ? played[t - echoDelay] * echoGain : 0;
                callerFrame[i] = Track.Saturate(scenario.CallerSpeech[t] + scenario.Noise[t] + echo);
            }

            Collect(engine.OnCallerAudio(callerFrame, at), events, ref paused, ref cut);
            if (!transcribed && at + FrameMs >= scenario.CallerSpeechEndMs + TranscriptDelayMs)
            {
                transcribed = true;
                Collect(engine.OnCallerTranscript(scenario.CallerText!, isFinal: true, at + FrameMs), events, ref paused, ref cut);
            }

            if (agentFinishedNow && !cut)
            {
                Collect(engine.OnAgentAudioStopped(at + FrameMs), events, ref paused, ref cut);
            }
        }

        return events;
    }

    private static void Collect(in TurnOutput output, List<TurnEvent> events, ref bool paused, ref bool cut)
    {
        for (int i = 0; i < output.Count; i++)
        {
            events.Add(output[i]);
        }

        if ((output.Effects & TurnEffects.PauseAgentAudio) != 0)
        {
            paused = true;
        }

        if ((output.Effects & TurnEffects.ResumeAgentAudio) != 0)
        {
            paused = false;
        }

        if ((output.Effects & TurnEffects.CutAgentAudio) != 0)
        {
            cut = true;
        }
    }
}
