using ClutchCall.Agents.Turns;

namespace ClutchCall.Agents.Corpus;

/// <summary>One policy's decisions over the whole corpus, scored against the labels.</summary>
public sealed record Score(
    string Setting,
    double EndOfTurnP50Ms,
    double EndOfTurnP95Ms,
    Rate PrematureCommits,
    Rate MissedTurns,
    Rate BackchannelsAsTurns,
    Rate FalseBargeIns,
    Rate FalsePauses,
    Rate MissedBargeIns,
    double BargeConfirmP50Ms,
    IReadOnlyList<string> Failures)
{
    public static Score Evaluate(string setting, IReadOnlyList<Scenario> corpus, TurnPolicy policy, bool transcripts = false)
    {
        var latencies = new List<double>();
        var bargeLatencies = new List<double>();
        var failures = new List<string>();
        Tally premature = new(), missedTurns = new(), backchannels = new(), falseBarges = new(), falsePauses = new(), missedBarges = new();

        foreach (Scenario scenario in corpus)
        {
            IReadOnlyList<TurnEvent> events = ScenarioRunner.Run(scenario, policy, transcripts);
            long[] commits = Times(events, TurnEventKind.TurnCommitted);
            long[] confirms = Times(events, TurnEventKind.BargeConfirmed);
            int starts = Times(events, TurnEventKind.BargeStarted).Length;

            void Check(Tally tally, bool bad, string what)
            {
                tally.Add(bad);
                if (bad)
                {
                    failures.Add($"{scenario.Name}: {what}");
                }
            }

            if (scenario.TurnEndMs is { } end)
            {
                Check(premature, commits.Any(c => c < end), "committed inside the utterance");
                long after = commits.FirstOrDefault(c => c >= end, -1);
                Check(missedTurns, after < 0, "turn never committed");
                if (after >= 0)
                {
                    latencies.Add(after - end);
                }
            }

            switch (scenario.Kind)
            {
                case ScenarioKind.Backchannel:
                    Check(backchannels, commits.Length > 0, "backchannel committed as a turn");
                    break;
                case ScenarioKind.BackchannelOverAgent:
                    Check(backchannels, commits.Length > 0 || confirms.Length > 0, "backchannel cut the agent or became a turn");
                    Check(falseBarges, confirms.Length > 0, "false barge-in");
                    Check(falsePauses, starts > 0, "agent paused");
                    break;
                case ScenarioKind.Echo:
                    Check(falseBarges, confirms.Length > 0 || commits.Length > 0, "agent cut or answered by its own echo");
                    Check(falsePauses, starts > 0, "agent paused by its own echo");
                    break;
                case ScenarioKind.BargeIn:
                    long bargeAt = scenario.BargeAtMs!.Value;
                    Check(falseBarges, confirms.Any(c => c < bargeAt), "cut before the caller spoke");
                    long confirmed = confirms.FirstOrDefault(c => c >= bargeAt, -1);
                    Check(missedBarges, confirmed < 0, "barge-in missed");
                    if (confirmed >= 0)
                    {
                        bargeLatencies.Add(confirmed - bargeAt);
                    }

                    break;
            }
        }

        return new Score(setting, Percentile(latencies, 50), Percentile(latencies, 95), premature.Rate, missedTurns.Rate, backchannels.Rate,
            falseBarges.Rate, falsePauses.Rate, missedBarges.Rate, Percentile(bargeLatencies, 50), failures);
    }

    /// <summary>Nearest-rank percentile; NaN for no samples.</summary>
    public static double Percentile(List<double> values, int percentile)
    {
        if (values.Count == 0)
        {
            return double.NaN;
        }

        double[] sorted = [.. values.Order()];
        int rank = (int)Math.Ceiling(percentile / 100.0 * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }

    private static long[] Times(IReadOnlyList<TurnEvent> events, TurnEventKind kind) =>
        [.. events.Where(e => e.Kind == kind).Select(e => e.AtMs)];

    private sealed class Tally
    {
        private int _bad, _total;

        public Rate Rate => new(_bad, _total);

        public void Add(bool bad)
        {
            _total++;
            _bad += bad ? 1 : 0;
        }
    }
}

/// <summary>A count of bad outcomes over the scenarios that could have them.</summary>
public readonly record struct Rate(int Bad, int Total)
{
    public override string ToString() => Total == 0 ? "-" : $"{Bad}/{Total}";
}
