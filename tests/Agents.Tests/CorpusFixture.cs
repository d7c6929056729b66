using ClutchCall.Agents.Corpus;

namespace ClutchCall.Agents.Tests;

/// <summary>
/// Generates the labelled espeak-ng/sox corpus once per test run, into a fresh temp directory that is deleted
/// afterwards (nothing generated lands in the repository).
/// </summary>
public sealed class CorpusFixture : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"clutchcall-agents-corpus-{Environment.ProcessId}-{Guid.NewGuid():N}");

    public CorpusFixture() => Scenarios = CorpusBuilder.Build(new ClipSynthesizer(_directory));

    public IReadOnlyList<Scenario> Scenarios { get; }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // Another process holding a file open must not fail the run; the OS cleans temp eventually.
        }
    }
}
