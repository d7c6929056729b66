namespace ClutchCall.Sdk;

/// <summary>A call as the engine reports it (the JSON of GET /calls/{sid}).</summary>
public sealed record CallData
{
    public required string Sid { get; init; }
    public string OrgId { get; init; } = "";
    public string Direction { get; init; } = "outbound";
    public CallStatus Status { get; init; }
    public string To { get; init; } = "";
    public string From { get; init; } = "";
    public string? TrunkId { get; init; }
    public string? Agent { get; init; }
    public AgentSpec? AgentSpec { get; init; }
    public int RingTimeoutSec { get; init; }
    public DateTimeOffset StartedAt { get; init; }
    public DateTimeOffset? AnsweredAt { get; init; }
    public DateTimeOffset? EndedAt { get; init; }
    public string? EndReason { get; init; }
    public InboundInfo? Inbound { get; init; }
    public IReadOnlyList<TransferInfo> Transfers { get; init; } = [];

    /// <summary>Both sides of the conversation with the agent, oldest first.</summary>
    public IReadOnlyList<TranscriptLine> Transcript { get; init; } = [];

    /// <summary>Finished recordings (<c>record</c> on the agent spec).</summary>
    public IReadOnlyList<RecordingInfo> Recordings { get; init; } = [];
}

/// <summary>One utterance of the conversation; <c>Role</c> is "caller" or "agent".</summary>
public sealed record TranscriptLine(string Role, string Text, DateTimeOffset At);

/// <summary>A finished recording; <c>Legs</c> is "caller" (mono) or "both" (stereo: caller left, agent right).</summary>
public sealed record RecordingInfo(string Path, string Legs, int SampleRate, int Channels, double DurationSec, DateTimeOffset StartedAt);

/// <summary>Inbound flow state, conference membership and the agent's audio mode.</summary>
public sealed record InboundInfo(InboundState State, ConferenceMode? Mode, bool AgentInCall, bool CalleeInCall);

public sealed record TransferInfo(DateTimeOffset At, string? To, string? Agent);

/// <summary>Arguments of <see cref="CallsClient.OriginateAsync"/>.</summary>
public sealed record OriginateArgs
{
    /// <summary>E.164 destination.</summary>
    public required string To { get; init; }

    /// <summary>Caller id, E.164.</summary>
    public required string From { get; init; }

    /// <summary>Trunk to route over (trunk_sim in the embedded engine).</summary>
    public required string TrunkId { get; init; }

    /// <summary>Agent id to attach on answer.</summary>
    public string? Agent { get; init; }

    /// <summary>Inline agent instead of an id.</summary>
    public AgentSpec? AgentSpec { get; init; }

    /// <summary>Seconds to ring; the server clamps to 5..120, default 30.</summary>
    public int? RingTimeoutSec { get; init; }
}

/// <summary>Exactly one of a PSTN number and an agent. A string converts to a number target.</summary>
public sealed record TransferTarget
{
    private TransferTarget(string? to, string? agent) => (To, Agent) = (to, agent);

    public string? To { get; }

    public string? Agent { get; }

    public static TransferTarget ToNumber(string to) => new(to ?? throw new ArgumentNullException(nameof(to)), null);

    public static TransferTarget ToAgent(string agent) => new(null, agent ?? throw new ArgumentNullException(nameof(agent)));

    public static implicit operator TransferTarget(string to) => ToNumber(to);
}

/// <summary>A page of calls, newest first.</summary>
public sealed record CallPage(IReadOnlyList<Call> Items, string? NextCursor);

/// <summary>Filters of <see cref="CallsClient.ListAsync"/>.</summary>
public sealed record ListCallsArgs(CallStatus? Status = null, int? Limit = null, string? Cursor = null);
