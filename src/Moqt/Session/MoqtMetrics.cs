using System.Diagnostics.Metrics;
using ClutchCall.Moqt.Coding;

namespace ClutchCall.Moqt.Session;

/// <summary>MoQT instruments (meter "ClutchCall.Moqt"): sessions, objects sent/received/dropped, closes by code.</summary>
public sealed class MoqtMetrics : IDisposable
{
    public const string MeterName = "ClutchCall.Moqt";

    private readonly Meter _meter;
    private readonly UpDownCounter<long> _activeSessions;
    private readonly Counter<long> _closed;
    private readonly Counter<long> _objectsSent;
    private readonly Counter<long> _objectsReceived;
    private readonly Counter<long> _objectsDropped;

    public MoqtMetrics(IMeterFactory? factory = null)
    {
        _meter = factory?.Create(MeterName) ?? new Meter(MeterName);
        _activeSessions = _meter.CreateUpDownCounter<long>("clutchcall.moqt.sessions.active", description: "MoQT sessions past setup and not yet closed");
        _closed = _meter.CreateCounter<long>("clutchcall.moqt.sessions.closed", description: "MoQT sessions closed, by termination code");
        _objectsSent = _meter.CreateCounter<long>("clutchcall.moqt.objects.sent", description: "Objects written to data streams");
        _objectsReceived = _meter.CreateCounter<long>("clutchcall.moqt.objects.received", description: "Objects read from data streams");
        _objectsDropped = _meter.CreateCounter<long>("clutchcall.moqt.objects.dropped", description: "Objects dropped instead of sent because they outlived the delivery timeout");
    }

    /// <summary>The meter behind these instruments (tests listen to this instance only).</summary>
    internal Meter Meter => _meter;

    internal void SessionStarted() => _activeSessions.Add(1);

    internal void SessionClosed(ulong code)
    {
        _activeSessions.Add(-1);
        _closed.Add(1, new KeyValuePair<string, object?>("code", Enum.IsDefined((MoqtErrorCode)code) ? ((MoqtErrorCode)code).ToString() : code.ToString()));
    }

    internal void ObjectSent() => _objectsSent.Add(1);

    internal void ObjectReceived() => _objectsReceived.Add(1);

    internal void ObjectDropped() => _objectsDropped.Add(1);

    public void Dispose() => _meter.Dispose();
}
