using ClutchCall.Grains.Call;
using ClutchCall.Grains.Interfaces;

namespace ClutchCall.SipEdge.Tests;

/// <summary>The pure mapping from what the SIP edge reports to call status, and the leg commands the machines emit.</summary>
public sealed class LegMachineTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 22, 10, 0, 0, TimeSpan.Zero);

    private static CallState Dialing() =>
        CallMachine.Originate(new CallState(), "CA00000000000000000000000000000001", new OriginateCall("org_a", "+15551234567", "+15558675309", "pstn", null, null, 30), [], T0).State;

    private static CallState Answered() =>
        CallMachine.OnLegProgress(Dialing(), new LegProgress(LegSignal.Answered, 200), T0.AddSeconds(1)).State;

    private static CallState Pending() =>
        InboundMachine.RingIn(new CallState(), "CA00000000000000000000000000000002", new IncomingCall("org_a", "+15551110000", "+15552220000", "pstn"), T0).State;

    [Theory]
    [InlineData(486, "failed", "busy")]
    [InlineData(600, "failed", "busy")]
    [InlineData(408, "no_answer", "no_answer")]
    [InlineData(480, "no_answer", "no_answer")]
    [InlineData(404, "failed", "404")]
    [InlineData(503, "failed", "503")]
    public void Final_responses_map_to_status_and_reason(int code, string status, string reason)
    {
        var d = CallMachine.OnLegProgress(Dialing(), new LegProgress(LegSignal.Rejected, code), T0.AddSeconds(1));
        Assert.Equal(status, d.State.Status.ToWire());
        Assert.Equal(reason, d.State.EndReason);
        Assert.DoesNotContain(d.Effects, e => e is LegCommand); // the leg ended itself
        Assert.Contains(new ClearReminder(CallReminders.RingTimeout), d.Effects);
    }

    [Fact]
    public void Ringing_then_answer_then_bye_walk_the_outbound_statuses()
    {
        var ringing = CallMachine.OnLegProgress(Dialing(), new LegProgress(LegSignal.Ringing, 180), T0.AddSeconds(1)).State;
        Assert.Equal(CallStatus.Ringing, ringing.Status);
        var answered = CallMachine.OnLegProgress(ringing, new LegProgress(LegSignal.Answered, 200), T0.AddSeconds(2));
        Assert.Equal(CallStatus.InProgress, answered.State.Status);
        Assert.Null(answered.State.RingDeadline);
        var bye = CallMachine.OnLegProgress(answered.State, new LegProgress(LegSignal.RemoteHangup), T0.AddSeconds(3));
        Assert.Equal((CallStatus.Completed, "remote_hangup"), (bye.State.Status, bye.State.EndReason));
        Assert.True(CallMachine.OnLegProgress(bye.State, new LegProgress(LegSignal.Answered, 200), T0.AddSeconds(4)).State == bye.State);
    }

    [Fact]
    public void The_ring_timeout_cancels_and_hangup_of_an_answered_call_says_bye()
    {
        var timedOut = CallMachine.OnRingTimeout(Dialing(), T0.AddSeconds(30));
        Assert.Equal(CallStatus.NoAnswer, timedOut.State.Status);
        Assert.Contains(new LegCommand(LegAction.Cancel), timedOut.Effects);
        var hungUp = CallMachine.Hangup(Answered(), new HangupCall("org_a"), T0.AddSeconds(5));
        Assert.Contains(new LegCommand(LegAction.Hangup), hungUp.Effects);
    }

    [Fact]
    public void Inbound_answer_answers_the_leg_and_disconnect_of_a_pending_call_rejects_it()
    {
        var answered = InboundMachine.Apply(Pending(), new InboundCommandRequest("org_a", InboundCommand.Answer), T0.AddSeconds(1));
        Assert.Contains(new LegCommand(LegAction.Answer), answered.Effects);
        var rejected = InboundMachine.Apply(Pending(), new InboundCommandRequest("org_a", InboundCommand.Disconnect), T0.AddSeconds(1));
        Assert.Contains(new LegCommand(LegAction.Reject), rejected.Effects);
        var unanswered = CallMachine.OnLegProgress(Pending(), new LegProgress(LegSignal.Rejected, 480), T0.AddMinutes(3)).State;
        Assert.Equal((CallStatus.NoAnswer, "ring_timeout", InboundState.Disconnected), (unanswered.Status, unanswered.EndReason, unanswered.Inbound!.State));
        var cancelled = CallMachine.OnLegProgress(Pending(), new LegProgress(LegSignal.RemoteHangup), T0.AddSeconds(1)).State;
        Assert.Equal((CallStatus.Completed, "caller_canceled", InboundState.Disconnected), (cancelled.Status, cancelled.EndReason, cancelled.Inbound!.State));
    }

    [Fact]
    public void Transfer_refers_and_a_bye_after_the_target_answered_completes_as_transferred()
    {
        var transfer = CallMachine.Transfer(Answered(), new TransferCall("org_a", "+15557654321", null), T0.AddSeconds(2));
        Assert.Contains(new LegCommand(LegAction.Refer, "+15557654321"), transfer.Effects);
        var notify = CallMachine.OnLegProgress(transfer.State, new LegProgress(LegSignal.TransferProgress, 200, Detail: "refer", Final: true), T0.AddSeconds(3));
        var progress = Assert.Single(notify.Effects.OfType<EmitEvent>()).Payload;
        Assert.Equal(new CallTransferProgress(transfer.State.Sid, "org_a", "+15557654321", "refer", 200, true, T0.AddSeconds(3)), progress);
        var bye = CallMachine.OnLegProgress(notify.State, new LegProgress(LegSignal.RemoteHangup), T0.AddSeconds(4)).State;
        Assert.Equal("transferred", bye.EndReason);
    }

    [Fact]
    public void Dtmf_is_an_event_only_on_an_answered_call_and_a_lost_edge_fails_it()
    {
        var d = CallMachine.OnLegProgress(Answered(), new LegProgress(LegSignal.Dtmf, Detail: "5"), T0.AddSeconds(2));
        Assert.Equal(CallEventTypes.Dtmf, Assert.Single(d.Effects.OfType<EmitEvent>()).Type);
        Assert.Empty(CallMachine.OnLegProgress(Dialing(), new LegProgress(LegSignal.Dtmf, Detail: "5"), T0).Effects);
        var lost = CallMachine.OnLegLost(Answered(), T0.AddSeconds(9)).State;
        Assert.Equal((CallStatus.Failed, "edge_lost"), (lost.Status, lost.EndReason));
    }
}
