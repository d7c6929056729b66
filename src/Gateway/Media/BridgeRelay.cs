using ClutchCall.Media;
using ClutchCall.Moqt.Audio;
using ClutchCall.Moqt.Coding;
using ClutchCall.Moqt.Messages;
using ClutchCall.Moqt.Model;
using ClutchCall.Moqt.Session;
using ClutchCall.Runtime;
using ClutchCall.Runtime.Channels;
using Microsoft.Extensions.Logging;

namespace ClutchCall.Gateway.Media;

/// <summary>
/// One bridge: a MoQT session on one side, a reconnecting grain channel to <c>call/{sid}</c> on the other.
/// Grain frames go out on the served track (one group per frame, capture timestamp in the object); frames the client
/// publishes on its track go to the grain with the 8-byte timestamp prefix. The session ending closes the channel;
/// the grain closing the channel (the call ended) ends the session with NoError.
/// </summary>
public sealed partial class BridgeRelay : IAsyncDisposable
{
    private readonly ReconnectingGrainChannel _channel;
    private readonly TimeProvider _time;
    private readonly BridgeMetrics _metrics;
    private readonly ILogger _logger;
    private int _disposed;

    private BridgeRelay(BridgeGrant grant, AudioFormat format, ReconnectingGrainChannel channel, TimeProvider time, BridgeMetrics metrics, ILogger logger)
    {
        Grant = grant;
        Format = format;
        _channel = channel;
        _time = time;
        _metrics = metrics;
        _logger = logger;
        metrics.Opened(grant.Role);
    }

    public BridgeGrant Grant { get; }

    public AudioFormat Format { get; }

    /// <summary>Opens the grain channel; a refusal (call not answered, call over) becomes a MoQT close with the grain's reason.</summary>
    public static async Task<BridgeRelay> OpenAsync(
        IGrainChannelFactory factory, BridgeGrant grant, AudioFormat format, TimeProvider time, BridgeMetrics metrics, ILogger logger, CancellationToken ct)
    {
        try
        {
            var channel = await ReconnectingGrainChannel.OpenAsync(
                factory, new GrainId("call", grant.Sid), grant.Role.ChannelName(), BridgeFormat.ToMetadata(format), time, ct);
            return new BridgeRelay(grant, format, channel, time, metrics, logger);
        }
        catch (Exception e) when (e is GrainCallException or GrainUnavailableException)
        {
            metrics.Refused("grain");
            throw new MoqtException(MoqtErrorCode.InternalError, "bridge refused: " + e.Message);
        }
    }

    /// <summary>Relays until the session or the channel ends.</summary>
    public async Task RunAsync(MoqtSession session, CancellationToken ct)
    {
        var ns = VoiceTracks.Namespace(Grant.Sid);
        var served = session.Origin.GetOrCreate(ns).GetOrCreateTrack(Grant.Role.ServedTrack());
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var toClient = ToClientAsync(served, stop.Token);
        var toGrain = AcceptClientTracksAsync(session, ns, stop.Token);

        var ended = await Task.WhenAny(session.Completion, _channel.Completion).ConfigureAwait(false);
        if (ended == _channel.Completion && !session.Completion.IsCompleted)
        {
            LogCallEnded(_logger, Grant.Sid, Grant.Role.ToWireName());
            served.Close();
            await session.CloseAsync(MoqtErrorCode.NoError, "call ended").ConfigureAwait(false);
        }
        await stop.CancelAsync().ConfigureAwait(false);
        await DisposeAsync().ConfigureAwait(false);
        await Task.WhenAll(toClient, toGrain).ConfigureAwait(false);
    }

    private async Task ToClientAsync(TrackProducer served, CancellationToken ct)
    {
        try
        {
            await foreach (var frame in _channel.Incoming.ReadAllAsync(ct).ConfigureAwait(false))
            {
                if (!BridgeFrames.TryFromChannel(frame, out var moqt))
                {
                    _metrics.Malformed();
                }
                else if (!served.IsClosed)
                {
                    served.WriteFrame(moqt);
                    _metrics.ToClient();
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or InvalidOperationException)
        {
            // Session over (a closed track throws on write): nothing more to send.
        }
    }

    /// <summary>The client announces ("voice", sid) and the gateway subscribes to the track its role publishes; a re-announce restarts it.</summary>
    private async Task AcceptClientTracksAsync(MoqtSession session, TrackNamespace ns, CancellationToken ct)
    {
        CancellationTokenSource? current = null;
        Task forwarding = Task.CompletedTask;
        try
        {
            while (await session.AcceptNamespaceAsync(ct).ConfigureAwait(false) is { } incoming)
            {
                if (!incoming.Namespace.Equals(ns))
                {
                    await incoming.RejectAsync(0x1, "this bridge publishes only " + ns.ToPath(), ct).ConfigureAwait(false);
                    continue;
                }
                await incoming.AcceptAsync(ct).ConfigureAwait(false);
                if (current is not null)
                {
                    await current.CancelAsync().ConfigureAwait(false);
                    await forwarding.ConfigureAwait(false);
                    current.Dispose();
                }
                current = CancellationTokenSource.CreateLinkedTokenSource(ct);
                forwarding = ToGrainAsync(session, ns, current.Token);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or MoqtException or IOException or ObjectDisposedException)
        {
            // The session ended.
        }
        finally
        {
            current?.Cancel();
            await forwarding.ConfigureAwait(false);
            current?.Dispose();
        }
    }

    private async Task ToGrainAsync(MoqtSession session, TrackNamespace ns, CancellationToken ct)
    {
        MoqtSubscription? subscription = null;
        try
        {
            subscription = await session.SubscribeAsync(ns, Grant.Role.ClientTrack(), cancellationToken: ct).ConfigureAwait(false);
            // A frame that arrives whole (the audio mapping) goes to the channel from the session's receiving thread;
            // the loop below only sees groups that arrive in pieces.
            subscription.Frames.DeliverCompleteGroupsInline(ForwardToGrain);
            await foreach (var frame in subscription.Frames.ReadFramesAsync(ct).ConfigureAwait(false))
            {
                ForwardToGrain(frame);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or MoqtException or MoqtRequestException or IOException or ObjectDisposedException or TimeoutException)
        {
            // Unsubscribed, refused or the session ended: the client can announce again.
        }
        if (subscription is not null && !session.Completion.IsCompleted)
        {
            // Replaced by a re-announce: stop the old subscription rather than leave it open on the session.
            try
            {
                await subscription.UnsubscribeAsync(CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception e) when (e is MoqtException or IOException or ObjectDisposedException or OperationCanceledException)
            {
                // The session went away meanwhile.
            }
        }
    }

    private void ForwardToGrain(MoqtFrame frame)
    {
        // Raw peers (moq-lite-js) send no capture timestamp: the gateway's arrival time stands in.
        var micros = frame.HasCaptureTimestamp ? frame.CaptureTimestampMicros : MoqtFrame.ToMicros(_time.GetUtcNow());
        if (_channel.TrySend(BridgeFrames.ToChannel(frame.Payload.Span, micros)))
        {
            _metrics.ToGrain();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _metrics.Closed(Grant.Role);
            await _channel.DisposeAsync().ConfigureAwait(false);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Bridge {Role} of {Sid}: the call closed the channel; ending the session")]
    private static partial void LogCallEnded(ILogger logger, string sid, string role);
}
