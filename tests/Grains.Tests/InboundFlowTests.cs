using ClutchCall.Grains.Call;
using ClutchCall.Grains.Interfaces;
using static ClutchCall.Grains.Interfaces.InboundCommand;
using static ClutchCall.Grains.Tests.CallFixtures;

namespace ClutchCall.Grains.Tests;

public sealed class InboundFlowTests
{
    [Fact]
    public void Ring_in_starts_pending_and_raises_incoming()
    {
        var d = InboundMachine.RingIn(new CallState(), Sid, new IncomingCall(Org, "+15550001111", "+15552223333", "trunk_sim"), T0);

        Assert.Equal(InboundState.Pending, d.State.Inbound?.State);
        Assert.Equal(CallStatus.Ringing, d.State.Status);
        Assert.Equal(CallDirection.Inbound, d.State.Direction);
        Assert.Equal([CallEventTypes.Status, CallEventTypes.Incoming], d.EventTypes());
        Assert.Contains(new IndexCall(Org, Sid, T0), d.Effects);
    }

    public static TheoryData<InboundCommand[], InboundState, CallStatus, string, ConferenceMode?> Flows => new()
    {
        // The seed flows, by number.
        // 1. answer, talk, close: PENDING -> ANSWERED -> DISCONNECTED
        { [Answer, Close], InboundState.Disconnected, CallStatus.Completed, "", null },
        // 2. answer, connect, close: the agent leaves; caller and callee keep talking.
        { [Answer, Connect, Close], InboundState.Connected, CallStatus.InProgress, "caller,callee", null },
        // 3. answer, connect, whisper
        { [Answer, Connect, Whisper], InboundState.Connected, CallStatus.InProgress, "caller,agent,callee", ConferenceMode.Whisper },
        // 4. connect without answer: caller routed straight to the callee.
        { [Connect], InboundState.Connected, CallStatus.InProgress, "caller,callee", null },
        // 5. answer then disconnect ends it for everyone.
        { [Answer, Disconnect], InboundState.Disconnected, CallStatus.Completed, "", null },
        // Barge is the default after connect; spy and barge switch modes.
        { [Answer, Connect], InboundState.Connected, CallStatus.InProgress, "caller,agent,callee", ConferenceMode.Barge },
        { [Answer, Connect, Spy], InboundState.Connected, CallStatus.InProgress, "caller,agent,callee", ConferenceMode.Spy },
        { [Answer, Connect, Whisper, Barge], InboundState.Connected, CallStatus.InProgress, "caller,agent,callee", ConferenceMode.Barge },
        { [Answer, Connect, Disconnect], InboundState.Disconnected, CallStatus.Completed, "", null },
        { [Answer], InboundState.Answered, CallStatus.InProgress, "caller,agent", null },
        // Rejecting a pending call.
        { [Disconnect], InboundState.Disconnected, CallStatus.Completed, "", null },
        // Repeats that are accepted and change nothing.
        { [Answer, Close, Close, Disconnect], InboundState.Disconnected, CallStatus.Completed, "", null },
        { [Answer, Connect, Close, Close], InboundState.Connected, CallStatus.InProgress, "caller,callee", null },
        { [Answer, Connect, Spy, Spy], InboundState.Connected, CallStatus.InProgress, "caller,agent,callee", ConferenceMode.Spy },
    };

    [Theory]
    [MemberData(nameof(Flows))]
    public void Seed_flows_end_where_the_documentation_says(InboundCommand[] commands, InboundState state, CallStatus status, string participants, ConferenceMode? mode)
    {
        var call = InboundAfter(commands);

        Assert.Equal(state, call.Inbound?.State);
        Assert.Equal(status, call.Status);
        Assert.Equal(mode, call.Inbound?.Mode);
        Assert.Equal(participants, string.Join(",", Participants(call)));
    }

    public static TheoryData<InboundCommand[], InboundCommand> Refused => new()
    {
        { [], Close },                         // pending: answer/connect first, or disconnect
        { [], Whisper },
        { [], Barge },
        { [], Spy },
        { [Answer], Answer },
        { [Answer], Whisper },                 // modes need a conference
        { [Answer, Connect], Connect },
        { [Answer, Connect], Answer },
        { [Connect], Whisper },                // the agent never joined
        { [Answer, Connect, Close], Barge },   // the agent left
        { [Answer, Close], Answer },           // ended
        { [Disconnect], Connect },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public void Commands_that_do_not_fit_the_state_are_409(InboundCommand[] before, InboundCommand command)
    {
        var call = InboundAfter(before);

        var d = InboundMachine.Apply(call, new InboundCommandRequest(Org, command), T0);

        Assert.Equal(CallErrorKind.Conflict, d.Error?.Kind);
        Assert.Same(call, d.State);
        Assert.Empty(d.Effects);
    }

    [Fact]
    public void Connect_remembers_its_ring_time_defaulting_to_sixty_seconds()
    {
        var byDefault = InboundAfter(Connect);
        var custom = InboundMachine.Apply(Inbound(), new InboundCommandRequest(Org, Connect, 20), T0).State;

        Assert.Equal(60, byDefault.Inbound?.ConnectRingTimeSeconds);
        Assert.Equal(20, custom.Inbound?.ConnectRingTimeSeconds);
    }

    [Fact]
    public void Every_accepted_change_emits_a_bridge_event_with_the_command()
    {
        var call = InboundAfter(Answer);

        var d = InboundMachine.Apply(call, new InboundCommandRequest(Org, Connect), T0);

        var bridge = Assert.Single(d.Payloads<BridgeChanged>());
        Assert.Equal((Connect, InboundState.Connected, (ConferenceMode?)ConferenceMode.Barge), (bridge.Command, bridge.State, bridge.Mode));
        Assert.Equal(["caller", "agent", "callee"], bridge.Participants);
    }

    [Fact]
    public void Inbound_commands_on_an_outbound_call_conflict()
    {
        Assert.Equal(CallErrorKind.Conflict, InboundMachine.Apply(Answered(), new InboundCommandRequest(Org, Answer), T0).Error?.Kind);
    }

    [Fact]
    public void Hangup_of_an_inbound_call_disconnects_it()
    {
        var d = CallMachine.Hangup(InboundAfter(Answer, Connect), new HangupCall(Org), T0);

        Assert.Equal(InboundState.Disconnected, d.State.Inbound?.State);
        Assert.Equal(CallStatus.Completed, d.State.Status);
    }

    private static IEnumerable<string> Participants(CallState call)
    {
        var i = call.Inbound!;
        if (i.State == InboundState.Disconnected)
        {
            yield break;
        }
        yield return "caller";
        if (i.AgentInCall)
        {
            yield return "agent";
        }
        if (i.CalleeInCall)
        {
            yield return "callee";
        }
    }
}
