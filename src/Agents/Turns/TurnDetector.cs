namespace ClutchCall.Agents.Turns;

/// <summary>
/// The turn-taking state machine as a pure function: <c>(state, input) -> (state, events + effects)</c>.
/// No clock, no allocation, no hidden state: identical inputs give identical outputs.
/// </summary>
public static class TurnDetector
{
    /// <summary>Advances <paramref name="state"/> by one input and appends what happened to <paramref name="output"/>.</summary>
    public static TurnState Step(TurnState state, in TurnInput input, TurnPolicy policy, ref TurnOutput output)
    {
        ArgumentNullException.ThrowIfNull(policy);
        TurnState s = state;
        // Late or overlapping inputs never move time backwards, so event times never decrease.
        long now = Math.Max(s.NowMs, input.EndMs);
        s.NowMs = now;

        switch (input.Kind)
        {
            case TurnInputKind.CallerFrame:
                if (IsCallerSpeech(s, input, policy, now))
                {
                    OnCallerSpeech(ref s, input, policy, now, ref output);
                    return s;
                }

                break;
            case TurnInputKind.AgentFrame:
                TrackAgentLevel(ref s, input.LevelDbfs, now, policy);
                break;
            case TurnInputKind.AgentAudioStarted:
                if (!s.AgentSpeaking)
                {
                    s.AgentSpeaking = true;
                    s.AgentStartedMs = now;
                    output.Add(TurnEventKind.AgentSpeechStarted, now, now);
                }

                break;
            case TurnInputKind.AgentAudioStopped:
                if (s.AgentSpeaking)
                {
                    // A barge still pending when the agent finishes on its own needs no verdict: the caller's speech
                    // simply continues as an ordinary utterance.
                    EndAgentSpeech(ref s, now, ref output);
                }

                break;
            case TurnInputKind.CallerTranscript:
                OnTranscript(ref s, input, policy, now, ref output);
                break;
            case TurnInputKind.Tick:
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(input), input.Kind, "unknown turn input");
        }

