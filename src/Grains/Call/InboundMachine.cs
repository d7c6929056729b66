using ClutchCall.Grains.Interfaces;

namespace ClutchCall.Grains.Call;

/// <summary>
/// Inbound call flows as pure functions. PENDING -> ANSWERED -> CONNECTED -> DISCONNECTED, or PENDING -> CONNECTED
/// (connect without answer). After connect the caller, the original callee and (if it answered) the agent share a
/// conference, barge mode by default; close then lets the agent leave while the other two keep talking.
/// </summary>
public static class InboundMachine
{
    public static CallDecision RingIn(CallState state, string sid, IncomingCall request, DateTimeOffset now)
    {
        if (state.Exists)
        {
            return CallDecision.Refuse(state, CallErrorKind.Conflict, "A call with this sid already exists.");
        }
        var created = new CallState
        {
            Sid = sid,
            OrgId = request.OrgId,
            Direction = CallDirection.Inbound,
            Status = CallStatus.Ringing,
            To = request.To,
            From = request.From,
            TrunkId = request.TrunkId,
            StartedAt = now,
            Inbound = new InboundCallState(InboundState.Pending, null, AgentInCall: false, CalleeInCall: false),
        };
        IReadOnlyList<CallEffect> effects =
        [
            new IndexCall(request.OrgId, sid, now),
            new EmitEvent(CallEventTypes.Status, new CallStatusChanged(sid, request.OrgId, CallStatus.Ringing, null, null, now)),
            new EmitEvent(CallEventTypes.Incoming, new CallIncoming(sid, request.OrgId, request.From, request.To, request.TrunkId, now)),
        ];
        return new CallDecision(created, effects, null);
    }

    public static CallDecision Apply(CallState state, InboundCommandRequest request, DateTimeOffset now)
    {
        if (CallGuards.NotFound(state, request.OrgId) is { } missing)
        {
            return missing;
        }
        if (state.Inbound is not { } inbound)
        {
            return CallDecision.Refuse(state, CallErrorKind.Conflict, "Call commands apply to inbound calls; this call is outbound.");
        }
        return (inbound.State, request.Command) switch
        {
            (InboundState.Disconnected, InboundCommand.Close or InboundCommand.Disconnect) => CallDecision.Unchanged(state),
            (InboundState.Disconnected, _) => Conflict(state, "The call has ended."),
            (_, InboundCommand.Disconnect) => Disconnect(state, request.Command, "disconnected", now),

            (InboundState.Pending, InboundCommand.Answer) => Answer(state, now),
            (InboundState.Pending or InboundState.Answered, InboundCommand.Connect) => Connect(state, request.RingTimeSeconds, now),
            (InboundState.Pending, InboundCommand.Close) =>
                Conflict(state, "The call is still pending: answer or connect it first, or disconnect to reject it."),
            (InboundState.Answered, InboundCommand.Close) => Disconnect(state, request.Command, "agent_closed", now),
            (InboundState.Connected, InboundCommand.Close) => LeaveConference(state, now),

            (InboundState.Connected, InboundCommand.Whisper) => SetMode(state, request.Command, ConferenceMode.Whisper, now),
            (InboundState.Connected, InboundCommand.Barge) => SetMode(state, request.Command, ConferenceMode.Barge, now),
            (InboundState.Connected, InboundCommand.Spy) => SetMode(state, request.Command, ConferenceMode.Spy, now),
            (_, InboundCommand.Whisper or InboundCommand.Barge or InboundCommand.Spy) =>
                Conflict(state, $"{Name(request.Command)} switches the agent's audio in a conference: connect first."),

            (InboundState.Answered or InboundState.Connected, InboundCommand.Answer) => Conflict(state, "The call is already answered."),
            (InboundState.Connected, InboundCommand.Connect) => Conflict(state, "The call is already connected to the callee."),
            _ => Conflict(state, $"{Name(request.Command)} does not apply in state {inbound.State}."),
        };
    }

    private static CallDecision Answer(CallState state, DateTimeOffset now)
    {
        var effects = new List<CallEffect>();
        var next = CallMachine.ChangeStatus(state, CallStatus.InProgress, null, now, effects) with
        {
            AnsweredAt = now,
            Inbound = state.Inbound! with { State = InboundState.Answered, AgentInCall = true },
        };
        effects.Add(Bridge(next, InboundCommand.Answer, now));
        effects.Add(new LegCommand(LegAction.Answer));
        return new CallDecision(next, effects, null);
    }

