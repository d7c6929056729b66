using ClutchCall.Agents.Corpus;
using ClutchCall.Agents.Turns;
using Xunit.Abstractions;

namespace ClutchCall.Agents.Tests;

/// <summary>
/// The policy's decisions on real synthesised speech, noise and echo, against the corpus labels. The bounds below are
/// the defaults' measured results (docs/benchmarks.md, "Turn detection and barge-in") with a little room, so a regression in the VAD or the
/// state machine shows up here.
/// </summary>
public sealed class CorpusTests(CorpusFixture corpus, ITestOutputHelper output) : IClassFixture<CorpusFixture>
{
    [Fact]
    public void CorpusHasEveryLabelledKind()
    {
        foreach (ScenarioKind kind in Enum.GetValues<ScenarioKind>())
        {
            Assert.Contains(corpus.Scenarios, s => s.Kind == kind);
        }

        Assert.All(corpus.Scenarios.Where(s => s.Kind is ScenarioKind.Turn or ScenarioKind.PausedTurn or ScenarioKind.BargeIn),
            s => Assert.NotNull(s.TurnEndMs));
    }

    [Fact]
    public void DefaultsTakeEveryTurnAndBargeInAndNeverCutOnEcho()
    {
        Score score = Evaluate("defaults", TurnPolicy.Default);
        Assert.Equal(0, score.MissedTurns.Bad);
        Assert.Equal(0, score.PrematureCommits.Bad);
        Assert.Equal(0, score.FalseBargeIns.Bad);
        Assert.Equal(0, score.MissedBargeIns.Bad);
        Assert.InRange(score.EndOfTurnP50Ms, 500, 650);
        Assert.InRange(score.EndOfTurnP95Ms, 500, 700);
    }

    [Fact]
    public void TranscriptsStopEveryBackchannelFromBecomingATurn()
    {
        Score score = Evaluate("defaults + transcripts", TurnPolicy.Default, transcripts: true);
        Assert.Equal(0, score.BackchannelsAsTurns.Bad);
        Assert.Equal(0, score.MissedTurns.Bad);
    }

    [Fact]
    public void WithoutTheMicGuardTheAgentIsCutByItsOwnEcho()
    {
        Score guarded = Evaluate("defaults", TurnPolicy.Default);
        Score unguarded = Evaluate("MicGuard off", TurnPolicy.Default with { MicGuard = TimeSpan.Zero });
        Assert.True(unguarded.FalseBargeIns.Bad > guarded.FalseBargeIns.Bad);
        Assert.True(unguarded.FalsePauses.Bad > guarded.FalsePauses.Bad);
    }

    [Fact]
    public void ShorterTrailingSilenceIsFasterButSplitsPausedSentences()
    {
        Score fast = Evaluate("EndOfTurnSilence 300 ms", TurnPolicy.Default with { EndOfTurnSilence = TimeSpan.FromMilliseconds(300) });
        Score normal = Evaluate("defaults", TurnPolicy.Default);
        Assert.True(fast.EndOfTurnP50Ms < normal.EndOfTurnP50Ms - 150);
        Assert.True(fast.PrematureCommits.Bad > 0);
    }

    [Fact]
    public void ShortHoldCutsTheAgentOnContinuers()
    {
        Score score = Evaluate("BargeInHold 200 ms", TurnPolicy.Default with { BargeInHold = TimeSpan.FromMilliseconds(200) });
        Assert.True(score.FalseBargeIns.Bad > 0);
    }

    [Fact]
    public void GridReport()
    {
        var scores = PolicyGrid.Settings().Select(s => Score.Evaluate(s.Setting, corpus.Scenarios, s.Policy, s.Transcripts)).ToList();
        string table = Report.Markdown(corpus.Scenarios, scores);
        output.WriteLine(table);
        Assert.Equal(PolicyGrid.Settings().Count, scores.Count);
        Assert.Contains("| defaults |", table);
    }

    private Score Evaluate(string setting, TurnPolicy policy, bool transcripts = false)
    {
        Score score = Score.Evaluate(setting, corpus.Scenarios, policy, transcripts);
        foreach (string failure in score.Failures)
        {
            output.WriteLine(failure);
        }

        return score;
    }
}

/// <summary>The same labels on wideband legs: the corpus resampled to 16 kHz with the media library's resampler.</summary>
public sealed class WidebandCorpusTests(CorpusFixture corpus, ITestOutputHelper output) : IClassFixture<CorpusFixture>
{
    [Fact]
    public void DefaultsHoldAt16Khz()
    {
        var wideband = corpus.Scenarios.Select(s => ScenarioResampler.To(s, 16000)).ToList();
        Assert.All(wideband, s => Assert.Equal(16000, s.SampleRate));
        Score score = Score.Evaluate("defaults @16k", wideband, TurnPolicy.Default);
        score.Failures.ToList().ForEach(output.WriteLine);
        Assert.Equal(0, score.MissedTurns.Bad);
        Assert.Equal(0, score.PrematureCommits.Bad);
        Assert.Equal(0, score.FalseBargeIns.Bad);
        Assert.Equal(0, score.MissedBargeIns.Bad);
        Assert.InRange(score.EndOfTurnP95Ms, 500, 700);
    }
}
