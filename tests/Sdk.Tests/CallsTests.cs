using ClutchCall.Testing;

namespace ClutchCall.Sdk.Tests;

public sealed class CallsTests(SdkFixture fixture) : IClassFixture<SdkFixture>
{
    private readonly Voice _voice = fixture.Voice;

    private static OriginateArgs Args(string to = "+15551234567") => new() { To = to, From = "+15558675309", TrunkId = "trunk_sim" };

    [Fact]
    public async Task Recipe_originate_wait_for_in_progress_then_hang_up()
    {
        var call = await _voice.Calls.OriginateAsync(Args() with { Agent = "appointment-reminder", RingTimeoutSec = 25 });
        Assert.Equal(CallStatus.Dialing, call.Status);
        Assert.Equal(25, call.Data.RingTimeoutSec);

        var live = await _voice.UntilAsync(call.Sid, c => c.Status != CallStatus.Dialing && c.Status != CallStatus.Ringing);
        Assert.Equal(CallStatus.InProgress, live.Status);
        Assert.Equal("appointment-reminder", live.Agent);

        var ended = await live.HangupAsync();
        Assert.Equal(CallStatus.Completed, ended.Status);
        Assert.True(ended.Status.IsTerminal());
        Assert.Equal(CallStatus.Completed, (await ended.HangupAsync()).Status);
    }

    [Fact]
    public async Task Handoff_recipe_transfer_to_agent_then_to_a_number_keeps_the_sid()
    {
        var call = await _voice.Calls.OriginateAsync(Args() with { Agent = "triage-bot" });
        var live = await _voice.UntilAsync(call.Sid, c => c.Status == CallStatus.InProgress);

        var toQueue = await live.TransferAsync(TransferTarget.ToAgent("human-queue"));
        var toPhone = await live.TransferAsync("+15557654321");

        Assert.Equal("human-queue", toQueue.Agent);
        Assert.Equal(call.Sid, toPhone.Sid);
        Assert.Equal(["human-queue", null], toPhone.Data.Transfers.Select(t => t.Agent));
        await toPhone.HangupAsync();
    }

    [Fact]
    public async Task Refusals_surface_as_problems_with_status_and_field()
    {
        var badTo = await Assert.ThrowsAsync<VoiceApiException>(() => _voice.Calls.OriginateAsync(Args("12345")));
        var badTrunk = await Assert.ThrowsAsync<VoiceApiException>(() => _voice.Calls.OriginateAsync(Args() with { TrunkId = "trunk_zz" }));
        var missing = await Assert.ThrowsAsync<VoiceApiException>(() => _voice.Calls.GetAsync("CA0123456789abcdef0123456789abcdef"));
        var ringing = await _voice.Calls.OriginateAsync(Args("+15551234408"));
        var early = await Assert.ThrowsAsync<VoiceApiException>(() => ringing.TransferAsync("+15557654321"));

        Assert.Equal((422, "to"), (badTo.Status, badTo.Field));
        Assert.Equal((422, "trunkId"), (badTrunk.Status, badTrunk.Field));
        Assert.Equal(404, missing.Status);
        Assert.Equal(409, early.Status);
        Assert.Equal("urn:clutchcall:problem:conflict", early.ProblemType);
    }

    [Fact]
    public async Task Wrong_key_is_401()
    {
        using var stranger = fixture.NewVoice(apiKey: "cc_wrong");

        var e = await Assert.ThrowsAsync<VoiceApiException>(() => stranger.Calls.ListAsync());

        Assert.Equal(401, e.Status);
    }

    [Fact]
    public async Task Idempotency_key_returns_the_same_call()
    {
        var key = Guid.NewGuid().ToString("n");

        var first = await _voice.Calls.OriginateAsync(Args(), key);
        var second = await _voice.Calls.OriginateAsync(Args(), key);

        Assert.Equal(first.Sid, second.Sid);
    }

    [Fact]
    public async Task List_pages_through_calls_and_filters_by_status()
    {
        var failed = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            failed.Add((await _voice.Calls.OriginateAsync(Args("+15551234503"))).Sid);
        }
        foreach (var sid in failed)
        {
            await _voice.UntilAsync(sid, c => c.Status == CallStatus.Failed);
        }

