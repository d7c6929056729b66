using ClutchCall.Grains.Interfaces;
using ClutchCall.Runtime;
using ClutchCall.TestKit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ClutchCall.Grains.Tests;

/// <summary>The call grain on the real runtime: persistence, reminders and events, in memory and across a silo handoff on Redis.</summary>
public sealed class CallGrainTests
{
    private const string Org = "org_g";

    private static OriginateCall Originate(string to) => new(Org, to, "+15558675309", SimulatedTrunk.DefaultTrunkId, null, null, 30);

    private static async Task<CallView> WaitForAsync(IGrainFactory grains, string sid, CallStatus status)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            var view = (await grains.GetGrain<ICallGrain>(sid).GetAsync(new GetCall(Org))).Call!;
            if (view.Status == status || DateTime.UtcNow > deadline)
            {
                Assert.Equal(status, view.Status);
                return view;
            }
            await Task.Delay(50);
        }
    }

    [Fact]
    public async Task Reminders_drive_the_simulated_trunk_and_events_reach_both_streams()
    {
        using var host = await TestHosts.StartAsync(new Dictionary<string, string?>(), s => s.AddCallGrains());
        var grains = host.Services.GetRequiredService<IGrainFactory>();
        var sid = CallSid.New();

        var created = await grains.GetGrain<ICallGrain>(sid).OriginateAsync(Originate("+15551234567"));
        var live = await WaitForAsync(grains, sid, CallStatus.InProgress);

        Assert.Equal(CallStatus.Dialing, created.Call?.Status);
        Assert.Equal(created.Call!.StartedAt.AddSeconds(1), live.AnsweredAt);
        var log = host.Services.GetRequiredService<IEventLog>();
        var own = await log.ReadAsync(CallStreams.ForCall(sid), null, 100, CancellationToken.None);
        var org = await log.ReadAsync(CallStreams.ForOrg(Org), null, 100, CancellationToken.None);
        Assert.Equal(3, own.Count(e => e.Type == CallEventTypes.Status));
        Assert.Equal(own.Select(e => e.Data), org.Where(e => e.Data.Contains(sid)).Select(e => e.Data));
        var index = await host.Services.GetRequiredService<IGrainIndex>().RangeByScoreDescendingAsync(CallStreams.OrgCallsIndex(Org), double.PositiveInfinity, 10, CancellationToken.None);
        Assert.Contains(index, m => m.Member == sid);
        await host.StopAsync();
    }

    [Fact]
    public async Task Unknown_trunk_is_refused_without_creating_the_call()
    {
        using var host = await TestHosts.StartAsync(new Dictionary<string, string?>(), s => s.AddCallGrains());
        var grains = host.Services.GetRequiredService<IGrainFactory>();
        var sid = CallSid.New();

        var refused = await grains.GetGrain<ICallGrain>(sid).OriginateAsync(Originate("+15551234567") with { TrunkId = "trunk_x" });
        var get = await grains.GetGrain<ICallGrain>(sid).GetAsync(new GetCall(Org));

        Assert.Equal(("trunkId", CallErrorKind.Invalid), (refused.Error?.Field, refused.Error?.Kind));
        Assert.Equal(CallErrorKind.NotFound, get.Error?.Kind);
        await host.StopAsync();
    }

    [Fact]
    public async Task A_ringing_call_moves_to_another_silo_and_answers_on_its_original_schedule()
    {
        await using var redis = await RedisServer.StartAsync();
        var settings = new Dictionary<string, string?>
        {
            ["Cluster:Redis"] = redis.ConnectionString,
            ["Cluster:ServiceId"] = "g" + Guid.NewGuid().ToString("N")[..8],
        };
        var first = await TestHosts.StartAsync(new Dictionary<string, string?>(settings) { ["Cluster:SiloName"] = "first" }, s => s.AddCallGrains());
        var sid = CallSid.New();
        // 703: answers 3 s after dialing. The call is created while "first" is the only silo, so it lives there.
        var created = (await first.Services.GetRequiredService<IGrainFactory>().GetGrain<ICallGrain>(sid).OriginateAsync(Originate("+15551234703"))).Call!;
        using var second = await TestHosts.StartAsync(new Dictionary<string, string?>(settings) { ["Cluster:SiloName"] = "second" }, s => s.AddCallGrains());

        await first.StopAsync();
        first.Dispose();
        var grains = second.Services.GetRequiredService<IGrainFactory>();
        var live = await WaitForAsync(grains, sid, CallStatus.InProgress);

        Assert.Equal(created.StartedAt.AddSeconds(3), live.AnsweredAt);
        var events = await second.Services.GetRequiredService<IEventLog>().ReadAsync(CallStreams.ForCall(sid), null, 100, CancellationToken.None);
        Assert.Equal(["dialing", "ringing", "in_progress"],
            events.Where(e => e.Type == CallEventTypes.Status).Select(e => System.Text.Json.JsonDocument.Parse(e.Data).RootElement.GetProperty("status").GetString()));
        var hung = await grains.GetGrain<ICallGrain>(sid).HangupAsync(new HangupCall(Org));
        Assert.Equal(CallStatus.Completed, hung.Call?.Status);
        await second.StopAsync();
    }
}
