using System.Globalization;
using System.Text;

namespace ClutchCall.Agents.Corpus;

/// <summary>Renders scores as the markdown table that goes into docs/benchmarks.md, "Turn detection and barge-in".</summary>
public static class Report
{
    public static string Markdown(IReadOnlyList<Scenario> corpus, IReadOnlyList<Score> scores)
    {
        var text = new StringBuilder();
        int seconds = corpus.Sum(s => s.DurationMs) / 1000;
        text.AppendLine(CultureInfo.InvariantCulture, $"Corpus: {corpus.Count} scenarios, {seconds} s of 8 kHz audio, 20 ms frames ({Counts(corpus)}).");
        text.AppendLine();
        text.AppendLine("| Setting | EOT p50 ms | EOT p95 ms | Commit inside utterance | Missed turns | Backchannel as turn | False barge-in | Agent paused needlessly | Missed barge-in | Barge confirm p50 ms |");
        text.AppendLine("|---|---|---|---|---|---|---|---|---|---|");
        foreach (Score s in scores)
        {
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| {s.Setting} | {F(s.EndOfTurnP50Ms)} | {F(s.EndOfTurnP95Ms)} | {s.PrematureCommits} | {s.MissedTurns} | {s.BackchannelsAsTurns} | {s.FalseBargeIns} | {s.FalsePauses} | {s.MissedBargeIns} | {F(s.BargeConfirmP50Ms)} |");
        }

        return text.ToString();
    }

    private static string Counts(IReadOnlyList<Scenario> corpus) =>
        string.Join(", ", corpus.GroupBy(s => s.Kind).Select(g => $"{g.Count()} {g.Key}"));

    private static string F(double value) => double.IsNaN(value) ? "-" : value.ToString("0", CultureInfo.InvariantCulture);
}
