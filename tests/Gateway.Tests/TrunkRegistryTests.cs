using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using ClutchCall.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace ClutchCall.Gateway.Tests;

/// <summary>The cluster's SIP trunk registry over HTTP (admin scope), and registry trunks accepted by originate.</summary>
public sealed class TrunkRegistryTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    private const string Trunks = "/v1/orgs/org_dev/trunks";
    private readonly HttpClient _client = fixture.Host.Client();

    private static string NewId(string prefix) => prefix + "-" + Guid.NewGuid().ToString("N")[..8];

    [Fact]
    public async Task Put_creates_then_replaces_get_and_list_hide_passwords_delete_removes()
    {
        var id = NewId("carrier");
        var trunk = new
        {
            host = "sip.carrier.example", port = 5080, transport = "tcp", username = "acct", password = "out-secret-1",
            callerId = "+15550001111", callerIdName = "Clutch", codecs = new[] { "PCMA", "telephone-event" }, maxConcurrentCalls = 20,
            inboundAllowedCidrs = new[] { "203.0.113.0/24" }, inboundUsername = "in", inboundPassword = "in-secret-2",
        };

        var created = await _client.PutAsJsonAsync($"{Trunks}/{id}", trunk);
        var replaced = await _client.PutAsJsonAsync($"{Trunks}/{id}", trunk with { port = 5090 });
        var read = await _client.GetAsync($"{Trunks}/{id}");
        var list = await _client.GetAsync(Trunks);
        var texts = string.Join("\n", await created.Content.ReadAsStringAsync(), await replaced.Content.ReadAsStringAsync(),
            await read.Content.ReadAsStringAsync(), await list.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(HttpStatusCode.OK, replaced.StatusCode);
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.DoesNotContain("out-secret-1", texts);
        Assert.DoesNotContain("in-secret-2", texts);
        Assert.DoesNotContain("\"password\"", texts);
        var body = await read.JsonAsync();
        Assert.Equal(id, (string?)body["trunkId"]);
        Assert.Equal("sip.carrier.example", (string?)body["host"]);
        Assert.Equal(5090, (int)body["port"]!);
        Assert.Equal("tcp", (string?)body["transport"]);
        Assert.Equal("acct", (string?)body["username"]);
        Assert.True((bool)body["hasPassword"]!);
        Assert.True((bool)body["hasInboundPassword"]!);
        Assert.Equal(["PCMA", "telephone-event"], body["codecs"]!.AsArray().Select(c => (string)c!));
        Assert.Equal(20, (int)body["maxConcurrentCalls"]!);
        Assert.Equal(["203.0.113.0/24"], body["inboundAllowedCidrs"]!.AsArray().Select(c => (string)c!));
        var listed = (await list.JsonAsync())["items"]!.AsArray().Single(t => (string?)t!["trunkId"] == id)!;
        Assert.True((bool)listed["hasPassword"]!);

        Assert.Equal(HttpStatusCode.NoContent, (await _client.DeleteAsync($"{Trunks}/{id}")).StatusCode);
        await (await _client.GetAsync($"{Trunks}/{id}")).AssertProblemAsync(404);
        await (await _client.DeleteAsync($"{Trunks}/{id}")).AssertProblemAsync(404);
        Assert.DoesNotContain((await _client.GetFromJsonAsync<JsonObject>(Trunks))!["items"]!.AsArray(), t => (string?)t!["trunkId"] == id);
    }

    [Fact]
    public async Task Defaults_fill_what_the_body_leaves_out_and_no_password_shows_false()
    {
        var id = NewId("minimal");

        var created = await _client.PutAsJsonAsync($"{Trunks}/{id}", new { host = "10.0.0.5" });

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = await created.JsonAsync();
        Assert.Equal(5060, (int)body["port"]!);
        Assert.Equal("udp", (string?)body["transport"]);
        Assert.Equal(["PCMU", "PCMA", "telephone-event"], body["codecs"]!.AsArray().Select(c => (string)c!));
        Assert.Equal(0, (int)body["maxConcurrentCalls"]!);
        Assert.False((bool)body["hasPassword"]!);
        Assert.False((bool)body["hasInboundPassword"]!);
        await _client.DeleteAsync($"{Trunks}/{id}");
    }

    [Theory]
    [InlineData("{\"port\":5060}", "host")]
    [InlineData("{\"host\":\"  \"}", "host")]
    [InlineData("{\"host\":\"h\",\"port\":0}", "port")]
    [InlineData("{\"host\":\"h\",\"port\":65536}", "port")]
    [InlineData("{\"host\":\"h\",\"transport\":\"tls\"}", "transport")]
    [InlineData("{\"host\":\"h\",\"codecs\":[\"PCMU\",\"G729\"]}", "codecs[1]")]
    [InlineData("{\"host\":\"h\",\"codecs\":[\"telephone-event\"]}", "codecs")]
    [InlineData("{\"host\":\"h\",\"inboundAllowedCidrs\":[\"10.0.0.0/8\",\"10.0.0.300/8\"]}", "inboundAllowedCidrs[1]")]
    [InlineData("{\"host\":\"h\",\"maxConcurrentCalls\":-1}", "maxConcurrentCalls")]
    [InlineData("{\"host\":\"h\",\"username\":\"u\"}", "password")]
    [InlineData("{\"host\":\"h\",\"inboundPassword\":\"p\"}", "inboundUsername")]
    public async Task Bad_trunks_are_422_naming_the_field(string json, string field)
    {
        var id = NewId("bad");

        var response = await _client.PutAsync($"{Trunks}/{id}", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));

        await response.AssertProblemAsync(422, field);
        await (await _client.GetAsync($"{Trunks}/{id}")).AssertProblemAsync(404);
    }

    [Fact]
    public async Task Bad_ids_and_bodies_are_refused()
    {
        await (await _client.PutAsJsonAsync($"{Trunks}/{new string('a', 65)}", new { host = "h" })).AssertProblemAsync(422, "trunkId");
        await (await _client.GetAsync($"{Trunks}/bad%20id")).AssertProblemAsync(422, "trunkId");
        await (await _client.PutAsync($"{Trunks}/ok-id", new StringContent("[1]", System.Text.Encoding.UTF8, "application/json"))).AssertProblemAsync(400);
        await (await _client.PutAsync($"{Trunks}/ok-id", new StringContent("{", System.Text.Encoding.UTF8, "application/json"))).AssertProblemAsync(400);
        await (await _client.PutAsync($"{Trunks}/ok-id", new StringContent("{\"port\":\"x\"}", System.Text.Encoding.UTF8, "application/json"))).AssertProblemAsync(400, "port");
        await (await _client.PutAsync($"{Trunks}/ok-id", new StringContent("", System.Text.Encoding.UTF8, "application/json"))).AssertProblemAsync(400);
    }

    [Fact]
    public async Task The_registry_needs_the_admin_scope()
    {
        var callsOnly = fixture.Host.Client(VoiceTestHost.CallsOnlyKey);

        await (await fixture.Host.Client(apiKey: null).GetAsync(Trunks)).AssertProblemAsync(401);
        await (await callsOnly.GetAsync(Trunks)).AssertProblemAsync(403);
        await (await callsOnly.PutAsJsonAsync($"{Trunks}/nope", new { host = "h" })).AssertProblemAsync(403);
        await (await callsOnly.DeleteAsync($"{Trunks}/nope")).AssertProblemAsync(403);
        await (await fixture.Host.Client(VoiceTestHost.NoScopeKey).GetAsync($"{Trunks}/nope")).AssertProblemAsync(403);
    }

    [Fact]
    public async Task Trunk_ids_are_cluster_wide_whatever_org_prefix_reads_them()
    {
        var id = NewId("shared");
        Assert.Equal(HttpStatusCode.Created, (await _client.PutAsJsonAsync($"{Trunks}/{id}", new { host = "h" })).StatusCode);

        // The other org's key (it has the admin scope) sees the same trunk under its own prefix.
        var other = await fixture.Host.Client(VoiceTestHost.OtherOrgKey).GetAsync($"/v1/orgs/{VoiceTestHost.OtherOrg}/trunks/{id}");

        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
        await _client.DeleteAsync($"{Trunks}/{id}");
    }

    [Fact]
    public async Task Originate_accepts_a_registry_trunk_right_after_the_put_and_refuses_it_after_the_delete()
    {
        var id = NewId("fresh");
        var call = new { to = "+15551234567", from = "+15557654321", trunkId = id };
        await (await _client.PostAsync(Api.Calls, call)).AssertProblemAsync(422, "trunkId");

        Assert.Equal(HttpStatusCode.Created, (await _client.PutAsJsonAsync($"{Trunks}/{id}", new { host = "127.0.0.1", port = 9 })).StatusCode);
        var accepted = await _client.PostAsync(Api.Calls, call);
        Assert.Equal(HttpStatusCode.Created, accepted.StatusCode);
        var sid = (string)(await accepted.JsonAsync())["sid"]!;
        Assert.Equal(HttpStatusCode.OK, (await _client.PostAsync($"{Api.Calls}/{sid}/hangup")).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await _client.DeleteAsync($"{Trunks}/{id}")).StatusCode);
        await (await _client.PostAsync(Api.Calls, call)).AssertProblemAsync(422, "trunkId");
    }
}

