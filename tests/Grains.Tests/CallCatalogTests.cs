using ClutchCall.Grains.Interfaces;
using Microsoft.Extensions.Options;

namespace ClutchCall.Grains.Tests;

public sealed class CallCatalogTests
{
    private readonly CallCatalog _catalog = new(Options.Create(new CallCatalogOptions()));

    [Fact]
    public void Unknown_trunk_and_agent_name_their_field()
    {
        Assert.Null(_catalog.CheckTrunk("trunk_sim"));
        Assert.Equal("trunkId", _catalog.CheckTrunk("trunk_nope")?.Field);
        Assert.Null(_catalog.CheckAgent("triage-bot", null));
        Assert.Null(_catalog.CheckAgent(null, null));
        Assert.Equal("agent", _catalog.CheckAgent("ghost-bot", null)?.Field);
    }

    [Theory]
    [InlineData("", null, null, "agent.model")]
    [InlineData("m", "mp3", null, "agent.codec")]
    [InlineData("m", "pcm16", 44100, "agent.sampleRate")]
    [InlineData("m", "pcm16", 16000, null)]
    public void Inline_specs_are_checked_field_by_field(string model, string? codec, int? rate, string? field)
    {
        Assert.Equal(field, _catalog.CheckAgent(null, new AgentSpec(model, codec, rate))?.Field);
    }
}
