using ClutchCall.Grains.Interfaces;
using ClutchCall.Runtime;
using ClutchCall.TestKit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ClutchCall.Grains.Tests;

/// <summary>The catalog on the real in-memory runtime: built-in agents, the org registry, and field-by-field spec checks.</summary>
public sealed class CallCatalogTests : IAsyncLifetime
{
    private IHost _host = null!;
    private CallCatalog _catalog = null!;
    private IGrainFactory _grains = null!;

    public async Task InitializeAsync()
    {
        _host = await TestHosts.StartAsync(new Dictionary<string, string?>(), s => s.AddCallGrains());
        _catalog = _host.Services.GetRequiredService<CallCatalog>();
        _grains = _host.Services.GetRequiredService<IGrainFactory>();
    }

    public async Task DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }

    [Fact]
    public async Task Unknown_trunk_and_agent_name_their_field()
    {
        Assert.Null(_catalog.CheckTrunk("trunk_sim"));
        Assert.Equal("trunkId", _catalog.CheckTrunk("trunk_nope")?.Field);
        Assert.Null(await _catalog.CheckAgentAsync("org_a", "triage-bot", null));
        Assert.Null(await _catalog.CheckAgentAsync("org_a", null, null));
        Assert.Equal("agent", (await _catalog.CheckAgentAsync("org_a", "ghost-bot", null))?.Field);
    }

    [Fact]
    public async Task Registered_agents_resolve_for_their_org_only_and_win_over_built_ins()
    {
        var spec = new AgentSpec("gpt-realtime", VoiceMode: "realtime", Url: "wss://model.example/v1/realtime", ApiKey: "sk-secret");
        var put = await _grains.GetGrain<IAgentRegistryGrain>(AgentRegistryKeys.For("org_r", "concierge")).PutAsync(spec);
        await _grains.GetGrain<IAgentRegistryGrain>(AgentRegistryKeys.For("org_r", "echo")).PutAsync(new AgentSpec("ivr"));

        Assert.True(put.Created);
        Assert.Null(put.Definition!.Spec.ApiKey);
        Assert.Null(await _catalog.CheckAgentAsync("org_r", "concierge", null));
        Assert.Equal("agent", (await _catalog.CheckAgentAsync("org_other", "concierge", null))?.Field);
        Assert.Equal("sk-secret", (await _catalog.ResolveAsync("org_r", new AgentBinding("concierge", null, default)))?.ApiKey);
        Assert.Equal("ivr", (await _catalog.ResolveAsync("org_r", new AgentBinding("echo", null, default)))?.Model);
        Assert.Equal("echo", (await _catalog.ResolveAsync("org_x", new AgentBinding("echo", null, default)))?.Model);
    }

    [Fact]
    public async Task A_trunk_registered_a_moment_ago_is_known_at_once_to_the_async_check()
    {
        var id = "trunk_new_" + Guid.NewGuid().ToString("N")[..6];
        Assert.Equal("trunkId", (await _catalog.CheckTrunkAsync(id))?.Field);

        var put = await _grains.GetGrain<ITrunkRegistryGrain>(ITrunkRegistryGrain.Key).PutAsync(new TrunkDefinition(id, "127.0.0.1", 5070, Codecs: ["PCMU"]));

        Assert.Null(put.Error);
        Assert.Null(await _catalog.CheckTrunkAsync(id)); // no wait for the 2 s poll
        Assert.True(_catalog.IsSipTrunk(id));
    }

    [Theory]
    [InlineData("", null, null, "agent.model")]
    [InlineData("m", "mp3", null, "agent.codec")]
    [InlineData("m", "pcm16", 44100, "agent.sampleRate")]
    [InlineData("m", "pcm16", 16000, "agent.url")]
    [InlineData("echo", "pcm16", 16000, null)]
    public async Task Inline_specs_are_checked_field_by_field(string model, string? codec, int? rate, string? field)
    {
        Assert.Equal(field, (await _catalog.CheckAgentAsync("org_a", null, new AgentSpec(model, codec, rate)))?.Field);
    }

    [Theory]
    [InlineData("realtime", "https://not-a-socket", "agent.url")]
    [InlineData("realtime", "ws://127.0.0.1:9/rt", null)]
    [InlineData("webhook", "ws://127.0.0.1:9/rt", "agent.url")]
    [InlineData("webhook", "https://hooks.example/voice", "agent.webhookSecret")]
    [InlineData("hosted", "http://127.0.0.1:11434/v1", null)]
    [InlineData("smoke-signals", null, "agent.voiceMode")]
    [InlineData("local", null, "agent.model")]
    public async Task Voice_modes_need_the_right_kind_of_url(string mode, string? url, string? field)
    {
        Assert.Equal(field, (await _catalog.CheckAgentAsync("org_a", null, new AgentSpec("some-model", VoiceMode: mode, Url: url)))?.Field);
    }

    [Fact]
    public async Task Turn_knobs_and_recording_are_range_checked()
    {
        async Task<string?> Field(AgentSpec s) => (await _catalog.CheckAgentAsync("org_a", null, s))?.Field;
        Assert.Equal("agent.turnDetection.silenceMs", await Field(new AgentSpec("echo", TurnDetection: new TurnDetection(SilenceMs: 5))));
        Assert.Equal("agent.turnDetection.bargeIn", await Field(new AgentSpec("echo", TurnDetection: new TurnDetection(BargeIn: "sometimes"))));
        Assert.Equal("agent.turnDetection.micGuardMs", await Field(new AgentSpec("echo", TurnDetection: new TurnDetection(MicGuardMs: -1))));
        Assert.Equal("agent.record", await Field(new AgentSpec("echo", Record: "everyone")));
        Assert.Null(await Field(new AgentSpec("bot", VoiceMode: "webhook", Url: "https://hooks.example/voice", WebhookSecret: "whsec")));
        Assert.Null(await Field(new AgentSpec("echo", Record: "both", TurnDetection: new TurnDetection(400, 250, 300, 500, "instant", 10, ["mhm"]))));
    }
}
