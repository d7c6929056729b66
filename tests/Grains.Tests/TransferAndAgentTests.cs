using ClutchCall.Grains.Call;
using ClutchCall.Grains.Interfaces;
using static ClutchCall.Grains.Tests.CallFixtures;

namespace ClutchCall.Grains.Tests;

public sealed class TransferAndAgentTests
{
    [Theory]
    [InlineData(0, CallErrorKind.Conflict)]      // dialing
    [InlineData(500, CallErrorKind.Conflict)]    // ringing: 409
    [InlineData(1000, null)]                     // in progress
    public void Transfer_needs_an_answered_call(int atMs, CallErrorKind? expected)
    {
        var d = CallMachine.Transfer(OutboundAt(TimeSpan.FromMilliseconds(atMs)), new TransferCall(Org, "+15557654321", null), T0.AddSeconds(2));

        Assert.Equal(expected, d.Error?.Kind);
    }

    [Fact]
    public void Transfer_of_an_ended_call_conflicts()
    {
        var ended = CallMachine.Hangup(Answered(), new HangupCall(Org), T0.AddSeconds(2)).State;

        Assert.Equal(CallErrorKind.Conflict, CallMachine.Transfer(ended, new TransferCall(Org, "+15557654321", null), T0).Error?.Kind);
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData("+15557654321", "billing-bot")]
    [InlineData("5557654321", null)]
    public void Transfer_needs_exactly_one_valid_target(string? to, string? agent)
    {
        var d = CallMachine.Transfer(Answered(), new TransferCall(Org, to, agent), T0.AddSeconds(2));

        Assert.Equal(CallErrorKind.Invalid, d.Error?.Kind);
        Assert.Equal("to", d.Error?.Field);
    }

    [Fact]
    public void Transfer_to_pstn_keeps_the_sid_drops_the_agent_and_records_the_transfer()
    {
        var d = CallMachine.Transfer(Answered(agent: "triage-bot"), new TransferCall(Org, "+15557654321", null), T0.AddSeconds(2));

        Assert.Equal(Sid, d.State.Sid);
        Assert.Null(d.State.Agent);
        Assert.Equal(CallStatus.InProgress, d.State.Status);
        Assert.Equal([CallEventTypes.AgentDetached, CallEventTypes.Transferred], d.EventTypes());
        var record = Assert.Single(d.State.Transfers);
        Assert.Equal(("+15557654321", (string?)null), (record.To, record.Agent));
    }

    [Fact]
    public void Transfer_to_an_agent_swaps_the_binding_in_place()
    {
        var d = CallMachine.Transfer(Answered(agent: "triage-bot"), new TransferCall(Org, null, "human-queue"), T0.AddSeconds(2));

        Assert.Equal("human-queue", d.State.Agent?.AgentId);
        Assert.Equal([CallEventTypes.AgentDetached, CallEventTypes.AgentAttached, CallEventTypes.Transferred], d.EventTypes());
        Assert.Equal(Sid, Assert.Single(d.Payloads<CallTransferred>()).Sid);
    }

    [Fact]
    public void Attach_on_a_live_call_joins_at_once_and_on_a_ringing_call_waits_for_answer()
    {
        var live = CallMachine.AttachAgent(Answered(), new AttachAgent(Org, "echo", null), T0.AddSeconds(2));
        var ringing = CallMachine.AttachAgent(OutboundAt(TimeSpan.FromMilliseconds(500)), new AttachAgent(Org, "echo", null), T0);

        Assert.Equal([CallEventTypes.AgentAttached], live.EventTypes());
        Assert.Empty(ringing.Effects);
        Assert.Equal("echo", ringing.State.Agent?.AgentId);
        var answered = CallMachine.OnTrunkReminder(ringing.State, T0.AddSeconds(1));
        Assert.Contains(CallEventTypes.AgentAttached, answered.EventTypes());
    }

    [Fact]
    public void Attach_with_an_inline_spec_keeps_the_spec_on_the_call()
    {
        var spec = new AgentSpec("s2s-large", Codec: "pcm16", TurnDetection: new TurnDetection(SilenceMs: 300));

        var d = CallMachine.AttachAgent(Answered(), new AttachAgent(Org, null, spec), T0);

        Assert.Equal(spec, d.State.Agent?.Spec);
        Assert.Equal("inline:s2s-large", d.State.ToView().Agent);
    }

    [Fact]
    public void Attach_needs_exactly_one_of_id_and_spec_and_a_live_call()
    {
        Assert.Equal(CallErrorKind.Invalid, CallMachine.AttachAgent(Answered(), new AttachAgent(Org, null, null), T0).Error?.Kind);
        Assert.Equal(CallErrorKind.Invalid, CallMachine.AttachAgent(Answered(), new AttachAgent(Org, "echo", new AgentSpec("m")), T0).Error?.Kind);
        var ended = CallMachine.Hangup(Answered(), new HangupCall(Org), T0).State;
        Assert.Equal(CallErrorKind.Conflict, CallMachine.AttachAgent(ended, new AttachAgent(Org, "echo", null), T0).Error?.Kind);
    }

    [Fact]
    public void Detach_removes_the_agent_and_is_idempotent()
    {
        var first = CallMachine.DetachAgent(Answered(agent: "echo"), new DetachAgent(Org), T0.AddSeconds(2));
        var second = CallMachine.DetachAgent(first.State, new DetachAgent(Org), T0.AddSeconds(3));

        Assert.Null(first.State.Agent);
        Assert.Equal(CallStatus.InProgress, first.State.Status);
        Assert.Equal([CallEventTypes.AgentDetached], first.EventTypes());
        Assert.Null(second.Error);
        Assert.Empty(second.Effects);
    }
}
