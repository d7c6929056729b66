using System.Diagnostics;
using ClutchCall.Agents.Corpus;

// Usage: dotnet run -c Release --project tests/Agents.Corpus -- [--out FILE] [--cache DIR] [--failures]
string? outFile = null;
string cache = ClipSynthesizer.DefaultCacheDirectory;
bool showFailures = false;
for (int i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--out": outFile = args[++i]; break;
        case "--cache": cache = args[++i]; break;
        case "--failures": showFailures = true; break;
        default:
            Console.Error.WriteLine($"unknown argument {args[i]}; usage: [--out FILE] [--cache DIR] [--failures]");
            return 2;
    }
}

var clock = Stopwatch.StartNew();
IReadOnlyList<Scenario> corpus = CorpusBuilder.Build(new ClipSynthesizer(cache));
Console.Error.WriteLine($"corpus ready in {clock.ElapsedMilliseconds} ms");
var scores = PolicyGrid.Settings().Select(s => Score.Evaluate(s.Setting, corpus, s.Policy, s.Transcripts)).ToList();
var wideband = corpus.Select(s => ScenarioResampler.To(s, 16000)).ToList();
scores.Add(Score.Evaluate("defaults, corpus resampled to 16 kHz", wideband, ClutchCall.Agents.Turns.TurnPolicy.Default));
string table = Report.Markdown(corpus, scores);
Console.WriteLine(table);
if (showFailures)
{
    foreach (Score score in scores)
    {
        Console.WriteLine($"## {score.Setting}");
        score.Failures.ToList().ForEach(f => Console.WriteLine($"- {f}"));
    }
}

if (outFile is not null)
{
    File.WriteAllText(outFile, table);
}

Console.Error.WriteLine($"evaluated {scores.Count} settings in {clock.ElapsedMilliseconds} ms");
return 0;