        OnSilence(ref s, policy, now, ref output);
        return s;
    }

    /// <summary>True when the mic guard is on: agent audio is playing or stopped less than <see cref="TurnPolicy.MicGuard"/> ago.</summary>
    public static bool MicGuardActive(in TurnState state, TurnPolicy policy, long nowMs) =>
        policy.MicGuardMs > 0 && (state.AgentSpeaking || nowMs - state.AgentStoppedMs < policy.MicGuardMs);

    private static bool IsCallerSpeech(in TurnState s, in TurnInput input, TurnPolicy policy, long now)
    {
        if (!input.IsSpeech || (s.AgentSpeaking && policy.BargeIn == BargeInMode.Disabled))
        {
            return false;
        }

        if (!MicGuardActive(s, policy, now))
        {
            return true;
        }

        // Geigel double-talk test: echo is at least EchoLoss quieter than the agent audio that produced it.
        return input.LevelDbfs >= AgentReferenceDbfs(s, policy, now) - policy.MicGuardEchoLossDb;
    }

    private static void OnCallerSpeech(ref TurnState s, in TurnInput input, TurnPolicy policy, long now, ref TurnOutput output)
    {
        if (s.Caller == CallerPhase.Silent)
        {
            s.Caller = CallerPhase.Onset;
            s.SpeechStartMs = input.AtMs;
            s.SpeechMs = 0;
            s.Utterance = UtteranceContent.Unknown;
        }

        s.SpeechMs += input.DurationMs;
        s.LastSpeechEndMs = now;

        if (s.AgentSpeaking)
        {
            if (!s.BargePending)
            {
                s.BargePending = true;
                s.BargeStartMs = input.AtMs;
                s.BargeSpeechMs = 0;
                output.Add(TurnEventKind.BargeStarted, now, input.AtMs);
                if (policy.BargeIn == BargeInMode.HoldAndConfirm)
                {
                    output.Apply(TurnEffects.PauseAgentAudio);
                }
            }

            s.BargeSpeechMs += input.DurationMs;
            if (policy.BargeIn == BargeInMode.Instant || s.BargeSpeechMs >= policy.BargeInHoldMs)
            {
                output.Add(TurnEventKind.BargeConfirmed, now, s.BargeStartMs);
                output.Cancel(TurnEffects.PauseAgentAudio);
                output.Apply(TurnEffects.CutAgentAudio);
                EndAgentSpeech(ref s, now, ref output);
            }
        }

        if (!s.AgentSpeaking && s.Caller == CallerPhase.Onset && s.SpeechMs >= policy.MinTurnSpeechMs)
        {
            s.Caller = CallerPhase.InTurn;
            output.Add(TurnEventKind.TurnStarted, now, s.SpeechStartMs);
        }
    }

    private static void OnSilence(ref TurnState s, TurnPolicy policy, long now, ref TurnOutput output)
    {
        if (s.BargePending && now - s.LastSpeechEndMs >= policy.BargeInResumeAfterMs)
        {
            DeclareFalseBarge(ref s, now, ref output);
        }

        if (!s.BargePending && s.Caller != CallerPhase.Silent && now - s.LastSpeechEndMs >= policy.EndOfTurnSilenceMs)
        {
            if (s.Caller == CallerPhase.InTurn)
            {
                if (s.Utterance == UtteranceContent.Backchannel)
                {
                    output.Add(TurnEventKind.TurnDiscarded, now, s.SpeechStartMs);
                }
                else
                {
                    output.Add(TurnEventKind.TurnCommitted, now, s.SpeechStartMs);
                    output.Apply(TurnEffects.RequestReply);
                }
            }

            ResetUtterance(ref s);
        }
    }

    private static void OnTranscript(ref TurnState s, in TurnInput input, TurnPolicy policy, long now, ref TurnOutput output)
    {
        if (s.Caller == CallerPhase.Silent && !s.BargePending)
        {
            return; // a late transcript of an utterance already committed or dropped
        }

        bool backchannel = BackchannelMatcher.IsBackchannel(input.Text!, policy.BackchannelPhrases);
        s.Utterance = backchannel ? UtteranceContent.Backchannel : UtteranceContent.Words;
        if (backchannel && input.IsFinal && s.BargePending)
        {
            DeclareFalseBarge(ref s, now, ref output);
        }
    }

    private static void DeclareFalseBarge(ref TurnState s, long now, ref TurnOutput output)
    {
        s.BargePending = false;
        output.Add(TurnEventKind.BargeFalse, now, s.BargeStartMs);
        output.Cancel(TurnEffects.PauseAgentAudio);
        output.Apply(TurnEffects.ResumeAgentAudio);
        if (s.Caller == CallerPhase.Onset)
        {
            ResetUtterance(ref s); // it was a continuer or noise, not the start of a turn
        }
    }

    private static void EndAgentSpeech(ref TurnState s, long now, ref TurnOutput output)
    {
        s.AgentSpeaking = false;
        s.BargePending = false;
        s.AgentStoppedMs = now;
        output.Add(TurnEventKind.AgentSpeechEnded, now, s.AgentStartedMs);
    }

    /// <summary>The loudest agent audio of the last <see cref="TurnPolicy.MicGuard"/>, or -100 dBFS when none played.</summary>
    internal static double AgentReferenceDbfs(in TurnState s, TurnPolicy policy, long now)
    {
        long bucket = AgentBucketMs(policy);
        // The newest bucket may have started just before the agent stopped; three buckets keep the reference alive for
        // at least a whole guard after the last agent frame, which is what covers the echo tail.
        if (now - s.AgentBucketStartMs > 3 * bucket)
        {
            return -100;
        }

        return Math.Max(s.AgentPeakDbfs, s.AgentPreviousPeakDbfs);
    }

    private static long AgentBucketMs(TurnPolicy policy) => Math.Max(20, policy.MicGuardMs / 2);

    private static void TrackAgentLevel(ref TurnState s, double levelDbfs, long now, TurnPolicy policy)
    {
        long bucket = AgentBucketMs(policy);
        long age = now - s.AgentBucketStartMs;
        if (age < bucket)
        {
            s.AgentPeakDbfs = Math.Max(s.AgentPeakDbfs, levelDbfs);
            return;
        }

        s.AgentPreviousPeakDbfs = age < 2 * bucket ? s.AgentPeakDbfs : -100;
        s.AgentPeakDbfs = levelDbfs;
        s.AgentBucketStartMs = now;
    }

    private static void ResetUtterance(ref TurnState s)
    {
        s.Caller = CallerPhase.Silent;
        s.SpeechMs = 0;
        s.Utterance = UtteranceContent.Unknown;
    }
}
