using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using ClutchCall.Runtime;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace ClutchCall.SipEdge.Tests;

/// <summary>Trunks created through the admin API take effect at once: the edge dials them, the catalog accepts them.</summary>
public sealed class ApiTrunkTests(EdgeHost host, ITestOutputHelper output) : IClassFixture<EdgeHost>
{
    private static readonly byte[] MuLawBridge = Encoding.UTF8.GetBytes("""{"codec":"g711_ulaw","sampleRate":8000,"channels":1,"frameMs":20}""");

    private static string TrunkPath(string id) => $"/v1/orgs/{EdgeHost.Org}/trunks/{id}";

    [Fact]
    public async Task A_trunk_put_through_the_api_is_dialled_at_once_and_the_answer_is_heard()
    {
        await using var baresip = await BaresipPeer.StartAsync(host.SpeechTwiceWav);
        using var events = await baresip.ListenAsync();
        var trunkId = "api-" + Guid.NewGuid().ToString("N")[..8];

        var put = await host.Http.PutAsJsonAsync(TrunkPath(trunkId), new
        {
            host = "127.0.0.1", port = baresip.SipPort, transport = "udp", callerId = "+15558670000", codecs = new[] { "PCMU", "telephone-event" },
        });
        Assert.Equal(HttpStatusCode.Created, put.StatusCode);
        Assert.Contains(host.Agent.Trunks, t => t.Id == trunkId && t.Port == baresip.SipPort);

        // No wait between the PUT and the originate: the PUT returned after this gateway applied the trunk.
        var originate = await host.Http.PostAsJsonAsync($"/v1/orgs/{EdgeHost.Org}/calls", new { to = "+15551230001", from = "+15558670000", trunkId });
        Assert.Equal(HttpStatusCode.Created, originate.StatusCode);
        var sid = (await originate.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("sid").GetString()!;
        await host.WaitForStatusAsync(sid, "in_progress");
        Assert.True(await events.WaitForAsync(t => t.Contains("CALL_ESTABLISHED", StringComparison.Ordinal), TimeSpan.FromSeconds(5)), events.Text);

        // Hear the answered call: baresip's speech reaches a bridge on the call.
        var channels = host.Services.GetRequiredService<IGrainChannelFactory>();
        await using (var bridge = await channels.OpenAsync(new GrainId("call", sid), "bridge:attach", MuLawBridge, CancellationToken.None))
        {
            var uplink = await AudioChecks.ReceiveMuLawAsync(bridge.Incoming, TimeSpan.FromSeconds(2 * EdgeHost.PassSeconds + 0.5));
            AudioChecks.AssertSounds(output, uplink, host.Speech, "baresip -> bridge over the API trunk", host.OtherSpeech, passes: 2);
        }

        Assert.True((await host.PostAsync(sid, "hangup")).IsSuccessStatusCode);
        await host.WaitForStatusAsync(sid, "completed");
        Assert.Equal(HttpStatusCode.NoContent, (await host.Http.DeleteAsync(TrunkPath(trunkId))).StatusCode);
        Assert.DoesNotContain(host.Agent.Trunks, t => t.Id == trunkId);
        var refused = await host.Http.PostAsJsonAsync($"/v1/orgs/{EdgeHost.Org}/calls", new { to = "+15551230001", from = "+15558670000", trunkId });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
    }

    [Fact]
    public async Task A_registry_trunk_overrides_the_configured_one_and_its_delete_restores_it()
    {
        var put = await host.Http.PutAsJsonAsync(TrunkPath(EdgeHost.Trunk), new { host = "127.0.0.1", port = 5977, callerId = "+15550009999" });
        Assert.Equal(HttpStatusCode.Created, put.StatusCode);
        var overridden = host.Agent.Trunks.Single(t => t.Id == EdgeHost.Trunk);
        Assert.Equal((5977, "+15550009999"), (overridden.Port, overridden.CallerId));

        Assert.Equal(HttpStatusCode.NoContent, (await host.Http.DeleteAsync(TrunkPath(EdgeHost.Trunk))).StatusCode);

        var restored = host.Agent.Trunks.Single(t => t.Id == EdgeHost.Trunk);
        Assert.Equal((5999, "+15558675309"), (restored.Port, restored.CallerId));
        // Still a trunk calls may name (it is configured).
        var originate = await host.OriginateAsync(ringTimeoutSec: 5);
        Assert.True((await host.PostAsync(originate.GetProperty("sid").GetString()!, "hangup")).IsSuccessStatusCode);
    }
}
