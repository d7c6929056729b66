using System.Net;
using System.Net.Http.Json;

namespace ClutchCall.Gateway.Tests;

/// <summary>The org agent registry over HTTP, and registered agents attached to calls by id.</summary>
public sealed class AgentRegistryTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    private const string Agents = "/v1/orgs/org_dev/agents";
    private readonly HttpClient _client = fixture.Host.Client();

    [Fact]
    public async Task Put_creates_then_replaces_get_hides_secrets_delete_removes()
    {
        var id = "concierge-" + Guid.NewGuid().ToString("N")[..8];
        var spec = new { model = "gpt-realtime", voiceMode = "realtime", url = "wss://model.example/v1/realtime", apiKey = "sk-live-secret", preRoll = "One moment." };

        var created = await _client.PutAsJsonAsync($"{Agents}/{id}", spec);
        var replaced = await _client.PutAsJsonAsync($"{Agents}/{id}", spec with { preRoll = "Hello." });
        var read = await _client.GetAsync($"{Agents}/{id}");
        var text = await read.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(HttpStatusCode.OK, replaced.StatusCode);
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.DoesNotContain("sk-live-secret", text + await created.Content.ReadAsStringAsync());
        var body = await read.JsonAsync();
        Assert.Equal(id, (string?)body["agentId"]);
        Assert.Equal("Hello.", (string?)body["spec"]!["preRoll"]);
        Assert.Equal(["model", "voiceMode", "url", "preRoll"], body["spec"]!.AsObject().Select(p => p.Key));
        Assert.Equal(HttpStatusCode.NoContent, (await _client.DeleteAsync($"{Agents}/{id}")).StatusCode);
        await (await _client.GetAsync($"{Agents}/{id}")).AssertProblemAsync(404);
        await (await _client.DeleteAsync($"{Agents}/{id}")).AssertProblemAsync(404);
    }

    [Theory]
    [InlineData("{\"model\":\"gpt\",\"voiceMode\":\"webhook\"}", "spec.url")]
    [InlineData("{\"model\":\"echo\",\"turnDetection\":{\"silenceMs\":1}}", "spec.turnDetection.silenceMs")]
    [InlineData("{\"model\":\"echo\",\"record\":\"all\"}", "spec.record")]
    [InlineData("{\"codec\":\"pcm16\"}", "spec.model")]
    public async Task Bad_specs_are_422_naming_the_field(string json, string field)
    {
        var response = await _client.PutAsync($"{Agents}/bad-spec", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));

        await response.AssertProblemAsync(422, field);
    }

    [Fact]
    public async Task Bad_ids_and_bodies_are_refused()
    {
        await (await _client.PutAsJsonAsync($"{Agents}/{new string('a', 65)}", new { model = "echo" })).AssertProblemAsync(422, "agentId");
        await (await _client.PutAsync($"{Agents}/ok-id", new StringContent("[1]", System.Text.Encoding.UTF8, "application/json"))).AssertProblemAsync(400);
        await (await _client.PutAsync($"{Agents}/ok-id", new StringContent("{", System.Text.Encoding.UTF8, "application/json"))).AssertProblemAsync(400);
    }

    [Fact]
    public async Task A_registered_agent_attaches_by_id_and_an_unknown_one_is_422()
    {
        var id = "greeter-" + Guid.NewGuid().ToString("N")[..8];
        Assert.Equal(HttpStatusCode.Created, (await _client.PutAsJsonAsync($"{Agents}/{id}", new { model = "echo" })).StatusCode);
        var sid = (string)(await _client.OriginateAsync())["sid"]!;
        await _client.WaitForStatusAsync(sid, "in_progress");

        var attached = await _client.PostAsync($"{Api.Calls}/{sid}/agent", new { agentId = id });
        var unknown = await _client.PostAsync($"{Api.Calls}/{sid}/agent", new { agentId = "nobody-" + id });

        Assert.Equal(HttpStatusCode.OK, attached.StatusCode);
        Assert.Equal(id, (string?)(await attached.JsonAsync())["agent"]);
        await unknown.AssertProblemAsync(422, "agentId");
    }

    [Fact]
    public async Task Inline_secrets_never_come_back_in_the_call_view()
    {
        var created = await _client.OriginateAsync(extra: new { agent = new { model = "gpt-x", voiceMode = "hosted", url = "http://127.0.0.1:9/v1", apiKey = "sk-inline-secret" } });
        var read = await _client.GetStringAsync($"{Api.Calls}/{created["sid"]}");

        Assert.Equal("gpt-x", (string?)created["agentSpec"]!["model"]);
        Assert.DoesNotContain("sk-inline-secret", created.ToJsonString() + read);
    }

    [Fact]
    public async Task The_registry_needs_the_agents_scope()
    {
        var response = await fixture.Host.Client(apiKey: null).GetAsync($"{Agents}/anything");

        await response.AssertProblemAsync(401);
    }
}
