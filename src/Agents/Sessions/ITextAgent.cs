namespace ClutchCall.Agents.Sessions;

/// <summary>
/// The brain of a text turn loop (webhook voice mode, hosted LLM mode, the scripted local agent): given what the
/// caller said, stream what to say back. Speech recognition and synthesis happen around it (<see cref="ISpeechRecognizer"/>,
/// <see cref="ISpeechSynthesizer"/>). Failures throw <see cref="AgentReplyException"/>; cancellation means a barge-in.
/// </summary>
public interface ITextAgent
{
    IAsyncEnumerable<ReplyChunk> ReplyAsync(TextTurn turn, CancellationToken ct);
}

/// <summary>One caller turn for a text agent.</summary>
/// <param name="Text">What the caller said (the final transcript of the turn).</param>
/// <param name="RecentHistory">The conversation so far, oldest first, without this turn.</param>
public sealed record TextTurn(string CallSid, string OrgId, string Text, IReadOnlyList<ConversationMessage> RecentHistory);

/// <param name="Role"><see cref="TranscriptRoles.Agent"/> or <see cref="TranscriptRoles.Caller"/>.</param>
public sealed record ConversationMessage(string Role, string Text);

/// <summary>A piece of the reply. Interim chunks are spoken as they come; the first non-interim chunk ends the reply.</summary>
public sealed record ReplyChunk(string Text, bool Interim);

/// <summary>A text agent could not answer: <see cref="Code"/> as in <see cref="AgentError"/>.</summary>
public sealed class AgentReplyException(string code, string message, Exception? inner = null) : Exception(message, inner)
{
    public string Code { get; } = code;
}
