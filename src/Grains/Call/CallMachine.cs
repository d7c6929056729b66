using ClutchCall.Grains.Interfaces;

namespace ClutchCall.Grains.Call;

/// <summary>
/// The call lifecycle as pure functions: (state, command, now) -> decision. No I/O, no clock of its own.
/// Outbound: dialing -> ringing -> in_progress -> completed, or failed / no_answer. Inbound flows live in <see cref="InboundMachine"/>.
/// </summary>
public static partial class CallMachine
{
    /// <summary>Creates an outbound call. A repeat with the same fingerprint (Idempotency-Key retry) returns the call unchanged.</summary>
    public static CallDecision Originate(CallState state, string sid, OriginateCall request, IReadOnlyList<ScheduledSignal> plan, DateTimeOffset now)
    {
        if (state.Exists)
        {
            if (request.Fingerprint is not null && state.OrgId == request.OrgId && state.Fingerprint == request.Fingerprint)
            {
                return CallDecision.Unchanged(state);
            }
            return CallDecision.Refuse(state, CallErrorKind.Conflict,
                "A different request already used this Idempotency-Key.", "Idempotency-Key");
        }
        var agent = request.AgentId is null && request.AgentSpec is null ? null : new AgentBinding(request.AgentId, request.AgentSpec, now);
        var created = new CallState
        {
            Sid = sid,
            OrgId = request.OrgId,
            Direction = CallDirection.Outbound,
            Status = CallStatus.Dialing,
            To = request.To,
            From = request.From,
            TrunkId = request.TrunkId,
            Agent = agent,
            RingTimeoutSec = request.RingTimeoutSec,
            StartedAt = now,
            RingDeadline = now + TimeSpan.FromSeconds(request.RingTimeoutSec),
            PendingSignals = plan,
            Fingerprint = request.Fingerprint,
        };
        var effects = new List<CallEffect>
        {
            new IndexCall(created.OrgId, sid, now),
            new EmitEvent(CallEventTypes.Status, new CallStatusChanged(sid, created.OrgId, CallStatus.Dialing, null, null, now)),
            new SetReminder(CallReminders.RingTimeout, created.RingDeadline.Value),
        };
        if (plan.Count > 0)
        {
            effects.Add(new SetReminder(CallReminders.Trunk, plan[0].At));
        }
        return new CallDecision(created, effects, null);
    }

    /// <summary>Applies every trunk signal due by now, in order, and re-arms the trunk reminder for the next one.</summary>
    public static CallDecision OnTrunkReminder(CallState state, DateTimeOffset now)
    {
        if (!state.Exists)
        {
            return CallDecision.Unchanged(state);
        }
        var effects = new List<CallEffect>();
        var current = state;
        var remaining = state.PendingSignals;
        while (remaining.Count > 0 && remaining[0].At <= now && !current.Status.IsTerminal())
        {
            current = ApplySignal(current, remaining[0], effects);
            remaining = remaining.Skip(1).ToArray();
        }
        if (current.Status.IsTerminal())
        {
            remaining = [];
        }
        current = current with { PendingSignals = remaining };
        if (remaining.Count > 0)
        {
            effects.Add(new SetReminder(CallReminders.Trunk, remaining[0].At));
        }
        return new CallDecision(current, effects, null);
    }

    /// <summary>The ring timeout fired: an outbound call still unanswered ends as no_answer.</summary>
    public static CallDecision OnRingTimeout(CallState state, DateTimeOffset now)
    {
        if (!state.Exists || state.Status is not (CallStatus.Dialing or CallStatus.Ringing) || state.RingDeadline is not { } deadline)
        {
            return CallDecision.Unchanged(state);
        }
        if (now < deadline)
        {
            return new CallDecision(state, [new SetReminder(CallReminders.RingTimeout, deadline)], null);
        }
        var effects = new List<CallEffect>();
        return new CallDecision(End(state, CallStatus.NoAnswer, "ring_timeout", now, effects), effects, null);
    }

