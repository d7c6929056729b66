using ClutchCall.Grains.Interfaces;

namespace ClutchCall.Grains.Agents;

/// <summary>What an agent run reports to its call grain, drained from a turn and written as events (and transcript state).</summary>
public abstract record AgentActivity(DateTimeOffset At);

/// <summary>A turn or barge event; <paramref name="Type"/> is its wire name (turn.committed, barge.confirmed...).</summary>
public sealed record AgentTurnActivity(string Type, DateTimeOffset At, DateTimeOffset Since) : AgentActivity(At);

public sealed record AgentTranscriptActivity(string Role, string Text, DateTimeOffset At) : AgentActivity(At);

public sealed record AgentErrorActivity(string Code, string Message, bool Fatal, DateTimeOffset At) : AgentActivity(At);

public sealed record AgentRecordingActivity(RecordingInfo Recording, DateTimeOffset At) : AgentActivity(At);
