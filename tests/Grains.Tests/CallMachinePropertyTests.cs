using ClutchCall.Grains.Call;
using ClutchCall.Grains.Interfaces;
using static ClutchCall.Grains.Tests.CallFixtures;

namespace ClutchCall.Grains.Tests;

/// <summary>Seeded random command sequences against both machines; invariants that must hold after every step.</summary>
public sealed class CallMachinePropertyTests
{
    private static readonly string[] Numbers = ["+15551234567", "+15551234486", "+15551234503", "+15551234408", "+15551234705", "+15551234902"];

    [Fact]
    public void Random_command_sequences_keep_the_invariants()
    {
        var random = new Random(424242);
        for (var run = 0; run < 2000; run++)
        {
            var inbound = random.Next(2) == 0;
            var state = inbound ? Inbound() : Outbound(Numbers[random.Next(Numbers.Length)], random.Next(3) == 0 ? "echo" : null, random.Next(5, 31));
            var now = T0;
            for (var step = 0; step < 12; step++)
            {
                now += TimeSpan.FromMilliseconds(random.Next(0, 4000));
                var decision = RandomCommand(random, state, now);
                Check(state, decision, $"run {run} step {step}");
                state = decision.State;
            }
        }
    }

    private static CallDecision RandomCommand(Random random, CallState state, DateTimeOffset now) => random.Next(10) switch
    {
        0 => CallMachine.OnTrunkReminder(state, now),
        1 => CallMachine.OnRingTimeout(state, now),
        2 => CallMachine.Hangup(state, new HangupCall(random.Next(8) == 0 ? "org_other" : Org), now),
        3 => CallMachine.Transfer(state, random.Next(2) == 0 ? new TransferCall(Org, "+15557654321", null) : new TransferCall(Org, null, "billing-bot"), now),
        4 => CallMachine.AttachAgent(state, new AttachAgent(Org, "echo", null), now),
        5 => CallMachine.DetachAgent(state, new DetachAgent(Org), now),
        _ => InboundMachine.Apply(state, new InboundCommandRequest(Org, (InboundCommand)random.Next(7)), now),
    };

    private static void Check(CallState before, CallDecision d, string where)
    {
        var after = d.State;
        if (d.Error is not null)
        {
            Assert.True(ReferenceEquals(before, after), where);
            Assert.Empty(d.Effects);
            return;
        }
        Assert.Equal(before.Sid, after.Sid);
        Assert.Equal(before.OrgId, after.OrgId);
        Assert.Equal(before.StartedAt, after.StartedAt);
        if (before.Status.IsTerminal())
        {
            Assert.Equal(before.Status, after.Status);
            Assert.DoesNotContain(d.Effects, e => e is EmitEvent { Type: CallEventTypes.Status });
        }
        var statusEvents = d.Effects.OfType<EmitEvent>().Select(e => e.Payload).OfType<CallStatusChanged>().ToList();
        var previous = before.Status;
        foreach (var change in statusEvents)
        {
            Assert.Equal(previous, change.Previous);
            Assert.NotEqual(change.Previous, change.Status);
            previous = change.Status;
        }
        Assert.Equal(previous, after.Status);
        Assert.Equal(after.Status.IsTerminal(), after.EndedAt is not null);
        Assert.Equal(after.Status.IsTerminal(), d.Effects.OfType<CallFinished>().Any() || before.Status.IsTerminal());
        if (after.Status.IsTerminal())
        {
            Assert.Empty(after.PendingSignals);
            Assert.Null(after.RingDeadline);
        }
        if (after.Status == CallStatus.InProgress)
        {
            Assert.NotNull(after.AnsweredAt);
        }
        if (after.Inbound is { } i)
        {
            Assert.Equal(after.Status.IsTerminal(), i.State == InboundState.Disconnected);
            Assert.True(i.Mode is null || i.AgentInCall, where);
        }
        Assert.All(d.Effects.OfType<EmitEvent>(), e => Assert.Contains(e.Type, CallEventTypes.All));
    }
}
