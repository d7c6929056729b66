using System.Diagnostics.Metrics;

namespace ClutchCall.Gateway.Sip;

/// <summary>Meter "ClutchCall.Gateway.Sip": INVITE-to-200 setup time and frames moved between RTP and the call grains.</summary>
public sealed class SipEdgeMetrics
{
    public const string MeterName = "ClutchCall.Gateway.Sip";

    private readonly Histogram<double> _setup;
    private readonly Counter<long> _uplink;
    private readonly Counter<long> _downlink;

    public SipEdgeMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _setup = meter.CreateHistogram<double>("clutchcall.sip.setup_time", "ms", "From sending the INVITE to its 200 OK.");
        _uplink = meter.CreateCounter<long>("clutchcall.sip.uplink_frames", description: "20 ms frames from RTP to the call grain.");
        _downlink = meter.CreateCounter<long>("clutchcall.sip.downlink_frames", description: "20 ms frames from the call grain to RTP.");
    }

    public void SetupTime(TimeSpan elapsed) => _setup.Record(elapsed.TotalMilliseconds);

    public void UplinkFrame() => _uplink.Add(1);

    public void DownlinkFrame() => _downlink.Add(1);
}
