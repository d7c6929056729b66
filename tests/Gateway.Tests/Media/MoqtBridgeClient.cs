using System.Text;
using ClutchCall.Moqt.Coding;
using ClutchCall.Moqt.Messages;
using ClutchCall.Moqt.Model;
using ClutchCall.Moqt.Session;
using ClutchCall.Moqt.Transport;
using ClutchCall.Moqt.Transport.WebSockets;

namespace ClutchCall.Gateway.Tests.Media;

/// <summary>A raw MoQT client (src/Moqt, no SDK) against the gateway edge.</summary>
internal static class MoqtBridgeClient
{
    public static readonly TimeSpan Wait = TimeSpan.FromSeconds(15);

    public static byte[] SetupToken(string token) => AuthorizationToken.CreateUseValue(0, Encoding.UTF8.GetBytes(token));

    public static async Task<MoqtSession> ConnectAsync(Uri uri, string? token, MoqtOrigin? origin = null)
    {
        var transport = await MoqtWebSocketClient.ConnectAsync(uri);
        return await MoqtSession.ConnectAsync(transport, origin, new MoqtSessionOptions { AuthorizationToken = token is null ? null : SetupToken(token) });
    }

    /// <summary>How the gateway ended the session (a refusal can overtake SERVER_SETUP, so both paths count).</summary>
    public static async Task<TransportCloseInfo> ClosedAsync(Uri uri, string? token)
    {
        try
        {
            await using var session = await ConnectAsync(uri, token);
            return await session.Completion.WaitAsync(Wait);
        }
        catch (MoqtException e)
        {
            return new TransportCloseInfo((ulong)e.Code, e.Message, ClosedByPeer: true);
        }
    }

    /// <summary>Waits until the gateway subscribed to a track this client publishes (frames before that go nowhere).</summary>
    public static async Task UntilSubscribedAsync(TrackProducer track)
    {
        var deadline = DateTime.UtcNow + Wait;
        while (track.ConsumerCount == 0)
        {
            Assert.True(DateTime.UtcNow < deadline, $"the gateway never subscribed to {track.Name}");
            await Task.Delay(10);
        }
    }

    public static async Task<List<MoqtFrame>> ReadAsync(MoqtSubscription subscription, int count)
    {
        var frames = new List<MoqtFrame>();
        using var timeout = new CancellationTokenSource(Wait);
        await foreach (var frame in subscription.Frames.ReadFramesAsync(timeout.Token))
        {
            frames.Add(frame);
            if (frames.Count == count)
            {
                break;
            }
        }
        return frames;
    }
}
