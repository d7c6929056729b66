namespace ClutchCall.Agents.Turns;

/// <summary>What the call must do to the agent's audio after a step. Several may be set; apply them in declaration order.</summary>
[Flags]
public enum TurnEffects
{
    None = 0,

    /// <summary>Stop playing agent audio but keep what is queued (hold-and-confirm barge-in pending).</summary>
    PauseAgentAudio = 1,

    /// <summary>Continue playing the queued agent audio (false barge-in).</summary>
    ResumeAgentAudio = 2,

    /// <summary>Drop the queued agent audio and cancel the agent's response (confirmed barge-in).</summary>
    CutAgentAudio = 4,

    /// <summary>The caller's turn is complete: ask the agent for a reply.</summary>
    RequestReply = 8,
}
