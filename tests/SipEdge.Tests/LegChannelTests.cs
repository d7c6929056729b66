using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using ClutchCall.Runtime;
using Microsoft.Extensions.DependencyInjection;

namespace ClutchCall.SipEdge.Tests;

/// <summary>The grain side of the leg channel, with the test playing the edge: a lost edge fails the call, a re-open within the grace keeps it.</summary>
public sealed class LegChannelTests(EdgeHost host) : IClassFixture<EdgeHost>
{
    private static readonly byte[] InboundLeg = Encoding.UTF8.GetBytes("""{"direction":"inbound","format":{"codec":"g711_ulaw","sampleRate":8000,"channels":1,"frameMs":20}}""");

    private IGrainChannelFactory Channels => host.Services.GetRequiredService<IGrainChannelFactory>();

    /// <summary>A ringing inbound call on the SIP trunk with no edge behind it (the admin ring-in path).</summary>
    private async Task<string> RingInAsync()
    {
        var response = await host.Http.PostAsJsonAsync($"/v1/orgs/{EdgeHost.Org}/trunks/{EdgeHost.Trunk}/incoming", new { from = "+15551110000", to = "+15552220000" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("sid").GetString()!;
    }

    [Fact]
    public async Task A_leg_channel_lost_past_the_grace_period_fails_the_call_with_edge_lost()
    {
        var sid = await RingInAsync();
        var leg = await Channels.OpenAsync(new GrainId("call", sid), "leg:caller", InboundLeg, CancellationToken.None);
        leg.Close(ChannelCloseReason.ConnectionLost); // the gateway holding the dialog died
        var ended = await host.WaitForStatusAsync(sid, "failed", seconds: 5);
        Assert.Equal("edge_lost", ended.GetProperty("endReason").GetString());
        Assert.Equal("disconnected", ended.GetProperty("inbound").GetProperty("state").GetString());
    }

    [Fact]
    public async Task A_leg_that_reopens_within_the_grace_period_keeps_the_call()
    {
        var sid = await RingInAsync();
        var first = await Channels.OpenAsync(new GrainId("call", sid), "leg:caller", InboundLeg, CancellationToken.None);
        first.Close(ChannelCloseReason.ConnectionLost);
        await using var second = await Channels.OpenAsync(new GrainId("call", sid), "leg:caller", InboundLeg, CancellationToken.None);
        await Task.Delay(2000); // twice the grace period
        Assert.Equal("ringing", (await host.GetAsync(sid)).GetProperty("status").GetString());

        // Answer and disconnect reach the (test) edge as control frames on the channel, in order.
        Assert.True((await host.PostAsync(sid, "answer")).IsSuccessStatusCode);
        Assert.True((await host.PostAsync(sid, "disconnect")).IsSuccessStatusCode);
        var kinds = new List<byte>();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await foreach (var frame in second.Incoming.ReadAllAsync(cts.Token))
        {
            if (frame.Span[0] != 0x01)
            {
                kinds.Add(frame.Span[0]);
            }
        }
        Assert.Equal([0x13, 0x10], kinds); // answer, then hangup (BYE)
        Assert.Equal(ChannelCloseReason.Closed, await second.Completion);
    }

    [Fact]
    public async Task A_call_on_the_simulated_trunk_refuses_a_leg_channel()
    {
        var response = await host.Http.PostAsJsonAsync($"/v1/orgs/{EdgeHost.Org}/calls", new { to = "+15551234567", from = "+15558675309", trunkId = "trunk_sim" });
        var sid = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("sid").GetString()!;
        var refused = await Assert.ThrowsAsync<GrainCallException>(() => Channels.OpenAsync(new GrainId("call", sid), "leg:caller", InboundLeg, CancellationToken.None));
        Assert.Contains("not a SIP trunk", refused.Message);
        await host.PostAsync(sid, "hangup");
    }
}
