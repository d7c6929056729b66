namespace ClutchCall.Agents.Turns;

/// <summary>How caller speech during agent audio interrupts the agent.</summary>
public enum BargeInMode
{
    /// <summary>
    /// The agent is paused on the first speech frame and cut only after <see cref="TurnPolicy.BargeInHold"/> of sustained
    /// speech; if the caller falls silent first, the agent resumes (<c>barge.false</c>). For legs without echo cancellation.
    /// </summary>
    HoldAndConfirm,

    /// <summary>The agent is cut on the first speech frame. For legs with echo cancellation (browser, WebRTC).</summary>
    Instant,

    /// <summary>The agent cannot be interrupted; caller speech during agent audio is ignored.</summary>
    Disabled,
}
