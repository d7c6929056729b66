using System.Threading.Channels;
using ClutchCall.Agents.Sessions;

namespace ClutchCall.Agents.Tests.TextTurns;

/// <summary>Reads a session's outputs with a generous deadline, so a broken session fails the test instead of hanging it.</summary>
internal static class OutputReader
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);

    public static async Task<AgentOutput> NextAsync(ChannelReader<AgentOutput> outputs)
    {
        using var timeout = new CancellationTokenSource(Deadline);
        try
        {
            return await outputs.ReadAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"no session output within {Deadline.TotalSeconds} s");
        }
    }

    /// <summary>Everything up to and including the next <see cref="AgentResponseDone"/>.</summary>
    public static async Task<List<AgentOutput>> ResponseAsync(ChannelReader<AgentOutput> outputs)
    {
        var items = new List<AgentOutput>();
        while (true)
        {
            AgentOutput item = await NextAsync(outputs);
            items.Add(item);
            if (item is AgentResponseDone)
            {
                return items;
            }
        }
    }

    public static string[] AgentLines(IEnumerable<AgentOutput> items) =>
        items.OfType<AgentTranscript>().Where(t => t.Role == TranscriptRoles.Agent).Select(t => t.Text).ToArray();
}
