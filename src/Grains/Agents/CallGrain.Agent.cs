using System.Collections.Concurrent;
using System.Text.Json;
using ClutchCall.Agents.Sessions;
using ClutchCall.Grains.Agents;
using ClutchCall.Grains.Interfaces;
using ClutchCall.Runtime;
using Microsoft.Extensions.Logging;

namespace ClutchCall.Grains.Call;

/// <summary>
/// The call grain's agent: after every committed change (and on activation, so a failover resumes it) the running
/// agent is reconciled with the binding in state. An answered call with a binding runs it in the media hub; a detach,
/// a swap or the end of the call replaces or removes it. What the agent reports (turns, barge-ins, transcripts,
/// errors, recordings) is queued by the media loop and written as events from a grain timer.
/// </summary>
public sealed partial class CallGrain
{
    private readonly ConcurrentQueue<AgentActivity> _agentActivity = new();
    private AgentBinding? _runningAgent;

    private bool WantsAgent => State.Status == CallStatus.InProgress && State.Agent is not null && (State.Inbound is null || State.Inbound.AgentInCall);

    private async Task ReconcileAgentAsync()
    {
        var wanted = WantsAgent ? State.Agent : null;
        if (wanted == _runningAgent)
        {
            return;
        }
        _runningAgent = wanted;
        if (wanted is null)
        {
            _media?.SetAgent(null);
            return;
        }
        var name = wanted.DisplayName;
        var spec = await catalog.ResolveAsync(State.OrgId, wanted);
        if (spec is null)
        {
            _agentActivity.Enqueue(new AgentErrorActivity("agent_not_found", $"Agent '{name}' is no longer registered.", true, Now));
            _media?.SetAgent(null);
            return;
        }
        AgentRunner runner;
        try
        {
            var (sid, org) = (Sid, State.OrgId);
            // Calls arrive over trunks (simulated, or SIP with G.711): narrowband. A wideband leg would pass its own rate here.
            const int callerRate = 8000;
            var history = State.Transcript.Select(t => new ConversationMessage(t.Role, t.Text)).ToArray();
            runner = await Task.Run(() => agents.Create(sid, org, name, spec, callerRate, history, _agentActivity));
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or IOException or DllNotFoundException)
        {
            _agentActivity.Enqueue(new AgentErrorActivity("agent_start_failed", e.Message, true, Now));
            LogAgent(Sid, name, "could not start: " + e.Message);
            _media?.SetAgent(null);
            return;
        }
        runner.Start();
        RunningHub().SetAgent(runner);
        LogAgent(Sid, name, "running");
    }

    /// <summary>Writes what the agent reported since the last flush: events, and transcript and recordings in state.</summary>
    private async Task FlushAgentActivityAsync()
    {
        if (_agentActivity.IsEmpty)
        {
            return;
        }
        var events = new List<GrainEvent>();
        var transcript = new List<TranscriptEntry>();
        var recordings = new List<RecordingInfo>();
        var agent = State.Agent?.DisplayName ?? _runningAgent?.DisplayName ?? "";
        while (_agentActivity.TryDequeue(out var activity))
        {
            events.Add(activity switch
            {
                AgentTurnActivity t => Event(t.Type, new AgentTurnEvent(Sid, State.OrgId, t.Type, t.At, t.Since)),
                AgentTranscriptActivity t => Event(CallEventTypes.Transcript, new CallTranscriptEvent(Sid, State.OrgId, t.Role, t.Text, t.At)),
                AgentErrorActivity e => Event(CallEventTypes.AgentError, new AgentErrorEvent(Sid, State.OrgId, agent, e.Code, e.Message, e.Fatal, e.At)),
                AgentRecordingActivity r => Event(CallEventTypes.RecordingCompleted, new RecordingCompleted(Sid, State.OrgId, r.Recording, r.At)),
                _ => throw new InvalidOperationException($"unknown agent activity {activity.GetType().Name}"),
            });
            if (activity is AgentTranscriptActivity said)
            {
                transcript.Add(new TranscriptEntry(said.Role, said.Text, said.At));
            }
            else if (activity is AgentRecordingActivity done)
            {
                recordings.Add(done.Recording);
            }
        }
        if (transcript.Count > 0 || recordings.Count > 0)
        {
            State = State with
            {
                Transcript = [.. State.Transcript.Concat(transcript).TakeLast(CallState.MaxTranscriptEntries)],
                Recordings = [.. State.Recordings, .. recordings],
            };
        }
        await WriteStateAsync(events, []);
    }

    private GrainEvent Event<T>(string type, T payload) => new(type, JsonSerializer.Serialize(payload, Json), [CallStreams.ForOrg(State.OrgId)]);

    [LoggerMessage(Level = LogLevel.Information, Message = "Call {Sid}: agent {Agent} {Change}")]
    private partial void LogAgent(string sid, string agent, string change);
}
