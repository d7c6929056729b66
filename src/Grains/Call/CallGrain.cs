using System.Text.Json;
using ClutchCall.Grains.Interfaces;
using ClutchCall.Grains.Agents;
using ClutchCall.Grains.Media;
using ClutchCall.Runtime;
using Microsoft.Extensions.Logging;

namespace ClutchCall.Grains.Call;

/// <summary>
/// Thin shell around <see cref="CallMachine"/> and <see cref="InboundMachine"/>: validate against the catalog,
/// decide, commit state and events atomically, then arm or clear reminders.
/// </summary>
public sealed partial class CallGrain(CallCatalog catalog, CallMedia media, AgentRuns agents, ILogger<CallGrain> log) : Grain<CallState>, ICallGrain, IRemindable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private string Sid => Context.Id.Key;

    private DateTimeOffset Now => Context.Time.GetUtcNow();

    public override async Task OnActivateAsync(CancellationToken ct)
    {
        if (!State.Exists || State.Status.IsTerminal())
        {
            return;
        }
        KeepAlive(true);
        WatchLegAfterActivation();
        // Re-arm from persisted timestamps: covers a crash between the state write and the reminder write.
        if (State.PendingSignals.Count > 0)
        {
            await SetReminderAsync(CallReminders.Trunk, DueIn(State.PendingSignals[0].At));
        }
        if (State.RingDeadline is { } deadline)
        {
            await SetReminderAsync(CallReminders.RingTimeout, DueIn(deadline));
        }
        await ReconcileAgentAsync();
        ReconcileConference();
    }

    public async Task<CallResult> OriginateAsync(OriginateCall request)
    {
        if (!State.Exists && (await catalog.CheckTrunkAsync(request.TrunkId) ?? await catalog.CheckAgentAsync(request.OrgId, request.AgentId, request.AgentSpec)) is { } invalid)
        {
            return new CallResult(null, invalid);
        }
        var now = Now; // one instant for the start time and the trunk schedule
        var plan = catalog.IsSimulatedTrunk(request.TrunkId) ? SimulatedTrunk.Plan(request.To, now) : [];
        return await CommitAsync(CallMachine.Originate(State, Sid, request, plan, now));
    }

    public async Task<CallResult> RingInAsync(IncomingCall request) =>
        await catalog.CheckTrunkAsync(request.TrunkId) is { } invalid
            ? new CallResult(null, invalid)
            : await CommitAsync(InboundMachine.RingIn(State, Sid, request, Now));

    public Task<CallResult> GetAsync(GetCall request) =>
        Task.FromResult(CallGuards.NotFound(State, request.OrgId) is { Error: { } e } ? new CallResult(null, e) : CallResult.Ok(State.ToView()));

    public Task<CallResult> HangupAsync(HangupCall request) => CommitAsync(CallMachine.Hangup(State, request, Now));

    public async Task<CallResult> TransferAsync(TransferCall request)
    {
        if (State.Exists && State.OrgId == request.OrgId && await catalog.CheckAgentAsync(request.OrgId, request.AgentId, request.AgentSpec) is { } invalid)
        {
            return new CallResult(null, invalid);
        }
        return await CommitAsync(CallMachine.Transfer(State, request, Now));
    }

    public async Task<CallResult> AttachAgentAsync(AttachAgent request)
    {
        if (State.Exists && State.OrgId == request.OrgId &&
            await catalog.CheckAgentAsync(request.OrgId, request.AgentId, request.Spec, request.AgentId is null ? "spec" : "agentId") is { } invalid)
        {
            return new CallResult(null, invalid);
        }
        return await CommitAsync(CallMachine.AttachAgent(State, request, Now));
    }

    public Task<CallResult> DetachAgentAsync(DetachAgent request) => CommitAsync(CallMachine.DetachAgent(State, request, Now));

    public Task<CallResult> SendInboundCommandAsync(InboundCommandRequest request) => CommitAsync(InboundMachine.Apply(State, request, Now));

    public async Task ReceiveReminderAsync(string name)
    {
        var decision = name switch
        {
            CallReminders.Trunk => CallMachine.OnTrunkReminder(State, Now),
            CallReminders.RingTimeout => CallMachine.OnRingTimeout(State, Now),
            _ => CallDecision.Unchanged(State),
        };
        await CommitAsync(decision);
    }

    private async Task<CallResult> CommitAsync(CallDecision decision)
    {
        if (decision.Error is { } error)
        {
            LogRefused(Sid, error.Kind, error.Detail);
            return new CallResult(null, error);
        }
        if (!decision.Changed(State))
        {
            return CallResult.Ok(State.ToView());
        }
        var previous = State;
        State = decision.State;
        var events = new List<GrainEvent>();
        var index = new List<IndexEntry>();
        foreach (var effect in decision.Effects)
        {
            switch (effect)
            {
                case EmitEvent e:
                    events.Add(new GrainEvent(e.Type, JsonSerializer.Serialize(e.Payload, e.Payload.GetType(), Json), [CallStreams.ForOrg(State.OrgId)]));
                    break;
                case IndexCall i:
                    index.Add(new IndexEntry(CallStreams.OrgCallsIndex(i.OrgId), i.Sid, CallStreams.IndexScore(i.StartedAt)));
                    break;
            }
        }
        await WriteStateAsync(events, index);
        foreach (var effect in decision.Effects)
        {
            switch (effect)
            {
                case SetReminder r:
                    await SetReminderAsync(r.Name, DueIn(r.At));
                    break;
                case ClearReminder r:
                    await ClearReminderAsync(r.Name);
                    break;
                case CallFinished:
                    KeepAlive(false);
                    DeactivateOnIdle();
                    break;
                case LegCommand leg:
                    ExecuteLegCommand(leg);
                    break;
            }
        }
        if (!State.Status.IsTerminal())
        {
            KeepAlive(true);
        }
        if (State.Status.IsTerminal() && !previous.Status.IsTerminal())
        {
            await EndMediaAsync();
        }
        else
        {
            await ReconcileAgentAsync();
            ReconcileConference();
        }
        if (previous.Status != State.Status || !previous.Exists)
        {
            LogStatus(Sid, State.OrgId, State.Status.ToWire());
        }
        return CallResult.Ok(State.ToView()) with { Created = !previous.Exists && State.Exists };
    }

    private TimeSpan DueIn(DateTimeOffset at)
    {
        var due = at - Now;
        return due > TimeSpan.Zero ? due : TimeSpan.Zero;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Call {Sid} of {OrgId} is {Status}")]
    private partial void LogStatus(string sid, string orgId, string status);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Call {Sid} refused a command ({Kind}): {Detail}")]
    private partial void LogRefused(string sid, CallErrorKind kind, string detail);
}
