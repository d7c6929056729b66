namespace ClutchCall.Grains.Interfaces;

/// <summary>Event types on the call and org streams (the SSE "event:" field).</summary>
public static class CallEventTypes
{
    /// <summary>Status changed (including the first "dialing" of a new call). Data: <see cref="CallStatusChanged"/>.</summary>
    public const string Status = "call.status";

    /// <summary>A call arrived on a trunk and waits in PENDING. Data: <see cref="CallIncoming"/>.</summary>
    public const string Incoming = "call.incoming";

    /// <summary>Data: <see cref="AgentChanged"/>.</summary>
    public const string AgentAttached = "call.agent.attached";

    /// <summary>Data: <see cref="AgentChanged"/>.</summary>
    public const string AgentDetached = "call.agent.detached";

    /// <summary>Data: <see cref="CallTransferred"/>.</summary>
    public const string Transferred = "call.transferred";

    /// <summary>
    /// Inbound state or conference membership/mode changed (data: <see cref="BridgeChanged"/>), or an audio bridge
    /// attached or detached (data: <see cref="AudioBridgeChanged"/>, which has a "change" field).
    /// </summary>
    public const string Bridge = "call.bridge";

    /// <summary>An audio bridge was refused (data: <see cref="AudioBridgeRefused"/>): a token for another role or call,
    /// or a bridge the call could not take (not answered, ended, bad format).</summary>
    public const string BridgeRefused = "call.bridge.refused";

    /// <summary>Turn taking and barge-in on the agent leg (data: <see cref="AgentTurnEvent"/>): turn.started, turn.committed,
    /// turn.discarded, barge.started, barge.confirmed, barge.false, agent.speech.started, agent.speech.ended.</summary>
    public static readonly IReadOnlyList<string> Turns =
        ["turn.started", "turn.committed", "turn.discarded", "barge.started", "barge.confirmed", "barge.false", "agent.speech.started", "agent.speech.ended"];

    /// <summary>One utterance of either side was transcribed. Data: <see cref="CallTranscriptEvent"/>.</summary>
    public const string Transcript = "call.transcript";

    /// <summary>The agent's model leg failed (slow, failing or malformed reply, lost connection). Data: <see cref="AgentErrorEvent"/>.</summary>
    public const string AgentError = "agent.error";

    /// <summary>A recording finished. Data: <see cref="RecordingCompleted"/>.</summary>
    public const string RecordingCompleted = "call.recording";

    /// <summary>A DTMF digit from the caller's leg. Data: <see cref="CallDtmf"/>.</summary>
    public const string Dtmf = "call.dtmf";

    /// <summary>How a transfer to a PSTN number goes on the trunk (REFER, NOTIFY sipfrag, or the bridge fallback). Data: <see cref="CallTransferProgress"/>.</summary>
    public const string TransferProgress = "call.transfer.progress";

    public static readonly IReadOnlyList<string> All = [Status, Incoming, AgentAttached, AgentDetached, Transferred, Bridge, Dtmf, TransferProgress];
}
