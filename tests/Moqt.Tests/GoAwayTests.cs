using ClutchCall.Moqt.Coding;
using ClutchCall.Moqt.Hosting;
using ClutchCall.Moqt.Session;
using ClutchCall.Moqt.Transport;
using ClutchCall.Moqt.Transport.WebSockets;
using Microsoft.Extensions.DependencyInjection;

namespace ClutchCall.Moqt.Tests;

/// <summary>Draining a server: GOAWAY to every session, then GOAWAY_TIMEOUT for a peer that stays.</summary>
public sealed class GoAwayTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Drain_ClosesAPeerThatStaysWithGoAwayTimeout()
    {
        var served = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using MoqtTestServer server = await MoqtTestServer.StartAsync(handler: session =>
        {
            served.TrySetResult();
            return session.Completion;
        });
        await using MoqtSession client = await MoqtSession.ConnectAsync(await MoqtWebSocketClient.ConnectAsync(server.MoqUri));
        await served.Task.WaitAsync(Wait);
        var sessions = server.Services.GetRequiredService<MoqtSessions>();
        Assert.Equal(1, sessions.Count);

        await sessions.GoAwayAllAsync("", TimeSpan.FromMilliseconds(200)).WaitAsync(Wait);

        Assert.Equal("", await client.GoAwayReceived.WaitAsync(Wait));
        TransportCloseInfo closed = await client.Completion.WaitAsync(Wait);
        Assert.Equal((ulong)MoqtErrorCode.GoawayTimeout, closed.ErrorCode);
        Assert.True(closed.ClosedByPeer);
    }

    [Fact]
    public async Task Drain_EndsWhenThePeerLeaves_AndCarriesTheNewUri()
    {
        var served = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using MoqtTestServer server = await MoqtTestServer.StartAsync(handler: session =>
        {
            served.TrySetResult();
            return session.Completion;
        });
        MoqtSession client = await MoqtSession.ConnectAsync(await MoqtWebSocketClient.ConnectAsync(server.MoqUri));
        await served.Task.WaitAsync(Wait);

        // A grace far beyond the test's wait: finishing at all proves the drain ended on the peer leaving.
        Task drain = server.Services.GetRequiredService<MoqtSessions>().GoAwayAllAsync("https://next.example/moq", TimeSpan.FromMinutes(5));
        Assert.Equal("https://next.example/moq", await client.GoAwayReceived.WaitAsync(Wait));
        await Assert.ThrowsAsync<InvalidOperationException>(() => client.SubscribeAsync(new Messages.TrackNamespace("voice", "CA1"), "uplink"));
        await client.DisposeAsync();
        await drain.WaitAsync(Wait);
    }

    [Fact]
    public async Task StoppingTheHost_SendsGoAwayToLiveSessions()
    {
        var served = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        MoqtTestServer server = await MoqtTestServer.StartAsync(handler: session =>
        {
            served.TrySetResult();
            return session.Completion;
        });
        await using MoqtSession client = await MoqtSession.ConnectAsync(await MoqtWebSocketClient.ConnectAsync(server.MoqUri));
        await served.Task.WaitAsync(Wait);
        _ = client.GoAwayReceived.ContinueWith(_ => client.DisposeAsync().AsTask(), TaskScheduler.Default);

        await server.DisposeAsync().AsTask().WaitAsync(Wait);

        Assert.True(client.GoAwayReceived.IsCompletedSuccessfully);
    }
}
