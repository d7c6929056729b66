using System.Diagnostics.Metrics;

namespace ClutchCall.Gateway.Media;

/// <summary>Meter "ClutchCall.Gateway.Bridge": open bridges, refusals, and frames relayed each way.</summary>
public sealed class BridgeMetrics
{
    public const string MeterName = "ClutchCall.Gateway.Bridge";

    private readonly UpDownCounter<long> _open;
    private readonly Counter<long> _refused;
    private readonly Counter<long> _toGrain;
    private readonly Counter<long> _toClient;
    private readonly Counter<long> _malformed;

    public BridgeMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _open = meter.CreateUpDownCounter<long>("clutchcall.bridge.open", description: "Open MoQT audio bridges, by role.");
        _refused = meter.CreateCounter<long>("clutchcall.bridge.refused", description: "Bridge sessions refused at setup, by reason (token, format, grain).");
        _toGrain = meter.CreateCounter<long>("clutchcall.bridge.frames_to_grain", unit: "{frame}", description: "Frames from bridge clients sent on grain channels.");
        _toClient = meter.CreateCounter<long>("clutchcall.bridge.frames_to_client", unit: "{frame}", description: "Frames from grain channels written to bridge tracks.");
        _malformed = meter.CreateCounter<long>("clutchcall.bridge.malformed_frames", unit: "{frame}", description: "Channel frames too short for the timestamp header (dropped).");
    }

    public void Opened(BridgeRole role) => _open.Add(1, new KeyValuePair<string, object?>("role", role.ToWireName()));

    public void Closed(BridgeRole role) => _open.Add(-1, new KeyValuePair<string, object?>("role", role.ToWireName()));

    public void Refused(string reason) => _refused.Add(1, new KeyValuePair<string, object?>("reason", reason));

    public void ToGrain() => _toGrain.Add(1);

    public void ToClient() => _toClient.Add(1);

    public void Malformed() => _malformed.Add(1);
}
