using ClutchCall.Grains.Call;
using ClutchCall.Grains.Interfaces;
using static ClutchCall.Grains.Tests.CallFixtures;

namespace ClutchCall.Grains.Tests;

public sealed class OutboundLifecycleTests
{
    [Fact]
    public void Originate_starts_dialing_indexes_the_call_and_arms_both_reminders()
    {
        var d = CallMachine.Originate(new CallState(), Sid, Originate(), SimulatedTrunk.Plan("+15551234567", T0), T0);

        Assert.Null(d.Error);
        Assert.Equal(CallStatus.Dialing, d.State.Status);
        Assert.Equal(T0, d.State.StartedAt);
        Assert.Equal(T0.AddSeconds(30), d.State.RingDeadline);
        Assert.Contains(new IndexCall(Org, Sid, T0), d.Effects);
        Assert.Contains(new SetReminder(CallReminders.RingTimeout, T0.AddSeconds(30)), d.Effects);
        Assert.Contains(new SetReminder(CallReminders.Trunk, T0.AddMilliseconds(200)), d.Effects);
        var status = Assert.Single(d.Payloads<CallStatusChanged>());
        Assert.Equal((CallStatus.Dialing, (CallStatus?)null), (status.Status, status.Previous));
    }

    // (time of the trunk reminder, dialled number) -> status, end reason
    [Theory]
    [InlineData(100, "+15551234567", CallStatus.Dialing, null)]
    [InlineData(200, "+15551234567", CallStatus.Ringing, null)]
    [InlineData(1000, "+15551234567", CallStatus.InProgress, null)]
    [InlineData(5000, "+15551234486", CallStatus.Failed, "busy")]
    [InlineData(5000, "+15551234503", CallStatus.Failed, "trunk_error")]
    [InlineData(60000, "+15551234408", CallStatus.Ringing, null)]
    [InlineData(4900, "+15551234705", CallStatus.Ringing, null)]
    [InlineData(5000, "+15551234705", CallStatus.InProgress, null)]
    [InlineData(3900, "+15551234903", CallStatus.InProgress, null)]
    [InlineData(4000, "+15551234903", CallStatus.Completed, "remote_hangup")]
    public void Trunk_signals_drive_the_status(int atMs, string to, CallStatus expected, string? reason)
    {
        var state = OutboundAt(TimeSpan.FromMilliseconds(atMs), to);

        Assert.Equal(expected, state.Status);
        Assert.Equal(reason, state.EndReason);
    }

    [Fact]
    public void A_late_reminder_applies_every_due_signal_in_order()
    {
        var d = CallMachine.OnTrunkReminder(Outbound(), T0.AddSeconds(3));

        Assert.Equal(
            [CallStatus.Ringing, CallStatus.InProgress],
            d.Payloads<CallStatusChanged>().Select(p => p.Status));
        Assert.Equal(T0.AddSeconds(1), d.State.AnsweredAt);
        Assert.Empty(d.State.PendingSignals);
        Assert.Contains(new ClearReminder(CallReminders.RingTimeout), d.Effects);
    }

    [Fact]
    public void An_early_reminder_only_re_arms_for_the_next_signal()
    {
        var d = CallMachine.OnTrunkReminder(Outbound(), T0.AddMilliseconds(500));

        Assert.Equal(CallStatus.Ringing, d.State.Status);
        Assert.Contains(new SetReminder(CallReminders.Trunk, T0.AddSeconds(1)), d.Effects);
    }

    [Fact]
    public void Ring_timeout_ends_an_unanswered_call_as_no_answer()
    {
        var ringing = OutboundAt(TimeSpan.FromSeconds(1), "+15551234408");

        var early = CallMachine.OnRingTimeout(ringing, T0.AddSeconds(29));
        var due = CallMachine.OnRingTimeout(ringing, T0.AddSeconds(30));

        Assert.Equal(CallStatus.Ringing, early.State.Status);
        Assert.Contains(new SetReminder(CallReminders.RingTimeout, T0.AddSeconds(30)), early.Effects);
        Assert.Equal(CallStatus.NoAnswer, due.State.Status);
        Assert.Equal("ring_timeout", due.State.EndReason);
        Assert.Contains(new CallFinished(), due.Effects);
    }

