using ClutchCall.Testing;

namespace ClutchCall.Sdk.Tests;

public sealed class EventsTests(SdkFixture fixture) : IClassFixture<SdkFixture>
{
    [Fact]
    public async Task Subscribe_resumes_after_a_dropped_connection_without_gaps_or_repeats()
    {
        await using var proxy = new DroppableTcpProxy(fixture.Host.BaseAddress);
        using var viaProxy = fixture.NewVoice(baseUrl: proxy.Address.ToString());
        var call = await fixture.Voice.Calls.OriginateAsync(new OriginateArgs { To = "+15551234567", From = "+15558675309", TrunkId = "trunk_sim" });
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        var seen = new List<VoiceEvent>();
        await foreach (var e in viaProxy.Events.SubscribeAsync(call.Sid, ct: cts.Token))
        {
            seen.Add(e);
            if (e.Status == CallStatus.InProgress)
            {
                // Cut the stream, then change the call while the subscriber is disconnected.
                proxy.DropAll();
                await fixture.Voice.Agents.AttachAsync(call.Sid, "echo");
                await (await fixture.Voice.Calls.GetAsync(call.Sid)).HangupAsync();
            }
            if (e.Status == CallStatus.Completed)
            {
                break;
            }
        }

        Assert.True(proxy.Connections >= 2, "the subscription reconnected");
        Assert.Equal(
            ["call.status", "call.status", "call.status", "call.agent.attached", "call.status"],
            seen.Select(e => e.Type));
        Assert.Equal([CallStatus.Dialing, CallStatus.Ringing, CallStatus.InProgress, CallStatus.Completed], seen.Where(e => e.Status is not null).Select(e => e.Status!.Value));
        Assert.Equal(seen.Count, seen.Select(e => e.Id).Distinct().Count());
        Assert.All(seen, e => Assert.Equal(call.Sid, e.Sid));
    }

    [Fact]
    public async Task Org_subscription_sees_incoming_calls_and_can_start_after_an_id()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var incoming = await fixture.Voice.Calls.SimulateIncomingAsync("+15550001111", "+15552223333");

        VoiceEvent? ring = null;
        await foreach (var e in fixture.Voice.Events.SubscribeAsync(ct: cts.Token))
        {
            if (e.Type == "call.incoming" && e.Sid == incoming.Sid)
            {
                ring = e;
                break;
            }
        }
        await incoming.AnswerAsync();
        VoiceEvent? next = null;
        await foreach (var e in fixture.Voice.Events.SubscribeAsync(lastEventId: ring!.Id, ct: cts.Token))
        {
            if (e.Sid == incoming.Sid)
            {
                next = e;
                break;
            }
        }

        Assert.Equal("+15550001111", ring.Data.GetProperty("from").GetString());
        Assert.Equal(CallStatus.InProgress, next?.Status);
    }

    [Fact]
    public async Task From_now_skips_history_and_yields_new_events()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var call = await (await (await fixture.Voice.Calls.SimulateIncomingAsync("+15550001111", "+15552223333")).AnswerAsync()).ConnectAsync();

        // Keep changing the call until the subscription (which may connect at any moment) sees a change.
        using var stop = new CancellationTokenSource();
        var toggler = Task.Run(async () =>
        {
            for (var spy = true; !stop.IsCancellationRequested; spy = !spy)
            {
                await (spy ? call.SpyAsync() : call.BargeAsync());
                await Task.Delay(50);
            }
        });
        VoiceEvent? first = null;
        await foreach (var e in fixture.Voice.Events.SubscribeAsync(call.Sid, fromNow: true, ct: cts.Token))
        {
            first = e;
            break;
        }
        stop.Cancel();
        await toggler;

        Assert.Equal("call.bridge", first?.Type);
        Assert.Contains(first!.Data.GetProperty("mode").GetString(), new[] { "spy", "barge" });
    }

    [Fact]
    public async Task Subscribing_to_another_orgs_call_fails_fast()
    {
        using var other = new Voice(new VoiceOptions { BaseUrl = fixture.Host.BaseAddress.ToString(), ApiKey = VoiceTestHost.OtherOrgKey, OrgId = VoiceTestHost.OtherOrg });
        var call = await fixture.Voice.Calls.OriginateAsync(new OriginateArgs { To = "+15551234567", From = "+15558675309", TrunkId = "trunk_sim" });

        var e = await Assert.ThrowsAsync<VoiceApiException>(async () =>
        {
            await foreach (var _ in other.Events.SubscribeAsync(call.Sid))
            {
            }
        });

        Assert.Equal(404, e.Status);
    }
}