/// <summary>The process's trunk directory follows registry writes it was not told about (another gateway's PUT) by polling.</summary>
public sealed class TrunkDirectoryPollingTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    [Fact]
    public async Task A_trunk_written_elsewhere_reaches_the_catalog_and_directory_within_a_few_polls()
    {
        var services = fixture.Host.Services;
        var directory = services.GetRequiredService<Grains.Interfaces.TrunkDirectory>();
        var catalog = services.GetRequiredService<Grains.CallCatalog>();
        var registry = services.GetRequiredService<Runtime.IGrainFactory>().GetGrain<Grains.Interfaces.ITrunkRegistryGrain>(Grains.Interfaces.ITrunkRegistryGrain.Key);
        var id = "elsewhere-" + Guid.NewGuid().ToString("N")[..8];
        var changes = new List<long>();
        directory.Changed += s => { lock (changes) changes.Add(s.Version); };

        // Straight to the grain, as a PUT on another gateway would: nothing refreshes this process's copy.
        var put = await registry.PutAsync(new Grains.Interfaces.TrunkDefinition(id, "127.0.0.1"));
        Assert.True(put.Created);
        Assert.True(await WaitAsync(() => catalog.IsSipTrunk(id)), $"the catalog never saw {id}");
        Assert.Null(catalog.CheckTrunk(id));

        Assert.True(await registry.DeleteAsync(id));
        Assert.True(await WaitAsync(() => !catalog.IsSipTrunk(id)), $"the catalog kept {id}");
        Assert.NotNull(catalog.CheckTrunk(id));
        lock (changes)
        {
            Assert.True(changes.Count >= 2, $"changes seen: {string.Join(",", changes)}");
        }
    }

    private static async Task<bool> WaitAsync(Func<bool> condition)
    {
        // A few poll intervals: generous for a loaded 2-core machine, short enough to fail fast when polling is broken.
        var deadline = DateTime.UtcNow + 4 * Grains.Interfaces.TrunkDirectory.PollInterval;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                return false;
            }
            await Task.Delay(50);
        }
        return true;
    }
}
