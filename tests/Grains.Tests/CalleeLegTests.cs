using ClutchCall.Grains.Call;
using ClutchCall.Grains.Interfaces;
using static ClutchCall.Grains.Interfaces.InboundCommand;
using static ClutchCall.Grains.Tests.CallFixtures;

namespace ClutchCall.Grains.Tests;

/// <summary>The original callee of an inbound call as the pure machine sees it: dialled on connect, leaving on its own.</summary>
public sealed class CalleeLegTests
{
    [Fact]
    public void Connect_asks_the_leg_to_dial_the_original_callee_with_the_ring_time()
    {
        var answered = InboundAfter(Answer);

        var d = InboundMachine.Apply(answered, new InboundCommandRequest(Org, Connect, RingTimeSeconds: 25), T0);

        var dial = Assert.Single(d.Effects.OfType<LegCommand>(), c => c.Action == LegAction.Connect);
        Assert.Equal(answered.To + ";ring=25", dial.Argument);
    }

    [Theory]
    [InlineData("busy")]
    [InlineData("remote_hangup")]
    public void A_callee_that_leaves_on_its_own_leaves_the_conference_and_the_call_goes_on(string reason)
    {
        var connected = InboundAfter(Answer, Connect);

        var d = InboundMachine.CalleeLeft(connected, reason, T0);

        Assert.Equal(CallStatus.InProgress, d.State.Status);
        Assert.False(d.State.Inbound!.CalleeInCall);
        Assert.True(d.State.Inbound.AgentInCall);
        var bridge = Assert.Single(d.Payloads<BridgeChanged>());
        Assert.Null(bridge.Command);
        Assert.Equal(reason, bridge.Reason);
        Assert.Equal(["caller", "agent"], bridge.Participants);
    }

    [Fact]
    public void A_callee_leaving_twice_or_after_the_end_changes_nothing()
    {
        var left = InboundMachine.CalleeLeft(InboundAfter(Answer, Connect), "busy", T0).State;
        var ended = InboundAfter(Answer, Connect, Disconnect);

        Assert.False(InboundMachine.CalleeLeft(left, "busy", T0).Changed(left));
        Assert.False(InboundMachine.CalleeLeft(ended, "busy", T0).Changed(ended));
    }
}
