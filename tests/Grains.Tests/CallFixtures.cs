using ClutchCall.Grains;
using ClutchCall.Grains.Call;
using ClutchCall.Grains.Interfaces;

namespace ClutchCall.Grains.Tests;

/// <summary>Builds calls in a given state by driving the real state machine, so tests never hand-craft impossible states.</summary>
internal static class CallFixtures
{
    public const string Org = "org_a";
    public const string Sid = "CA00000000000000000000000000000001";
    public static readonly DateTimeOffset T0 = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    public static OriginateCall Originate(string to = "+15551234567", string? agent = null, int ringTimeout = 30, string? fingerprint = null) =>
        new(Org, to, "+15558675309", SimulatedTrunk.DefaultTrunkId, agent, null, ringTimeout, fingerprint);

    public static CallState Outbound(string to = "+15551234567", string? agent = null, int ringTimeout = 30)
    {
        var r = Originate(to, agent, ringTimeout);
        return CallMachine.Originate(new CallState(), Sid, r, SimulatedTrunk.Plan(to, T0), T0).State;
    }

    /// <summary>An outbound call after the trunk reminder ran at time t.</summary>
    public static CallState OutboundAt(TimeSpan t, string to = "+15551234567", string? agent = null) =>
        CallMachine.OnTrunkReminder(Outbound(to, agent), T0 + t).State;

    public static CallState Answered(string? agent = null) => OutboundAt(TimeSpan.FromSeconds(1), agent: agent);

    public static CallState Inbound() =>
        InboundMachine.RingIn(new CallState(), Sid, new IncomingCall(Org, "+15550001111", "+15552223333", SimulatedTrunk.DefaultTrunkId), T0).State;

    /// <summary>An inbound call after the given commands, each of which must be accepted.</summary>
    public static CallState InboundAfter(params InboundCommand[] commands)
    {
        var state = Inbound();
        foreach (var command in commands)
        {
            var d = InboundMachine.Apply(state, new InboundCommandRequest(Org, command), T0);
            Assert.Null(d.Error);
            state = d.State;
        }
        return state;
    }

    public static IEnumerable<T> Payloads<T>(this CallDecision d) => d.Effects.OfType<EmitEvent>().Select(e => e.Payload).OfType<T>();

    public static IEnumerable<string> EventTypes(this CallDecision d) => d.Effects.OfType<EmitEvent>().Select(e => e.Type);
}
