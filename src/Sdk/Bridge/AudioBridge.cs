using System.Diagnostics;
using ClutchCall.Moqt.Coding;
using ClutchCall.Moqt.Messages;
using ClutchCall.Moqt.Model;
using ClutchCall.Moqt.Session;
using ClutchCall.Moqt.Transport;

namespace ClutchCall.Sdk;

/// <summary>
/// One open audio bridge, held for the call's lifetime. A dropped connection is reconnected with a fresh token and
/// the publication and subscription are replayed; frames published while disconnected are dropped (late audio is
/// useless). A GOAWAY from the gateway (it is draining) moves the bridge: the next session is opened through the
/// control plane first, then the old one is closed. The bridge ends when the call ends, when the gateway refuses a
/// reconnect, or on <see cref="CloseAsync"/>.
/// </summary>
public sealed class AudioBridge : IAsyncDisposable
{
    private static readonly TimeSpan RefusalGrace = TimeSpan.FromSeconds(2);

    private readonly BridgeConnector _connector;
    private readonly MoqtOrigin _origin = new();
    private readonly TrackProducer _outgoing;
    private readonly TrackNamespace _ns;
    private readonly string _incomingTrack;
    private readonly TimeSpan _reconnectDelay;
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly long _clockStart = Stopwatch.GetTimestamp();
    private readonly long _clockBaseUs = (DateTimeOffset.UtcNow.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10;
    private volatile AudioFrameHandler? _onUplink;
    private volatile AudioFrameHandler? _onDownlink;
    private Task? _loop;
    private int _reconnects;
    private int _moves;
    private int _callbackFailures;

    internal AudioBridge(BridgeConnector connector, AudioBridgeOptions options, TimeSpan reconnectDelay)
    {
        _connector = connector;
        _reconnectDelay = reconnectDelay;
        _onUplink = options.OnUplink;
        _onDownlink = options.OnDownlink;
        _ns = new TrackNamespace("voice", connector.CallSid);
        var attach = connector.Role == AudioBridgeClient.AttachRole;
        _outgoing = _origin.GetOrCreate(_ns).GetOrCreateTrack(attach ? "downlink" : "uplink");
        _incomingTrack = attach ? "uplink" : "downlink";
    }

    /// <summary>The sid this bridge belongs to.</summary>
    public string CallSid => _connector.CallSid;

    /// <summary><c>attach</c> or <c>attachCaller</c>.</summary>
    public string Role => _connector.Role;

    /// <summary>How many times the session was re-established after a drop.</summary>
    public int Reconnects => Volatile.Read(ref _reconnects);

    /// <summary>How many times the bridge moved to a new session because the gateway sent GOAWAY (it was draining).</summary>
    public int Moves => Volatile.Read(ref _moves);

    /// <summary>How many frames an OnUplink / OnDownlink callback threw on (the frame is skipped, delivery goes on).</summary>
    public int CallbackFailures => Volatile.Read(ref _callbackFailures);

    /// <summary>
    /// Completes when the bridge ends: normally when the call ended or <see cref="CloseAsync"/> was called (see
    /// <see cref="EndReason"/>), faulted with <see cref="AudioBridgeException"/> when the gateway refused the bridge.
    /// </summary>
    public Task Completion => _completion.Task;

    /// <summary>Why the bridge ended normally ("call ended", "closed"); null while it runs or when it failed.</summary>
    public string? EndReason { get; private set; }

    /// <summary>Pushes one encoded frame to the caller (attach). Dropped while reconnecting.</summary>
    /// <param name="frame">One encoded frame in the bridge's format.</param>
    /// <param name="timestampUs">Capture time in microseconds since the Unix epoch; default a monotonic clock.</param>
    public void PublishDownlink(ReadOnlyMemory<byte> frame, long? timestampUs = null) => Publish("downlink", frame, timestampUs);

    /// <summary>Pushes one encoded mic frame to the cloud (attachCaller). Dropped while reconnecting.</summary>
    /// <param name="frame">One encoded frame in the bridge's format.</param>
    /// <param name="timestampUs">Capture time in microseconds since the Unix epoch; default a monotonic clock.</param>
    public void PublishUplink(ReadOnlyMemory<byte> frame, long? timestampUs = null) => Publish("uplink", frame, timestampUs);

    /// <summary>Swaps the consumer of the caller's audio mid-call (attach); null stops delivery.</summary>
    /// <param name="callback">Receives each uplink frame.</param>
    public void OnUplink(AudioFrameHandler? callback) => _onUplink = callback;

    /// <summary>Swaps the consumer of the cloud's audio mid-call (attachCaller); null stops delivery.</summary>
    /// <param name="callback">Receives each downlink frame.</param>
    public void OnDownlink(AudioFrameHandler? callback) => _onDownlink = callback;

    /// <summary>Tears down both tracks and the MoQT session.</summary>
    public async Task CloseAsync()
    {
        if (!_stop.IsCancellationRequested)
        {
            await _stop.CancelAsync().ConfigureAwait(false);
        }
        if (_loop is not null)
        {
            await _loop.ConfigureAwait(false);
        }
        _completion.TrySetResult();
    }

    /// <summary>Same as <see cref="CloseAsync"/>.</summary>
    public async ValueTask DisposeAsync() => await CloseAsync().ConfigureAwait(false);

    internal async Task StartAsync(CancellationToken ct)
    {
        var (session, subscription) = await ConnectOnceAsync(ct).ConfigureAwait(false);
        _loop = Task.Run(() => RunAsync(session, subscription));
    }

    private void Publish(string track, ReadOnlyMemory<byte> frame, long? timestampUs)
    {
        if (_outgoing.Name != track)
        {
            throw new InvalidOperationException($"A {Role} bridge does not publish {track}.");
        }
        var micros = timestampUs ?? _clockBaseUs + (long)(Stopwatch.GetElapsedTime(_clockStart).Ticks / 10);
        if (!_outgoing.IsClosed)
        {
            _outgoing.WriteFrame(new MoqtFrame(frame, (ulong)micros));
        }
    }

    private async Task<(MoqtSession, MoqtSubscription)> ConnectOnceAsync(CancellationToken ct)
    {
        var session = await _connector.ConnectAsync(_origin, ct).ConfigureAwait(false);
        try
        {
            await session.PublishNamespaceAsync(_ns, cancellationToken: ct).ConfigureAwait(false);
            var subscription = await session.SubscribeAsync(_ns, _incomingTrack, cancellationToken: ct).ConfigureAwait(false);
            await PeerSubscribedAsync(session, ct).ConfigureAwait(false);
            return (session, subscription);
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            // A refusal arrives as the session closing under the first request, and the failed write can overtake the
            // close frame carrying the reason: give it a moment, then report the gateway's reason.
            TransportCloseInfo? closed = null;
            try
            {
                closed = await session.Completion.WaitAsync(RefusalGrace, ct).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                // Not a refusal: the session is still up, so the request failed on its own.
            }
            await session.DisposeAsync().ConfigureAwait(false);
            if (closed is { } info && IsFinal(info))
            {
                throw new AudioBridgeException(info.ErrorCode, info.Reason);
            }
            throw;
        }
    }

    /// <summary>
    /// Waits (briefly) until the gateway subscribed to what this bridge publishes, so the first frames published after
    /// attach are not published to nobody.
    /// </summary>
    private async Task PeerSubscribedAsync(MoqtSession session, CancellationToken ct)
    {
        var subscribed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnAdded(TrackConsumer _) => subscribed.TrySetResult();
        _outgoing.ConsumerAdded += OnAdded;
        try
        {
            if (_outgoing.ConsumerCount > 0)
            {
                return;
            }
            await Task.WhenAny(subscribed.Task, session.Completion, Task.Delay(RefusalGrace, ct)).ConfigureAwait(false);
            ct.ThrowIfCancellationRequested();
        }
        finally
        {
            _outgoing.ConsumerAdded -= OnAdded;
        }
    }

    private async Task RunAsync(MoqtSession session, MoqtSubscription subscription)
    {
        try
        {
            while (true)
            {
                var reading = DeliverAsync(subscription, _stop.Token);
                TransportCloseInfo closed;
                try
                {
                    var ended = await Task.WhenAny(session.Completion, session.GoAwayReceived).WaitAsync(_stop.Token).ConfigureAwait(false);
                    if (ended != session.Completion)
                    {
                        // GOAWAY (the gateway is draining): open the next session first, then leave this one, so the
                        // audio moves with a gap of about one round trip instead of a reconnect delay.
                        var next = await ReconnectAsync(TimeSpan.Zero).ConfigureAwait(false);
                        Interlocked.Increment(ref _moves);
                        await session.DisposeAsync().ConfigureAwait(false);
                        await reading.ConfigureAwait(false);
                        (session, subscription) = next;
                        continue;
                    }
                    closed = await session.Completion.ConfigureAwait(false);
                }
                catch
                {
                    await session.DisposeAsync().ConfigureAwait(false);
                    await reading.ConfigureAwait(false);
                    throw;
                }
                await session.DisposeAsync().ConfigureAwait(false);
                await reading.ConfigureAwait(false);
                if (IsFinal(closed))
                {
                    if (closed.ErrorCode == (ulong)MoqtErrorCode.NoError)
                    {
                        EndReason = closed.Reason;
                        _completion.TrySetResult();
                    }
                    else
                    {
                        _completion.TrySetException(new AudioBridgeException(closed.ErrorCode, closed.Reason));
                    }
                    return;
                }
                (session, subscription) = await ReconnectAsync(_reconnectDelay).ConfigureAwait(false);
                Interlocked.Increment(ref _reconnects);
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            // CloseAsync.
        }
        catch (Exception e)
        {
            // Refused (AudioBridgeException, VoiceApiException 4xx) or broken: the bridge is over and Completion says why.
            _completion.TrySetException(e);
        }
        finally
        {
            _outgoing.Close();
        }
    }

    private async Task<(MoqtSession, MoqtSubscription)> ReconnectAsync(TimeSpan firstDelay)
    {
        var delay = firstDelay;
        while (true)
        {
            await Task.Delay(delay, _stop.Token).ConfigureAwait(false);
            try
            {
                return await ConnectOnceAsync(_stop.Token).ConfigureAwait(false);
            }
            catch (VoiceApiException e) when (e.Status >= 500)
            {
                // The control plane is failing over too: keep trying.
            }
            catch (Exception e) when (e is IOException or System.Net.WebSockets.WebSocketException or HttpRequestException or MoqtException or MoqtRequestException or TimeoutException
                || (e is OperationCanceledException && !_stop.IsCancellationRequested))
            {
                // The gateway is not reachable yet.
            }
            delay = TimeSpan.FromMilliseconds(Math.Clamp(delay.TotalMilliseconds * 2, _reconnectDelay.TotalMilliseconds, 5000));
        }
    }

    private async Task DeliverAsync(MoqtSubscription subscription, CancellationToken ct)
    {
        // A frame that arrives whole (every frame of the audio mapping) is handed to the callback on the session's
        // receiving thread, with no queue and no thread hop; the loop only sees groups that arrive in pieces.
        subscription.Frames.DeliverCompleteGroupsInline(Deliver);
        try
        {
            await foreach (var frame in subscription.Frames.ReadFramesAsync(ct).ConfigureAwait(false))
            {
                Deliver(frame);
            }
        }
        catch (OperationCanceledException)
        {
            // Closing.
        }
    }

    private void Deliver(MoqtFrame frame)
    {
        var handler = _incomingTrack == "uplink" ? _onUplink : _onDownlink;
        try
        {
            handler?.Invoke(frame.Payload, (long)frame.CaptureTimestampMicros);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A consumer that throws on one frame must not stop the audio for the rest of the call.
            Interlocked.Increment(ref _callbackFailures);
        }
    }

    /// <summary>The call ended, or the gateway refused this bridge: reconnecting cannot help.</summary>
    private static bool IsFinal(TransportCloseInfo closed) => closed.ClosedByPeer && AudioBridgeException.IsFinal(closed.ErrorCode, closed.Reason);
}