    [Fact]
    public void Answer_later_than_the_ring_timeout_is_no_answer()
    {
        // 750: answers after 50 s, but the ring timeout is 30 s.
        var ringing = OutboundAt(TimeSpan.FromSeconds(1), "+15551234750");
        var timedOut = CallMachine.OnRingTimeout(ringing, T0.AddSeconds(30)).State;
        var after = CallMachine.OnTrunkReminder(timedOut, T0.AddSeconds(50));

        Assert.Equal(CallStatus.NoAnswer, after.State.Status);
        Assert.Empty(after.Effects);
    }

    [Fact]
    public void Ring_timeout_after_answer_changes_nothing()
    {
        var d = CallMachine.OnRingTimeout(Answered(), T0.AddSeconds(30));

        Assert.Equal(CallStatus.InProgress, d.State.Status);
        Assert.Empty(d.Effects);
    }

    // status before hangup -> end status, reason
    [Theory]
    [InlineData(0, "canceled")]
    [InlineData(500, "canceled")]
    [InlineData(1000, "hangup")]
    public void Hangup_completes_the_call(int atMs, string reason)
    {
        var d = CallMachine.Hangup(OutboundAt(TimeSpan.FromMilliseconds(atMs)), new HangupCall(Org), T0.AddSeconds(2));

        Assert.Null(d.Error);
        Assert.Equal(CallStatus.Completed, d.State.Status);
        Assert.Equal(reason, d.State.EndReason);
        Assert.Equal(T0.AddSeconds(2), d.State.EndedAt);
        Assert.Contains(new ClearReminder(CallReminders.Trunk), d.Effects);
        Assert.Contains(new CallFinished(), d.Effects);
    }

    [Fact]
    public void Hangup_of_an_ended_call_is_accepted_and_changes_nothing()
    {
        var ended = CallMachine.Hangup(Answered(), new HangupCall(Org), T0.AddSeconds(2)).State;

        var again = CallMachine.Hangup(ended, new HangupCall(Org), T0.AddSeconds(9));

        Assert.Null(again.Error);
        Assert.Same(ended, again.State);
        Assert.Empty(again.Effects);
    }

    [Fact]
    public void Another_orgs_call_and_a_missing_call_are_not_found()
    {
        Assert.Equal(CallErrorKind.NotFound, CallMachine.Hangup(Answered(), new HangupCall("org_b"), T0).Error?.Kind);
        Assert.Equal(CallErrorKind.NotFound, CallMachine.Hangup(new CallState(), new HangupCall(Org), T0).Error?.Kind);
        Assert.Equal(CallErrorKind.NotFound, CallMachine.Transfer(Answered(), new TransferCall("org_b", "+15557654321", null), T0).Error?.Kind);
    }

    [Fact]
    public void Originate_with_an_agent_attaches_it_on_answer()
    {
        var d = CallMachine.OnTrunkReminder(Outbound(agent: "triage-bot"), T0.AddSeconds(1));

        var attached = Assert.Single(d.Payloads<AgentChanged>());
        Assert.Equal("triage-bot", attached.Agent);
        Assert.Equal(CallEventTypes.AgentAttached, d.EventTypes().Last());
    }

    [Fact]
    public void Idempotent_originate_returns_the_same_call_and_a_different_body_conflicts()
    {
        var first = CallMachine.Originate(new CallState(), Sid, Originate(fingerprint: "f1"), [], T0).State;

        var retry = CallMachine.Originate(first, Sid, Originate(fingerprint: "f1"), [], T0.AddSeconds(1));
        var other = CallMachine.Originate(first, Sid, Originate(to: "+15550000000", fingerprint: "f2"), [], T0.AddSeconds(1));

        Assert.Null(retry.Error);
        Assert.Same(first, retry.State);
        Assert.Empty(retry.Effects);
        Assert.Equal(CallErrorKind.Conflict, other.Error?.Kind);
        Assert.Equal("Idempotency-Key", other.Error?.Field);
    }
}
