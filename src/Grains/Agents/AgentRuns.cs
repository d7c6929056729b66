using System.Collections.Concurrent;
using ClutchCall.Agents.Diagnostics;
using ClutchCall.Agents.Sessions;
using ClutchCall.Grains.Interfaces;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ClutchCall.Grains.Agents;

/// <summary>Builds an agent run for a call from a resolved spec: its turn policy, model leg, pre-roll, fallback and recorder.</summary>
public sealed class AgentRuns(AgentSessionFactory sessions, IOptions<AgentOptions> options, TurnMetrics metrics, AgentMetrics agentMetrics, TimeProvider time, ILoggerFactory loggers)
{
    /// <summary>Loads recognizers and may open files: run it off the media loop. Throws <see cref="ArgumentException"/> on a spec it cannot run.</summary>
    internal AgentRunner Create(string sid, string orgId, string agentName, AgentSpec spec, int callerSampleRate, IReadOnlyList<ConversationMessage> history,
        ConcurrentQueue<AgentActivity> sink)
    {
        var policy = AgentPolicies.For(spec.TurnDetection);
        var session = sessions.Create(spec, sid, orgId, agentName, callerSampleRate, history);
        AgentRecorder? recorder = null;
        if (spec.Record is { } legs)
        {
            var path = Path.Combine(options.Value.RecordDirectory, $"{sid}-{time.GetUtcNow():yyyyMMddTHHmmssfff}.wav");
            recorder = new AgentRecorder(path, legs == "both", Media.CallMediaHub.MixFormat.SampleRate, Media.CallMediaHub.MixFormat.SamplesPerFrame, time.GetUtcNow());
        }
        var settings = new AgentRunSettings(agentName, policy, spec.PreRoll, spec.Fallback ?? AgentRunSettings.DefaultFallback,
            spec.Voice, sessions.Synthesizer, recorder);
        return new AgentRunner(sid, settings, session, sink, metrics, loggers.CreateLogger<AgentRunner>(), agentMetrics);
    }
}
