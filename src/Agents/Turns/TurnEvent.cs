namespace ClutchCall.Agents.Turns;

/// <summary>What the turn detector reports on the call's event stream.</summary>
public enum TurnEventKind
{
    /// <summary>The caller has spoken long enough (<see cref="TurnPolicy.MinTurnSpeech"/>) for a turn.</summary>
    TurnStarted,

    /// <summary>The caller's turn ended: the agent should reply now.</summary>
    TurnCommitted,

    /// <summary>A started turn turned out to be only backchannel phrases (transcript); nothing to reply to.</summary>
    TurnDiscarded,

    /// <summary>Caller speech began while the agent was speaking.</summary>
    BargeStarted,

    /// <summary>The barge-in was sustained: the agent has been cut.</summary>
    BargeConfirmed,

    /// <summary>The barge-in was a false alarm (too short, or a backchannel): the agent resumes.</summary>
    BargeFalse,

    /// <summary>The agent's audio began playing to the caller.</summary>
    AgentSpeechStarted,

    /// <summary>The agent's audio ended, either played out or cut by a barge-in.</summary>
    AgentSpeechEnded,
}

/// <summary>One turn event.</summary>
/// <param name="Kind">What happened.</param>
/// <param name="AtMs">Media time (ms) at which the detector decided it. Never decreases within a detector.</param>
/// <param name="SinceMs">
/// Media time (ms) the event refers back to: the onset of the caller's speech for turn and barge events, the start of
/// the agent's audio for <c>agent.speech.ended</c>; equal to <paramref name="AtMs"/> otherwise.
/// </param>
public readonly record struct TurnEvent(TurnEventKind Kind, long AtMs, long SinceMs)
{
    /// <summary>The event type on the call's event stream, e.g. <c>turn.committed</c>.</summary>
    public string Name => WireName(Kind);

    public static string WireName(TurnEventKind kind) => kind switch
    {
        TurnEventKind.TurnStarted => "turn.started",
        TurnEventKind.TurnCommitted => "turn.committed",
        TurnEventKind.TurnDiscarded => "turn.discarded",
        TurnEventKind.BargeStarted => "barge.started",
        TurnEventKind.BargeConfirmed => "barge.confirmed",
        TurnEventKind.BargeFalse => "barge.false",
        TurnEventKind.AgentSpeechStarted => "agent.speech.started",
        TurnEventKind.AgentSpeechEnded => "agent.speech.ended",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown turn event"),
    };
}
