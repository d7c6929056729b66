using ClutchCall.Agents.Sessions;

namespace ClutchCall.Agents.TextTurns;

/// <summary>The last messages of both sides, oldest first, capped. Thread-safe.</summary>
public sealed class ConversationHistory(int limit)
{
    private readonly Queue<ConversationMessage> _messages = new();
    private readonly Lock _lock = new();

    public void Add(string role, string text)
    {
        if (limit == 0 || string.IsNullOrWhiteSpace(text))
        {
            return;
        }

        lock (_lock)
        {
            _messages.Enqueue(new ConversationMessage(role, text));
            while (_messages.Count > limit)
            {
                _messages.Dequeue();
            }
        }
    }

    public IReadOnlyList<ConversationMessage> Snapshot()
    {
        lock (_lock)
        {
            return _messages.ToArray();
        }
    }
}
