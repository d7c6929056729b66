using System.Net;
using System.Net.Sockets;
using ClutchCall.Agents.Sessions;

namespace ClutchCall.Agents.Tests.Connectors;

/// <summary>Runs a text agent reply to its end and keeps what arrived before any failure.</summary>
internal static class TextAgentHarness
{
    public static readonly TextTurn Turn = new(
        "CA123",
        "org_1",
        "Can I book for Tuesday?",
        [new ConversationMessage(TranscriptRoles.Caller, "Hi"), new ConversationMessage(TranscriptRoles.Agent, "Hello, how can I help?")]);

    public static async Task<(List<ReplyChunk> Chunks, AgentReplyException? Error)> CollectAsync(ITextAgent agent, CancellationToken ct = default, Action? onChunk = null)
    {
        var chunks = new List<ReplyChunk>();
        try
        {
            await foreach (ReplyChunk chunk in agent.ReplyAsync(Turn, ct))
            {
                chunks.Add(chunk);
                onChunk?.Invoke();
            }

            return (chunks, null);
        }
        catch (AgentReplyException ex)
        {
            return (chunks, ex);
        }
    }

    /// <summary>A loopback URL nobody listens on.</summary>
    public static Uri DeadUrl(string path)
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return new Uri($"http://127.0.0.1:{port}/{path}");
    }
}
