using System.Buffers;
using ClutchCall.Moqt.Coding;
using ClutchCall.Moqt.Data;
using ClutchCall.Moqt.Messages;
using ClutchCall.Moqt.Model;
using ClutchCall.Moqt.Transport;
using Microsoft.Extensions.Logging;

namespace ClutchCall.Moqt.Session;

public sealed partial class MoqtSession
{
    private readonly Dictionary<ulong, ServedSubscription> _served = [];

    /// <summary>Number of remote subscriptions this session is serving.</summary>
    public int ServedSubscriptionCount
    {
        get
        {
            lock (_gate) return _served.Count;
        }
    }

    private async ValueTask HandleSubscribeAsync(Subscribe subscribe)
    {
        if (!Origin.TryGetTrack(subscribe.Namespace, subscribe.TrackName, out TrackProducer track) || track.IsClosed)
        {
            await WriteControlAsync(new SubscribeError(subscribe.RequestId, SubscribeErrorCode.TrackDoesNotExist, "track does not exist"), _shutdown.Token).ConfigureAwait(false);
            return;
        }

        if (subscribe.Filter is not (FilterType.NextGroupStart or FilterType.LargestObject))
        {
            // A live voice track keeps no history, so there is nothing to serve from an absolute position.
            await WriteControlAsync(new SubscribeError(subscribe.RequestId, SubscribeErrorCode.NotSupported, "only live filters are served"), _shutdown.Token).ConfigureAwait(false);
            return;
        }

        // The track alias is the request id: unique per session, and what moq-lite-js requires.
        ulong alias = subscribe.RequestId;
        var served = new ServedSubscription(subscribe, alias, track.Subscribe(_options.SubscriberQueueCapacity), CancellationTokenSource.CreateLinkedTokenSource(_shutdown.Token));
        served.DeliveryTimeout = subscribe.DeliveryTimeout ?? _options.DefaultDeliveryTimeout;
        served.PublisherPriority = track.Priority;
        lock (_gate) _served[subscribe.RequestId] = served;
        await WriteControlAsync(new SubscribeOk(subscribe.RequestId, alias, Expires: 0, GroupOrder.Ascending, Largest: null, new MoqtParameters()), _shutdown.Token).ConfigureAwait(false);
        if (!subscribe.Forward) return;

        // Complete one-object groups go out from the writer's thread; the loop serves the rest (groups still being
        // written, groups of several objects, and everything while it has a backlog, so the order holds). It starts
        // backlogged: groups written before SUBSCRIBE_OK wait in the queue and go out after it, first.
        if (_transport is IWholeStreamSender sender) served.Consumer.Inline = group => ServeInline(served, sender, group);
        served.Loop = Task.Run(() => ServeAsync(served));
    }

    private async ValueTask HandleUnsubscribeAsync(Unsubscribe unsubscribe)
    {
        ServedSubscription? served;
        lock (_gate) _served.Remove(unsubscribe.RequestId, out served);
        if (served is null) return; // already finished: UNSUBSCRIBE can cross PUBLISH_DONE
        served.Stop();
        await WriteControlAsync(new PublishDone(unsubscribe.RequestId, PublishDoneStatus.SubscriptionEnded, served.StreamCount, "unsubscribed"), _shutdown.Token).ConfigureAwait(false);
    }

