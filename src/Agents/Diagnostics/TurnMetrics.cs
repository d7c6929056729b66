using System.Diagnostics.Metrics;
using ClutchCall.Agents.Turns;

namespace ClutchCall.Agents.Diagnostics;

/// <summary>
/// Turn-taking counters on the <c>ClutchCall.Agents</c> meter. One instance per process (from DI via
/// <see cref="IMeterFactory"/>), shared by every <see cref="TurnEngine"/>; instruments carry no tags so recording on
/// the audio path never allocates.
/// </summary>
public sealed class TurnMetrics
{
    public const string MeterName = "ClutchCall.Agents";

    public TurnMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        Meter meter = meterFactory.Create(MeterName);
        TurnsCommitted = meter.CreateCounter<long>("clutchcall.agents.turns.committed", "{turn}", "Caller turns committed (a reply was requested)");
        TurnsDiscarded = meter.CreateCounter<long>("clutchcall.agents.turns.discarded", "{turn}", "Started turns that were only backchannel phrases");
        BargeInsConfirmed = meter.CreateCounter<long>("clutchcall.agents.barge_ins.confirmed", "{barge_in}", "Barge-ins that cut the agent");
        BargeInsFalse = meter.CreateCounter<long>("clutchcall.agents.barge_ins.false", "{barge_in}", "Barge-ins that ended with the agent resuming");
        TurnLength = meter.CreateHistogram<long>("clutchcall.agents.turns.length", "ms", "Caller speech onset to turn commit");
        BargeInConfirmDelay = meter.CreateHistogram<long>("clutchcall.agents.barge_ins.confirm_delay", "ms", "Caller speech onset to barge-in confirmation");
    }

    public Counter<long> TurnsCommitted { get; }
    public Counter<long> TurnsDiscarded { get; }
    public Counter<long> BargeInsConfirmed { get; }
    public Counter<long> BargeInsFalse { get; }
    public Histogram<long> TurnLength { get; }
    public Histogram<long> BargeInConfirmDelay { get; }

    /// <summary>Records the events of one step.</summary>
    public void Record(in TurnOutput output)
    {
        for (int i = 0; i < output.Count; i++)
        {
            TurnEvent e = output[i];
            switch (e.Kind)
            {
                case TurnEventKind.TurnCommitted:
                    TurnsCommitted.Add(1);
                    TurnLength.Record(e.AtMs - e.SinceMs);
                    break;
                case TurnEventKind.TurnDiscarded:
                    TurnsDiscarded.Add(1);
                    break;
                case TurnEventKind.BargeConfirmed:
                    BargeInsConfirmed.Add(1);
                    BargeInConfirmDelay.Record(e.AtMs - e.SinceMs);
                    break;
                case TurnEventKind.BargeFalse:
                    BargeInsFalse.Add(1);
                    break;
            }
        }
    }
}
