using ClutchCall.Media.Mixing;

namespace ClutchCall.Media.Tests.Mixing;

public sealed class MixerTests
{
    private const int Frame = 4;
    private const short CallerLevel = 100, CalleeLevel = 20, AgentLevel = 3;

    // Each party speaks a constant level, so every output sample says exactly whom the listener hears.
    public static TheoryData<ConferenceMode, int, int, int> Modes() => new()
    {
        //                          caller hears   callee hears   agent hears
        { ConferenceMode.Normal,    CalleeLevel,   CallerLevel,   0 },
        { ConferenceMode.Barge,     CalleeLevel + AgentLevel, CallerLevel + AgentLevel, CallerLevel + CalleeLevel },
        { ConferenceMode.Whisper,   CalleeLevel,   CallerLevel + AgentLevel, CallerLevel + CalleeLevel },
        { ConferenceMode.Spy,       CalleeLevel,   CallerLevel,   CallerLevel + CalleeLevel },
    };

    [Theory]
    [MemberData(nameof(Modes))]
    public void Conference_modes_route_as_specified(ConferenceMode mode, int callerHears, int calleeHears, int agentHears)
    {
        var mixer = new Mixer(3, Frame, RoutingMatrix.For(mode));
        short[] output = Mix(mixer, CallerLevel, CalleeLevel, AgentLevel);

        Assert.All(output.AsSpan(0, Frame).ToArray(), s => Assert.Equal(callerHears, s));
        Assert.All(output.AsSpan(Frame, Frame).ToArray(), s => Assert.Equal(calleeHears, s));
        Assert.All(output.AsSpan(2 * Frame, Frame).ToArray(), s => Assert.Equal(agentHears, s));
    }

    [Theory]
    [InlineData(ConferenceMode.Normal)]
    [InlineData(ConferenceMode.Barge)]
    [InlineData(ConferenceMode.Whisper)]
    [InlineData(ConferenceMode.Spy)]
    public void Nobody_hears_themselves(ConferenceMode mode)
    {
        var routing = RoutingMatrix.For(mode);
        for (int p = 0; p < 3; p++)
        {
            Assert.False(routing.Hears(p, p));
        }

        Assert.Throws<ArgumentException>(() => routing.With(ConferenceParty.Agent, ConferenceParty.Agent, true));
    }

    [Fact]
    public void Whisper_keeps_the_agent_from_the_caller_only()
    {
        var whisper = RoutingMatrix.For(ConferenceMode.Whisper);
        Assert.False(whisper.Hears(ConferenceParty.Caller, ConferenceParty.Agent));
        Assert.True(whisper.Hears(ConferenceParty.Callee, ConferenceParty.Agent));
        Assert.True(whisper.Hears(ConferenceParty.Agent, ConferenceParty.Caller));
    }

    [Fact]
    public void Summing_saturates_instead_of_wrapping()
    {
        var mixer = new Mixer(3, Frame, RoutingMatrix.FullMesh(3));
        short[] loud = Mix(mixer, 30000, 30000, -30000);
        Assert.Equal(short.MaxValue, loud[2 * Frame]);   // agent hears 30000 + 30000
        Assert.Equal(0, loud[0]);                        // caller hears 30000 - 30000

        short[] quiet = Mix(mixer, -30000, -30000, 0);
        Assert.Equal(short.MinValue, quiet[2 * Frame]);
    }

    [Fact]
    public void Per_party_gain_scales_what_others_hear()
    {
        var mixer = new Mixer(3, Frame, RoutingMatrix.For(ConferenceMode.Barge));
        mixer.SetGain((int)ConferenceParty.Agent, 0.5f);
        mixer.SetGain((int)ConferenceParty.Callee, 0f);
        short[] output = Mix(mixer, 1000, 1000, 1000);
        Assert.Equal(500, output[0]);          // caller: callee muted, agent at half
        Assert.Equal(1500, output[Frame]);     // callee: caller + half agent
        Assert.Equal(1000, output[2 * Frame]); // agent: caller only
        Assert.Equal(0.5f, mixer.GetGain((int)ConferenceParty.Agent));
    }

    [Theory]
    [InlineData(-0.1f)]
    [InlineData(9f)]
    [InlineData(float.NaN)]
    public void Bad_gain_is_rejected(float gain) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new Mixer(3, Frame).SetGain(0, gain));

    [Fact]
    public void Switching_mode_mid_call_takes_effect_on_the_next_frame()
    {
        var mixer = new Mixer(3, Frame, RoutingMatrix.For(ConferenceMode.Barge));
        Assert.Equal(CalleeLevel + AgentLevel, Mix(mixer, CallerLevel, CalleeLevel, AgentLevel)[0]);
        mixer.Routing = RoutingMatrix.For(ConferenceMode.Spy);
        Assert.Equal(CalleeLevel, Mix(mixer, CallerLevel, CalleeLevel, AgentLevel)[0]);
        Assert.Throws<ArgumentException>(() => mixer.Routing = RoutingMatrix.FullMesh(4));
    }

    [Fact]
    public void Mixing_allocates_nothing()
    {
        var mixer = new Mixer(3, 960, RoutingMatrix.For(ConferenceMode.Barge));
        var inputs = new short[3 * 960];
        var outputs = new short[3 * 960];
        mixer.Mix(inputs, outputs);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100; i++)
        {
            mixer.Mix(inputs, outputs);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    private static short[] Mix(Mixer mixer, short caller, short callee, short agent)
    {
        var inputs = new short[3 * Frame];
        inputs.AsSpan(0, Frame).Fill(caller);
        inputs.AsSpan(Frame, Frame).Fill(callee);
        inputs.AsSpan(2 * Frame, Frame).Fill(agent);
        var outputs = new short[3 * Frame];
        mixer.Mix(inputs, outputs);
        return outputs;
    }
}
