using System.Diagnostics.Metrics;

namespace ClutchCall.Gateway.Diagnostics;

/// <summary>Meter "ClutchCall.Gateway": originate outcomes and open event streams.</summary>
public sealed class GatewayMetrics
{
    public const string MeterName = "ClutchCall.Gateway";

    private readonly Counter<long> _originates;
    private readonly UpDownCounter<long> _eventStreams;

    public GatewayMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _originates = meter.CreateCounter<long>("clutchcall.api.originates", description: "Originate requests by outcome (created, refused, rate_limited).");
        _eventStreams = meter.CreateUpDownCounter<long>("clutchcall.api.event_streams", description: "Open SSE event streams.");
    }

    public void Originate(string outcome) => _originates.Add(1, new KeyValuePair<string, object?>("outcome", outcome));

    public void EventStreamOpened() => _eventStreams.Add(1);

    public void EventStreamClosed() => _eventStreams.Add(-1);
}