        var page = await _voice.Calls.ListAsync(new ListCallsArgs(Limit: 2));
        var all = new List<string>();
        await foreach (var call in _voice.Calls.ListAllAsync(CallStatus.Failed))
        {
            Assert.Equal(CallStatus.Failed, call.Status);
            all.Add(call.Sid);
        }

        Assert.Equal(2, page.Items.Count);
        Assert.NotNull(page.NextCursor);
        Assert.Subset(all.ToHashSet(), failed.ToHashSet());
    }

    [Fact]
    public async Task Agents_attach_by_id_and_spec_and_detach()
    {
        var call = await _voice.Calls.OriginateAsync(Args());
        await _voice.UntilAsync(call.Sid, c => c.Status == CallStatus.InProgress);

        var byId = await _voice.Agents.AttachAsync(call.Sid, "healthcare-assistant");
        var bySpec = await _voice.Agents.AttachAsync(call.Sid, new AgentSpec("s2s-large", Codec: "pcm16", TurnDetection: new TurnDetection(SilenceMs: 300),
            Url: "ws://127.0.0.1:9/v1/realtime", ApiKey: "sk-never-returned"));
        var detached = await _voice.Agents.DetachAsync(call.Sid);

        Assert.Equal("healthcare-assistant", byId.Agent);
        Assert.Equal("pcm16", bySpec.Data.AgentSpec?.Codec);
        Assert.Null(bySpec.Data.AgentSpec?.ApiKey);
        Assert.Null(detached.Agent);
        var unknown = await Assert.ThrowsAsync<VoiceApiException>(() => _voice.Agents.AttachAsync(call.Sid, "ghost"));
        Assert.Equal("agentId", unknown.Field);
    }

    [Fact]
    public async Task The_agent_registry_puts_gets_and_deletes()
    {
        var id = "sdk-agent-" + Guid.NewGuid().ToString("N")[..8];

        var put = await _voice.Agents.PutAsync(id, new AgentSpec("echo", PreRoll: "Hi.", Record: "caller"));
        var got = await _voice.Agents.GetAsync(id);
        await _voice.Agents.DeleteAsync(id);

        Assert.Equal((id, "echo", "caller"), (put.AgentId, put.Spec.Model, put.Spec.Record));
        Assert.Equal(put.CreatedAt, got.CreatedAt);
        var gone = await Assert.ThrowsAsync<VoiceApiException>(() => _voice.Agents.GetAsync(id));
        Assert.Equal(404, gone.Status);
        var bad = await Assert.ThrowsAsync<VoiceApiException>(() => _voice.Agents.PutAsync(id, new AgentSpec("echo", Record: "everyone")));
        Assert.Equal("spec.record", bad.Field);
    }

    [Fact]
    public async Task Inbound_commands_follow_the_seed_flows()
    {
        var call = await _voice.Calls.SimulateIncomingAsync("+15550001111", "+15552223333");
        Assert.Equal(InboundState.Pending, call.Data.Inbound?.State);

        var answered = await call.AnswerAsync();
        var connected = await answered.ConnectAsync(ringTimeSeconds: 30);
        var spying = await connected.SpyAsync();
        var barging = await spying.BargeAsync();
        var whispering = await barging.WhisperAsync();
        var left = await whispering.CloseAsync();
        var ended = await left.DisconnectAsync();

        Assert.Equal(InboundState.Answered, answered.Data.Inbound?.State);
        Assert.Equal(ConferenceMode.Barge, connected.Data.Inbound?.Mode);
        Assert.Equal(ConferenceMode.Spy, spying.Data.Inbound?.Mode);
        Assert.Equal(ConferenceMode.Whisper, whispering.Data.Inbound?.Mode);
        Assert.Equal((InboundState.Connected, false, true), (left.Data.Inbound!.State, left.Data.Inbound.AgentInCall, left.Data.Inbound.CalleeInCall));
        Assert.Equal((CallStatus.Completed, InboundState.Disconnected), (ended.Status, ended.Data.Inbound!.State));
    }
}
