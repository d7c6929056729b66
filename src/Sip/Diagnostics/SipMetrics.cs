using System.Diagnostics.Metrics;

namespace ClutchCall.Sip.Diagnostics;

/// <summary>Counters of the SIP edge (meter "ClutchCall.Sip"): calls by direction and outcome, refusals, live calls.</summary>
public sealed class SipMetrics : IDisposable
{
    public const string MeterName = "ClutchCall.Sip";
    private readonly Meter _meter;
    private readonly Counter<long> _callsStarted;
    private readonly Counter<long> _inviteOutcomes;
    private readonly Counter<long> _callsEnded;
    private readonly Counter<long> _rejectedMessages;
    private readonly UpDownCounter<long> _activeCalls;

    public SipMetrics(IMeterFactory? factory = null)
    {
        _meter = factory?.Create(MeterName) ?? new Meter(MeterName);
        _callsStarted = _meter.CreateCounter<long>("clutchcall.sip.calls.started", description: "Calls created, by direction");
        _inviteOutcomes = _meter.CreateCounter<long>("clutchcall.sip.invite.outcomes", description: "Outbound INVITE outcomes");
        _callsEnded = _meter.CreateCounter<long>("clutchcall.sip.calls.ended", description: "Calls ended, by reason");
        _rejectedMessages = _meter.CreateCounter<long>("clutchcall.sip.messages.rejected", description: "Messages the parser refused, by reason");
        _activeCalls = _meter.CreateUpDownCounter<long>("clutchcall.sip.calls.active", description: "Calls not yet ended");
    }

    public void CallStarted(string direction)
    {
        _callsStarted.Add(1, new KeyValuePair<string, object?>("direction", direction));
        _activeCalls.Add(1);
    }

    public void CallEnded(string reason)
    {
        _callsEnded.Add(1, new KeyValuePair<string, object?>("reason", reason));
        _activeCalls.Add(-1);
    }

    public void InviteOutcome(string outcome, int sipCode) =>
        _inviteOutcomes.Add(1, new KeyValuePair<string, object?>("outcome", outcome), new KeyValuePair<string, object?>("sip_code", sipCode));

    public void MessageRejected(string reason) => _rejectedMessages.Add(1, new KeyValuePair<string, object?>("reason", reason));

    public void Dispose() => _meter.Dispose();
}