    /// <summary>Ends the call. Hangup of a call that already ended is accepted and changes nothing.</summary>
    public static CallDecision Hangup(CallState state, HangupCall request, DateTimeOffset now)
    {
        if (CallGuards.NotFound(state, request.OrgId) is { } missing)
        {
            return missing;
        }
        if (state.Status.IsTerminal())
        {
            return CallDecision.Unchanged(state);
        }
        var reason = request.Reason ?? state.Status switch
        {
            CallStatus.InProgress => "hangup",
            _ when state.Direction == CallDirection.Inbound => "rejected",
            _ => "canceled",
        };
        var effects = new List<CallEffect>();
        var ended = End(state, CallStatus.Completed, reason, now, effects);
        if (ended.Inbound is { } inbound)
        {
            ended = ended with { Inbound = inbound with { State = InboundState.Disconnected, AgentInCall = false, CalleeInCall = false, Mode = null } };
        }
        return new CallDecision(ended, effects, null);
    }

    /// <summary>Moves a live call to a PSTN number or another agent; the sid stays. Exactly one target.</summary>
    public static CallDecision Transfer(CallState state, TransferCall request, DateTimeOffset now)
    {
        if (CallGuards.NotFound(state, request.OrgId) is { } missing)
        {
            return missing;
        }
        var toAgent = request.AgentId is not null || request.AgentSpec is not null;
        if ((request.To is null) == !toAgent || (request.AgentId is not null && request.AgentSpec is not null))
        {
            return CallDecision.Refuse(state, CallErrorKind.Invalid, "Give exactly one transfer target: to or agent.", "to");
        }
        if (request.To is not null && !E164.IsValid(request.To))
        {
            return CallDecision.Refuse(state, CallErrorKind.Invalid, "to must be an E.164 number such as +15557654321.", "to");
        }
        if (state.Status != CallStatus.InProgress)
        {
            return CallDecision.Refuse(state, CallErrorKind.Conflict, state.Status.IsTerminal()
                ? $"The call has ended ({state.Status.ToWire()}); it cannot be transferred."
                : $"The call is {state.Status.ToWire()}; only an answered call can be transferred.");
        }
        var effects = new List<CallEffect>();
        var next = state;
        if (state.Agent is { } old)
        {
            effects.Add(new EmitEvent(CallEventTypes.AgentDetached, new AgentChanged(state.Sid, state.OrgId, old.DisplayName, old.Spec?.Redacted(), now)));
            next = next with { Agent = null };
        }
        if (toAgent)
        {
            var binding = new AgentBinding(request.AgentId, request.AgentSpec, now);
            next = next with { Agent = binding };
            effects.Add(new EmitEvent(CallEventTypes.AgentAttached, new AgentChanged(state.Sid, state.OrgId, binding.DisplayName, binding.Spec?.Redacted(), now)));
        }
        var agentName = toAgent ? next.Agent!.DisplayName : null;
        next = next with { Transfers = [.. state.Transfers, new TransferRecord(now, request.To, agentName)] };
        effects.Add(new EmitEvent(CallEventTypes.Transferred, new CallTransferred(state.Sid, state.OrgId, request.To, agentName, now)));
        if (request.To is not null)
        {
            // On a SIP trunk the edge moves the caller with REFER (or dials and bridges); other legs ignore it.
            effects.Add(new LegCommand(LegAction.Refer, request.To));
        }
        return new CallDecision(next, effects, null);
    }

    /// <summary>Binds an agent (replacing any other). On a live call it joins at once; otherwise it joins on answer.</summary>
    public static CallDecision AttachAgent(CallState state, AttachAgent request, DateTimeOffset now)
    {
        if (CallGuards.NotFound(state, request.OrgId) is { } missing)
        {
            return missing;
        }
        if ((request.AgentId is null) == (request.Spec is null))
        {
            return CallDecision.Refuse(state, CallErrorKind.Invalid, "Give exactly one of agentId and spec.", "agentId");
        }
        if (state.Status.IsTerminal())
        {
            return CallDecision.Refuse(state, CallErrorKind.Conflict, $"The call has ended ({state.Status.ToWire()}).");
        }
        var effects = new List<CallEffect>();
        var live = state.Status == CallStatus.InProgress;
        if (live && state.Agent is { } old)
        {
            effects.Add(new EmitEvent(CallEventTypes.AgentDetached, new AgentChanged(state.Sid, state.OrgId, old.DisplayName, old.Spec?.Redacted(), now)));
        }
        var binding = new AgentBinding(request.AgentId, request.Spec, now);
        if (live)
        {
            effects.Add(new EmitEvent(CallEventTypes.AgentAttached, new AgentChanged(state.Sid, state.OrgId, binding.DisplayName, binding.Spec?.Redacted(), now)));
        }
        return new CallDecision(state with { Agent = binding }, effects, null);
    }

