using System.Diagnostics.Metrics;
using ClutchCall.Agents.Diagnostics;

namespace ClutchCall.Grains.Agents;

/// <summary>Agents on calls, beside the turn metrics on the same meter (<c>ClutchCall.Agents</c>).</summary>
public sealed class AgentMetrics
{
    public AgentMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(TurnMetrics.MeterName);
        ActiveRuns = meter.CreateUpDownCounter<long>("clutchcall.agents.runs.active", "{agent}", "Agents running in call media loops");
        ResponseLatency = meter.CreateHistogram<long>("clutchcall.agents.response.latency", "ms",
            "Turn commit to the first agent audio played to the caller (model, synthesis and playout together)");
        Errors = meter.CreateCounter<long>("clutchcall.agents.errors", "{error}", "Model-leg failures, by code and whether they ended the model leg");
    }

    public UpDownCounter<long> ActiveRuns { get; }
    public Histogram<long> ResponseLatency { get; }
    public Counter<long> Errors { get; }
}