    private async Task ServeAsync(ServedSubscription served)
    {
        CancellationToken token = served.Cancellation.Token;
        try
        {
            served.TryEndBacklog();
            while (await served.Consumer.ReadGroupAsync(token).ConfigureAwait(false) is { } group)
            {
                await SendGroupAsync(served, group, token).ConfigureAwait(false);
                served.TryEndBacklog();
            }

            bool removed;
            lock (_gate) removed = _served.Remove(served.Request.RequestId);
            if (removed) await WriteControlAsync(new PublishDone(served.Request.RequestId, PublishDoneStatus.TrackEnded, served.StreamCount, "track ended"), token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
        catch (Exception ex) when (ex is IOException or InvalidOperationException or ObjectDisposedException)
        {
            LogServeFailed(_logger, served.Request.TrackName, ex.Message);
        }
        catch (Exception ex)
        {
            LogUnexpected(_logger, ex);
            await CloseAsync(MoqtErrorCode.InternalError, "internal error").ConfigureAwait(false);
        }
        finally
        {
            served.Consumer.Dispose();
        }
    }

    /// <summary>
    /// Sends a complete one-object group as one whole stream from the writer's thread; stale frames are dropped and
    /// counted, never queued. Any other group, every group while the loop has a backlog, and a group the transport
    /// cannot take now (its queue is full) go to the loop's bounded drop-oldest queue instead, which then sends
    /// in order with awaited writes until it has caught up. Always true: the group is handled either way.
    /// </summary>
    private bool ServeInline(ServedSubscription served, IWholeStreamSender sender, Group group)
    {
        if (served.Cancellation.IsCancellationRequested) return true; // stopped: nothing more goes out
        lock (served.Gate)
        {
            if (served.Backlogged || group.Count != 1 || !group.IsClosed || !group.TryGetFrame(0, out MoqtFrame frame, out _))
            {
                served.Backlog(group);
                return true;
            }

            if (IsStale(frame, served.DeliveryTimeout))
            {
                served.CountDropped();
                _metrics?.ObjectDropped();
                return true;
            }

            bool extensions = Version.Dialect == MoqtDialect.Standard;
            var header = SubgroupHeader.ForGroup(served.Alias, group.Sequence, served.PublisherPriority, extensions);
            ArrayBufferWriter<byte> buffer = served.InlineBuffer;
            buffer.ResetWrittenCount();
            header.Encode(buffer);
            WriteObject(buffer, frame, extensions);
            if (sender.TrySendWholeUnidirectionalStream(buffer.WrittenSpan, served.SendPriority, RemainingBudget(frame, served.DeliveryTimeout)))
            {
                served.CountStream();
                _metrics?.ObjectSent();
            }
            else if (_transport.Closed.IsCompleted)
            {
                served.CountDropped();
                _metrics?.ObjectDropped();
            }
            else
            {
                served.Backlog(group); // the link is backed up
            }

            return true;
        }
    }

    /// <summary>Sends one group on its own unidirectional stream, dropping it if it is already older than the delivery timeout.</summary>
    private async Task SendGroupAsync(ServedSubscription served, Group group, CancellationToken token)
    {
        MoqtFrame? first = await group.ReadFrameAsync(0, token).ConfigureAwait(false);
        if (first is null) return;
        if (IsStale(first.Value, served.DeliveryTimeout))
        {
            served.CountDropped();
            _metrics?.ObjectDropped();
            return;
        }

        // moq-lite-js refuses object extensions, so the capture timestamp only travels to standard peers.
        bool extensions = Version.Dialect == MoqtDialect.Standard;
        var header = SubgroupHeader.ForGroup(served.Alias, group.Sequence, served.PublisherPriority, extensions);
        IMoqtSendStream stream = await _transport.OpenUnidirectionalStreamAsync(token).ConfigureAwait(false);
        served.CountStream();
        var buffer = new ArrayBufferWriter<byte>(64 + first.Value.Payload.Length);
        header.Encode(buffer);
        try
        {
            MoqtFrame frame = first.Value;
            for (int index = 0; ; index++)
            {
                WriteObject(buffer, frame, extensions);
                _metrics?.ObjectSent();
                bool more = group.TryGetFrame(index + 1, out MoqtFrame next, out bool ended);
                if (!more && ended)
                {
                    await stream.WriteAsync(buffer.WrittenMemory, endStream: true, token).ConfigureAwait(false);
                    return;
                }

                await stream.WriteAsync(buffer.WrittenMemory, endStream: false, token).ConfigureAwait(false);
                buffer.ResetWrittenCount();
                MoqtFrame? waited = more ? next : await group.ReadFrameAsync(index + 1, token).ConfigureAwait(false);
                if (waited is null)
                {
                    await stream.WriteAsync(ReadOnlyMemory<byte>.Empty, endStream: true, token).ConfigureAwait(false);
                    return;
                }

                frame = waited.Value;
                if (IsStale(frame, served.DeliveryTimeout))
                {
                    stream.Reset(MoqtStreamResetCode.DeliveryTimeout);
                    served.CountDropped();
                    _metrics?.ObjectDropped();
                    return;
                }
            }
        }
        catch (OperationCanceledException)
        {
            stream.Reset(MoqtStreamResetCode.Cancelled);
            throw;
        }
    }

    /// <summary>Appends one object; objects of a group are consecutive, so the id delta is always 0.</summary>
    private static void WriteObject(IBufferWriter<byte> buffer, MoqtFrame frame, bool extensions)
    {
        var writer = new MoqtWriter(buffer);
        Span<byte> ext = stackalloc byte[2 * VarInt.MaxLength];
        int extLength = extensions && frame.HasCaptureTimestamp ? ObjectExtensions.WriteCaptureTimestamp(ext, frame.CaptureTimestampMicros) : 0;
        SubgroupObject.Encode(ref writer, 0, extensions, ext[..extLength], frame.Payload.Span);
    }

    /// <summary>How long the frame may still wait to be sent: the delivery timeout less its age (all of it when its age is unknown).</summary>
    private TimeSpan? RemainingBudget(MoqtFrame frame, TimeSpan? timeout)
    {
        if (timeout is not { } limit || !frame.HasCaptureTimestamp) return timeout;
        ulong now = MoqtFrame.ToMicros(_time.GetUtcNow());
        ulong age = now > frame.CaptureTimestampMicros ? now - frame.CaptureTimestampMicros : 0;
        return limit - TimeSpan.FromMicroseconds(age);
    }

    private bool IsStale(MoqtFrame frame, TimeSpan? timeout)
    {
        if (timeout is not { } limit || !frame.HasCaptureTimestamp) return false;
        ulong now = MoqtFrame.ToMicros(_time.GetUtcNow());
        return now > frame.CaptureTimestampMicros && now - frame.CaptureTimestampMicros > (ulong)(limit.Ticks / 10);
    }

    private void StopServing()
    {
        ServedSubscription[] all;
        lock (_gate)
        {
            all = [.. _served.Values];
            _served.Clear();
        }

        foreach (ServedSubscription s in all) s.Stop();
    }

    private sealed class ServedSubscription(Subscribe request, ulong alias, TrackConsumer consumer, CancellationTokenSource cancellation)
    {
        public Subscribe Request { get; } = request;

        public ulong Alias { get; } = alias;

        public TrackConsumer Consumer { get; } = consumer;

        public CancellationTokenSource Cancellation { get; } = cancellation;

        public Task? Loop { get; set; }

        private long _streamCount;
        private long _dropped;

        public ulong StreamCount => (ulong)Interlocked.Read(ref _streamCount);

        public ulong Dropped => (ulong)Interlocked.Read(ref _dropped);

        /// <summary>Orders inline sends against the loop's backlog (a track may also be written from several threads).</summary>
        public object Gate { get; } = new();

        /// <summary>Encodes inline-sent groups, under <see cref="Gate"/>.</summary>
        public ArrayBufferWriter<byte> InlineBuffer { get; } = new(256);

        /// <summary>True while the loop has groups to send first; starts true until the loop has started.</summary>
        public bool Backlogged { get; private set; } = true;

        /// <summary>Under <see cref="Gate"/>: the group waits for the loop, and so does every group after it until the loop catches up.</summary>
        public void Backlog(Group group)
        {
            Backlogged = true;
            Consumer.Enqueue(group);
        }

        /// <summary>Called by the loop after each send: with nothing left queued, the writer's thread may send again.</summary>
        public void TryEndBacklog()
        {
            lock (Gate)
            {
                if (Consumer.QueuedGroups == 0) Backlogged = false;
            }
        }

        public byte PublisherPriority { get; set; } = SubgroupHeader.DefaultPriority;


        /// <summary>Send order among queued streams, lowest first: subscriber priority, then publisher priority.</summary>
        public int SendPriority => (Request.SubscriberPriority << 8) | PublisherPriority;

        public void CountStream() => Interlocked.Increment(ref _streamCount);

        public void CountDropped() => Interlocked.Increment(ref _dropped);

        public TimeSpan? DeliveryTimeout { get; set; } = request.DeliveryTimeout;

        public void Stop()
        {
            try
            {
                Cancellation.Cancel();
            }
            catch (ObjectDisposedException)
            {
            }

            Consumer.Dispose();
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Stopped serving track {Track}: {Reason}")]
    private static partial void LogServeFailed(ILogger logger, string track, string reason);
}