    /// <summary>Removes the agent binding; the call stays up. Detaching when no agent is bound changes nothing.</summary>
    public static CallDecision DetachAgent(CallState state, DetachAgent request, DateTimeOffset now)
    {
        if (CallGuards.NotFound(state, request.OrgId) is { } missing)
        {
            return missing;
        }
        if (state.Agent is not { } old || state.Status.IsTerminal())
        {
            return CallDecision.Unchanged(state);
        }
        IReadOnlyList<CallEffect> effects = state.Status == CallStatus.InProgress
            ? [new EmitEvent(CallEventTypes.AgentDetached, new AgentChanged(state.Sid, state.OrgId, old.DisplayName, old.Spec?.Redacted(), now))]
            : [];
        return new CallDecision(state with { Agent = null }, effects, null);
    }

    private static CallState ApplySignal(CallState state, ScheduledSignal scheduled, List<CallEffect> effects)
    {
        var at = scheduled.At;
        var ringingPhase = state.Status is CallStatus.Dialing or CallStatus.Ringing;
        switch (scheduled.Signal)
        {
            case TrunkSignal.Ringing when state.Status == CallStatus.Dialing:
                return ChangeStatus(state, CallStatus.Ringing, null, at, effects) ;
            case TrunkSignal.Answered when ringingPhase:
                var answered = ChangeStatus(state with { AnsweredAt = at, RingDeadline = null }, CallStatus.InProgress, null, at, effects);
                effects.Add(new ClearReminder(CallReminders.RingTimeout));
                if (answered.Agent is { } agent)
                {
                    effects.Add(new EmitEvent(CallEventTypes.AgentAttached, new AgentChanged(state.Sid, state.OrgId, agent.DisplayName, agent.Spec?.Redacted(), at)));
                }
                return answered;
            case TrunkSignal.Busy when ringingPhase:
                return End(state, CallStatus.Failed, "busy", at, effects);
            case TrunkSignal.Failed when ringingPhase:
                return End(state, CallStatus.Failed, "trunk_error", at, effects);
            case TrunkSignal.RemoteHangup when state.Status == CallStatus.InProgress:
                return End(state, CallStatus.Completed, "remote_hangup", at, effects);
            default:
                return state;
        }
    }

    internal static CallState ChangeStatus(CallState state, CallStatus status, string? reason, DateTimeOffset at, List<CallEffect> effects)
    {
        effects.Add(new EmitEvent(CallEventTypes.Status, new CallStatusChanged(state.Sid, state.OrgId, status, state.Status, reason, at)));
        return state with { Status = status };
    }

    /// <param name="legGone">The leg itself ended the call (BYE, final response, lost edge): nothing to tell it.</param>
    internal static CallState End(CallState state, CallStatus status, string reason, DateTimeOffset at, List<CallEffect> effects, bool legGone = false)
    {
        if (!legGone)
        {
            // A real leg must hear about it: BYE once answered, CANCEL while our INVITE rings, a final refusal of a ringing inbound INVITE.
            var action = state.Status == CallStatus.InProgress ? LegAction.Hangup
                : state.Direction == CallDirection.Outbound ? LegAction.Cancel
                : LegAction.Reject;
            effects.Add(new LegCommand(action));
        }
        var ended = ChangeStatus(state, status, reason, at, effects) with
        {
            EndedAt = at,
            EndReason = reason,
            RingDeadline = null,
            PendingSignals = [],
        };
        effects.Add(new ClearReminder(CallReminders.Trunk));
        effects.Add(new ClearReminder(CallReminders.RingTimeout));
        effects.Add(new CallFinished());
        return ended;
    }
}
