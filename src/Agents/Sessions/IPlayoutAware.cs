namespace ClutchCall.Agents.Sessions;

/// <summary>
/// A model leg that wants to know how much of a reply the caller actually heard, so its memory of the conversation
/// matches the call (the OpenAI Realtime <c>conversation.item.truncate</c>). Optional: the engine calls it, from the
/// media loop, when a barge-in cuts a reply.
/// </summary>
public interface IPlayoutAware
{
    /// <summary>The current reply was cut after <paramref name="played"/> of its audio had been played to the caller.</summary>
    void OnPlayoutCut(TimeSpan played);
}
