using ClutchCall.Grains.Interfaces;

namespace ClutchCall.Grains.Call;

/// <summary>
/// What the SIP edge reports about a call's telephone leg, as pure functions. 180/183 -> ringing, 200 -> in_progress,
/// 486/600 -> failed (busy), 408/480 -> no_answer, other final codes -> failed with the code as the reason,
/// BYE -> completed. DTMF and transfer progress become events.
/// </summary>
public static partial class CallMachine
{
    public static CallDecision OnLegProgress(CallState state, LegProgress progress, DateTimeOffset now)
    {
        if (!state.Exists || state.Status.IsTerminal())
        {
            return CallDecision.Unchanged(state);
        }
        var effects = new List<CallEffect>();
        var unanswered = state.Status is CallStatus.Dialing or CallStatus.Ringing;
        var outbound = state.Direction == CallDirection.Outbound;
        switch (progress.Signal)
        {
            case LegSignal.Ringing when outbound && state.Status == CallStatus.Dialing:
                return new CallDecision(ChangeStatus(state, CallStatus.Ringing, null, now, effects), effects, null);
            case LegSignal.Answered when outbound && unanswered:
                var answered = ChangeStatus(state with { AnsweredAt = now, RingDeadline = null }, CallStatus.InProgress, null, now, effects);
                effects.Add(new ClearReminder(CallReminders.RingTimeout));
                if (answered.Agent is { } agent)
                {
                    effects.Add(new EmitEvent(CallEventTypes.AgentAttached, new AgentChanged(state.Sid, state.OrgId, agent.DisplayName, agent.Spec?.Redacted(), now)));
                }
                return new CallDecision(answered, effects, null);
            case LegSignal.Rejected when outbound && unanswered:
                var (status, reason) = progress.SipCode switch
                {
                    486 or 600 => (CallStatus.Failed, "busy"),
                    408 or 480 => (CallStatus.NoAnswer, "no_answer"),
                    _ => (CallStatus.Failed, progress.SipCode.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                };
                return EndByLeg(state, status, reason, now, effects);
            case LegSignal.Rejected when !outbound && unanswered:
                // Nobody answered or rejected the inbound INVITE before the edge's own ring timer refused it.
                return EndByLeg(state, CallStatus.NoAnswer, "ring_timeout", now, effects);
            case LegSignal.RemoteHangup:
                var why = state.Status == CallStatus.InProgress ? (state.ReferredAway ? "transferred" : "remote_hangup") : "caller_canceled";
                return EndByLeg(state, CallStatus.Completed, why, now, effects);
            case LegSignal.MediaTimeout:
                return EndByLeg(state, CallStatus.Completed, "media_timeout", now, effects);
            case LegSignal.Dtmf when state.Status == CallStatus.InProgress && progress.Detail is { Length: 1 } digit:
                effects.Add(new EmitEvent(CallEventTypes.Dtmf, new CallDtmf(state.Sid, state.OrgId, digit, now)));
                return new CallDecision(state, effects, null);
            case LegSignal.TransferProgress or LegSignal.TransferRefused when state.Status == CallStatus.InProgress:
                return TransferProgress(state, progress, now, effects);
            default:
                return CallDecision.Unchanged(state);
        }
    }

    /// <summary>Digits for the caller's leg: a control frame only, nothing persisted changes.</summary>
    public static CallDecision SendDigits(CallState state, SendDigits request, DateTimeOffset now)
    {
        if (CallGuards.NotFound(state, request.OrgId) is { } missing)
        {
            return missing;
        }
        if (request.Digits is not { Length: >= 1 and <= 32 } digits || digits.Any(c => !"0123456789*#ABCDabcd".Contains(c)))
        {
            return CallDecision.Refuse(state, CallErrorKind.Invalid, "digits is 1 to 32 of 0-9, *, #, A-D.", "digits");
        }
        if (state.Status != CallStatus.InProgress)
        {
            return CallDecision.Refuse(state, CallErrorKind.Conflict, $"The call is {state.Status.ToWire()}; digits go to an answered call.");
        }
        return new CallDecision(state, [new LegCommand(LegAction.SendDigits, digits.ToUpperInvariant())], null);
    }

    /// <summary>The leg channel stayed closed past the grace period: the gateway holding the dialog is gone.</summary>
    public static CallDecision OnLegLost(CallState state, DateTimeOffset now)
    {
        if (!state.Exists || state.Status.IsTerminal())
        {
            return CallDecision.Unchanged(state);
        }
        return EndByLeg(state, CallStatus.Failed, "edge_lost", now, []);
    }

    private static CallDecision TransferProgress(CallState state, LegProgress progress, DateTimeOffset now, List<CallEffect> effects)
    {
        var to = state.Transfers.LastOrDefault(t => t.To is not null)?.To ?? progress.Detail ?? "";
        // A refused REFER ends the "refer" attempt; the edge then reports the bridge fallback as method "bridge".
        var method = progress.Detail == "bridge" ? "bridge" : "refer";
        var final = progress.Final || progress.Signal == LegSignal.TransferRefused;
        effects.Add(new EmitEvent(CallEventTypes.TransferProgress,
            new CallTransferProgress(state.Sid, state.OrgId, to, method, progress.SipCode, final, now)));
        var next = method == "refer" && final && progress.SipCode is >= 200 and < 300 ? state with { ReferredAway = true } : state;
        return new CallDecision(next, effects, null);
    }

    private static CallDecision EndByLeg(CallState state, CallStatus status, string reason, DateTimeOffset now, List<CallEffect> effects)
    {
        var ended = End(state, status, reason, now, effects, legGone: true);
        if (ended.Inbound is { } inbound)
        {
            ended = ended with { Inbound = inbound with { State = InboundState.Disconnected, AgentInCall = false, CalleeInCall = false, Mode = null } };
        }
        return new CallDecision(ended, effects, null);
    }
}