    private static CallDecision Connect(CallState state, int? ringTimeSeconds, DateTimeOffset now)
    {
        var inbound = state.Inbound!;
        var effects = new List<CallEffect>();
        var next = state;
        if (state.Status != CallStatus.InProgress)
        {
            next = CallMachine.ChangeStatus(state, CallStatus.InProgress, null, now, effects) with { AnsweredAt = now };
            effects.Add(new LegCommand(LegAction.Answer));
        }
        // The agent is in the conference only if it answered first; connect without answer routes caller to callee directly.
        var agentInCall = inbound.State == InboundState.Answered;
        next = next with
        {
            Inbound = inbound with
            {
                State = InboundState.Connected,
                CalleeInCall = true,
                AgentInCall = agentInCall,
                Mode = agentInCall ? ConferenceMode.Barge : null,
                ConnectRingTimeSeconds = ringTimeSeconds ?? InboundCommandNames.DefaultConnectRingTimeSeconds,
            },
        };
        effects.Add(Bridge(next, InboundCommand.Connect, now));
        // On a SIP trunk the edge dials the original callee as a second leg; the simulated trunk's callee joins in the grain.
        effects.Add(new LegCommand(LegAction.Connect, LegCommands.ConnectArgument(state.To, next.Inbound!.ConnectRingTimeSeconds!.Value)));
        return new CallDecision(next, effects, null);
    }

    private static CallDecision SetMode(CallState state, InboundCommand command, ConferenceMode mode, DateTimeOffset now)
    {
        var inbound = state.Inbound!;
        if (!inbound.AgentInCall)
        {
            return Conflict(state, "The agent is not in the conference (connected without answer, or closed).");
        }
        if (inbound.Mode == mode)
        {
            return CallDecision.Unchanged(state);
        }
        var next = state with { Inbound = inbound with { Mode = mode } };
        return new CallDecision(next, [Bridge(next, command, now)], null);
    }

    /// <summary>close after connect: the agent leaves; caller and callee stay connected.</summary>
    private static CallDecision LeaveConference(CallState state, DateTimeOffset now)
    {
        var inbound = state.Inbound!;
        if (!inbound.AgentInCall)
        {
            return CallDecision.Unchanged(state);
        }
        var next = state with { Inbound = inbound with { AgentInCall = false, Mode = null } };
        return new CallDecision(next, [Bridge(next, InboundCommand.Close, now)], null);
    }

    /// <summary>
    /// The connected callee's leg ended on its own (busy, no answer, hung up): it leaves the conference and the call goes
    /// on with the caller (and the agent, if it is in). The event carries no command, and <paramref name="reason"/> says why.
    /// </summary>
    public static CallDecision CalleeLeft(CallState state, string reason, DateTimeOffset now)
    {
        if (state.Inbound is not { CalleeInCall: true } inbound || state.Status.IsTerminal())
        {
            return CallDecision.Unchanged(state);
        }
        var next = state with { Inbound = inbound with { CalleeInCall = false } };
        return new CallDecision(next, [Bridge(next, null, now, reason)], null);
    }

    private static CallDecision Disconnect(CallState state, InboundCommand command, string reason, DateTimeOffset now)
    {
        var wasPending = state.Inbound!.State == InboundState.Pending;
        var effects = new List<CallEffect>();
        var ended = CallMachine.End(state, CallStatus.Completed, wasPending ? "rejected" : reason, now, effects);
        ended = ended with { Inbound = ended.Inbound! with { State = InboundState.Disconnected, AgentInCall = false, CalleeInCall = false, Mode = null } };
        effects.Insert(1, Bridge(ended, command, now));
        return new CallDecision(ended, effects, null);
    }

    private static EmitEvent Bridge(CallState state, InboundCommand? command, DateTimeOffset now, string? reason = null)
    {
        var inbound = state.Inbound!;
        var participants = new List<string>(3);
        if (inbound.State != InboundState.Disconnected)
        {
            participants.Add("caller");
            if (inbound.AgentInCall)
            {
                participants.Add("agent");
            }
            if (inbound.CalleeInCall)
            {
                participants.Add("callee");
            }
        }
        return new EmitEvent(CallEventTypes.Bridge, new BridgeChanged(state.Sid, state.OrgId, command, inbound.State, inbound.Mode, participants, now, reason));
    }

    private static CallDecision Conflict(CallState state, string detail) => CallDecision.Refuse(state, CallErrorKind.Conflict, detail);

    private static string Name(InboundCommand command) => command.ToString().ToLowerInvariant();
}
