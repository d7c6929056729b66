using ClutchCall.Agents.Turns;

namespace ClutchCall.Agents.Tests;

public sealed class TurnPolicyTests
{
    [Fact]
    public void DefaultsMatchTheDocumentedValues()
    {
        TurnPolicy p = TurnPolicy.Default;
        Assert.Equal(TimeSpan.FromMilliseconds(500), p.EndOfTurnSilence);
        Assert.Equal(TimeSpan.FromMilliseconds(300), p.MinTurnSpeech);
        Assert.Equal(BargeInMode.HoldAndConfirm, p.BargeIn);
        Assert.Equal(TimeSpan.FromMilliseconds(400), p.BargeInHold);
        Assert.Equal(TimeSpan.FromMilliseconds(300), p.BargeInResumeAfter);
        Assert.Equal(TimeSpan.FromMilliseconds(400), p.MicGuard);
        Assert.Equal(6, p.MicGuardEchoLossDb);
        Assert.Equal(12, p.VadThresholdDb);
        Assert.Equal(-50, p.VadMinLevelDbfs);
        Assert.Equal(TimeSpan.FromMilliseconds(60), p.VadHangover);
        Assert.Equal(BargeInMode.Instant, TurnPolicy.EchoCancelled.BargeIn);
        Assert.Equal(TimeSpan.Zero, TurnPolicy.EchoCancelled.MicGuard);
    }

    public static TheoryData<string, TurnPolicy> Invalid => new()
    {
        { nameof(TurnPolicy.VadThresholdDb), TurnPolicy.Default with { VadThresholdDb = -1 } },
        { nameof(TurnPolicy.VadMinLevelDbfs), TurnPolicy.Default with { VadMinLevelDbfs = 3 } },
        { nameof(TurnPolicy.VadHangover), TurnPolicy.Default with { VadHangover = TimeSpan.FromSeconds(-1) } },
        { nameof(TurnPolicy.EndOfTurnSilence), TurnPolicy.Default with { EndOfTurnSilence = TimeSpan.Zero } },
        { nameof(TurnPolicy.MinTurnSpeech), TurnPolicy.Default with { MinTurnSpeech = TimeSpan.FromSeconds(6) } },
        { nameof(TurnPolicy.BargeIn), TurnPolicy.Default with { BargeIn = (BargeInMode)42 } },
        { nameof(TurnPolicy.BargeInHold), TurnPolicy.Default with { BargeInHold = TimeSpan.FromSeconds(6) } },
        { nameof(TurnPolicy.BargeInResumeAfter), TurnPolicy.Default with { BargeInResumeAfter = TimeSpan.Zero } },
        { nameof(TurnPolicy.MicGuard), TurnPolicy.Default with { MicGuard = TimeSpan.FromSeconds(11) } },
        { nameof(TurnPolicy.MicGuardEchoLossDb), TurnPolicy.Default with { MicGuardEchoLossDb = 61 } },
        { nameof(TurnPolicy.BackchannelPhrases), TurnPolicy.Default with { BackchannelPhrases = null! } },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void ValidationNamesTheKnob(string knob, TurnPolicy policy)
    {
        var error = Assert.Throws<ArgumentException>(() => policy.Validate());
        Assert.Equal(knob, error.ParamName);
        Assert.Contains(knob, error.Message);
    }

    [Theory]
    [InlineData("mhm", true)]
    [InlineData("Okay.", true)]
    [InlineData("Uh-huh, right!", true)]
    [InlineData("okay okay", true)]
    [InlineData("all right", true)]
    [InlineData("okay but wait", false)]
    [InlineData("yes", false)]
    [InlineData("", false)]
    [InlineData("  ... ", false)]
    public void BackchannelMatching(string transcript, bool expected) =>
        Assert.Equal(expected, BackchannelMatcher.IsBackchannel(transcript, TurnPolicy.DefaultBackchannels));
}
