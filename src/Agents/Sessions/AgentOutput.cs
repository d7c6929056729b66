namespace ClutchCall.Agents.Sessions;

/// <summary>One item a model leg produces.</summary>
public abstract record AgentOutput;

/// <summary>A piece of the agent's speech: PCM16 mono at the session's output rate, any length.</summary>
public sealed record AgentAudio(ReadOnlyMemory<short> Pcm) : AgentOutput;

/// <summary>Text of either side. <paramref name="Role"/> is <see cref="TranscriptRoles.Agent"/> or <see cref="TranscriptRoles.Caller"/>.</summary>
public sealed record AgentTranscript(string Role, string Text, bool Final) : AgentOutput;

/// <summary>The current response has no more audio to come (played out or cancelled).</summary>
public sealed record AgentResponseDone(bool Cancelled) : AgentOutput;

/// <summary>
/// Something went wrong on the model leg: a slow, failing or malformed reply, a lost connection.
/// <paramref name="Code"/> is short and stable (<c>timeout</c>, <c>http_500</c>, <c>malformed</c>, <c>connection_lost</c>...).
/// When <paramref name="Fatal"/> the session is over; the engine plays a fallback and the call stays up.
/// </summary>
public sealed record AgentError(string Code, string Message, bool Fatal) : AgentOutput;

public static class TranscriptRoles
{
    public const string Agent = "agent";
    public const string Caller = "caller";
}
