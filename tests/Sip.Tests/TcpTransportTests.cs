using System.Net;
using System.Net.Sockets;
using System.Text;
using ClutchCall.Sip.Messages;
using ClutchCall.Sip.Parsing;
using ClutchCall.Sip.UserAgent;

namespace ClutchCall.Sip.Tests;

/// <summary>The TCP transport framing real byte streams: split writes, pipelined messages, keep-alives, garbage.</summary>
public class TcpTransportTests : IAsyncLifetime
{
    private readonly LoopbackAgents _agents = new();
    private SipUserAgent _ua = null!;

    public async Task InitializeAsync() => _ua = await _agents.StartAsync();

    public async Task DisposeAsync() => await _agents.DisposeAsync();

    private static string Options(int port, string callId, string extra = "") =>
        $"OPTIONS sip:x@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/TCP 127.0.0.1:{port};branch=z9hG4bK{callId}\r\nMax-Forwards: 70\r\n" +
        $"From: <sip:a@b>;tag=1\r\nTo: <sip:x@127.0.0.1>\r\nCall-ID: {callId}\r\nCSeq: 1 OPTIONS\r\n{extra}Content-Length: 0\r\n\r\n";

    private static async Task<List<SipResponse>> ReadResponsesAsync(NetworkStream stream, int count)
    {
        var responses = new List<SipResponse>();
        var buffer = new List<byte>();
        var chunk = new byte[4096];
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        while (responses.Count < count)
        {
            var n = await stream.ReadAsync(chunk, cts.Token);
            if (n == 0) break;
            buffer.AddRange(chunk.AsSpan(0, n));
            while (true)
            {
                var r = SipParser.ParseStream(buffer.ToArray());
                if (r.Status != SipParseStatus.Complete) break;
                responses.Add((SipResponse)r.Message!);
                buffer.RemoveRange(0, r.Consumed);
            }
        }
        return responses;
    }

    [Fact]
    public async Task Split_and_pipelined_messages_are_framed_by_content_length()
    {
        using var client = new TcpClient();
        await client.ConnectAsync(_ua.TcpEndPoint!);
        var stream = client.GetStream();
        var port = ((IPEndPoint)client.Client.LocalEndPoint!).Port;
        var first = Encoding.ASCII.GetBytes(Options(port, "one"));
        // One message dribbled in three writes, then a keep-alive and two messages in one write.
        await stream.WriteAsync(first.AsMemory(0, 10));
        await Task.Delay(50);
        await stream.WriteAsync(first.AsMemory(10, 100));
        await Task.Delay(50);
        await stream.WriteAsync(first.AsMemory(110));
        await stream.WriteAsync(Encoding.ASCII.GetBytes("\r\n\r\n" + Options(port, "two") + Options(port, "three")));
        var responses = await ReadResponsesAsync(stream, 3);
        Assert.Equal(["one", "two", "three"], responses.Select(r => r.CallId));
        Assert.All(responses, r => Assert.Equal(200, r.StatusCode));
    }

    [Fact]
    public async Task A_framed_but_malformed_request_gets_400_on_the_same_connection()
    {
        using var client = new TcpClient();
        await client.ConnectAsync(_ua.TcpEndPoint!);
        var stream = client.GetStream();
        var port = ((IPEndPoint)client.Client.LocalEndPoint!).Port;
        var bad = Options(port, "bad").Replace("CSeq: 1 OPTIONS", "CSeq: 1 INVITE");
        await stream.WriteAsync(Encoding.ASCII.GetBytes(bad + Options(port, "good")));
        var responses = await ReadResponsesAsync(stream, 2);
        Assert.Equal((400, "bad"), (responses[0].StatusCode, responses[0].CallId));
        Assert.Equal((200, "good"), (responses[1].StatusCode, responses[1].CallId));
    }

    [Fact]
    public async Task A_stream_without_content_length_is_closed()
    {
        using var client = new TcpClient();
        await client.ConnectAsync(_ua.TcpEndPoint!);
        var stream = client.GetStream();
        var noLength = Options(1, "x").Replace("Content-Length: 0\r\n", "");
        await stream.WriteAsync(Encoding.ASCII.GetBytes(noLength));
        var buffer = new byte[100];
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        // The server hangs up (FIN or RST): a stream without lengths cannot be resynchronised.
        int read;
        try { read = await stream.ReadAsync(buffer, cts.Token); }
        catch (IOException) { read = 0; }
        Assert.Equal(0, read);
    }
}
