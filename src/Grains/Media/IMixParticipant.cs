namespace ClutchCall.Grains.Media;

/// <summary>
/// An in-process party in a call's mix, such as the agent: it hears the caller and speaks to the caller, in the hub's
/// mix format (<see cref="CallMediaHub.MixFormat"/>, 16 kHz PCM16 mono, 20 ms), once per tick. Called only from the
/// hub's media loop, so it must not block.
/// </summary>
public interface IMixParticipant
{
    /// <summary>This tick's caller audio; empty when the caller sent nothing (loss, a paused leg).</summary>
    void Hear(ReadOnlySpan<short> callerPcm, long timestampUs);

    /// <summary>Fills this tick's audio for the caller; false when the participant is silent.</summary>
    bool TrySpeak(Span<short> pcm, long timestampUs);

    /// <summary>The participant left the mix (detached, swapped, or the call ended). Called once, from the loop.</summary>
    void Complete();
}
