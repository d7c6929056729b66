using System.Diagnostics.Metrics;

namespace ClutchCall.Runtime.Diagnostics;

/// <summary>Runtime metrics on the meter "ClutchCall.Runtime" (exported through OpenTelemetry by the host).</summary>
public sealed class RuntimeMetrics : IDisposable
{
    public const string MeterName = "ClutchCall.Runtime";

    private readonly Meter _meter;
    private readonly Counter<long> _activations;
    private readonly Counter<long> _deactivations;
    private readonly Counter<long> _fenced;
    private readonly Histogram<double> _turns;
    private long _live;

    public RuntimeMetrics(IMeterFactory meters)
    {
        _meter = meters.Create(MeterName);
        _activations = _meter.CreateCounter<long>("clutchcall.grain.activations", description: "Grain activations created");
        _deactivations = _meter.CreateCounter<long>("clutchcall.grain.deactivations", description: "Grain activations ended");
        _fenced = _meter.CreateCounter<long>("clutchcall.grain.fenced", description: "Activations that lost ownership and stopped");
        _turns = _meter.CreateHistogram<double>("clutchcall.grain.turn.duration", unit: "ms", description: "Time spent in grain method turns");
        _meter.CreateObservableUpDownCounter("clutchcall.grain.active", () => Interlocked.Read(ref _live), description: "Live activations on this silo");
    }

    internal void Activated()
    {
        _activations.Add(1);
        Interlocked.Increment(ref _live);
    }

    internal void Deactivated()
    {
        _deactivations.Add(1);
        Interlocked.Decrement(ref _live);
    }

    internal void Fenced() => _fenced.Add(1);

    internal void Turn(TimeSpan elapsed) => _turns.Record(elapsed.TotalMilliseconds);

    public void Dispose() => _meter.Dispose();
}
