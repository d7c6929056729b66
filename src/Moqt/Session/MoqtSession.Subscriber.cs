using System.Buffers;
using System.IO.Pipelines;
using ClutchCall.Moqt.Coding;
using ClutchCall.Moqt.Data;
using ClutchCall.Moqt.Messages;
using ClutchCall.Moqt.Model;
using ClutchCall.Moqt.Transport;
using Microsoft.Extensions.Logging;

namespace ClutchCall.Moqt.Session;

/// <summary>Options of one outgoing SUBSCRIBE.</summary>
public sealed record SubscribeRequest
{
    public byte Priority { get; init; } = 128;

    public GroupOrder GroupOrder { get; init; } = GroupOrder.Publisher;

    /// <summary>Sent as DELIVERY_TIMEOUT so the publisher drops stale objects instead of queueing them.</summary>
    public TimeSpan? DeliveryTimeout { get; init; }
}

/// <summary>A subscription this session made to a track of the peer.</summary>
public sealed class MoqtSubscription
{
    private readonly MoqtSession _session;

    internal MoqtSubscription(MoqtSession session, ulong requestId, TrackProducer producer, TrackConsumer consumer)
    {
        _session = session;
        RequestId = requestId;
        Producer = producer;
        Frames = consumer;
    }

    public ulong RequestId { get; }

    public ulong TrackAlias { get; internal set; }

    /// <summary>Groups and frames as they arrive from the peer.</summary>
    public TrackConsumer Frames { get; }

    internal TrackProducer Producer { get; }

    internal bool IsClosedLocally => Producer.IsClosed;

    /// <summary>Set once the peer ended the subscription (PUBLISH_DONE).</summary>
    public PublishDone? Done { get; internal set; }

    public ValueTask UnsubscribeAsync(CancellationToken cancellationToken = default) => _session.UnsubscribeAsync(this, cancellationToken);
}

public sealed partial class MoqtSession
{
    private readonly Dictionary<ulong, PendingSubscription> _subscriptions = [];
    private readonly Dictionary<ulong, PendingSubscription> _byAlias = [];
    private readonly Dictionary<ulong, TaskCompletionSource<PendingSubscription>> _aliasWaiters = [];

    /// <summary>How long a data stream may wait for the SUBSCRIBE_OK that names its alias (they race across streams).</summary>
    private static readonly TimeSpan AliasWait = TimeSpan.FromSeconds(2);

    /// <summary>Subscribes to a track of the peer from the next group on, and waits for SUBSCRIBE_OK.</summary>
    public async Task<MoqtSubscription> SubscribeAsync(TrackNamespace ns, string trackName, SubscribeRequest? request = null, CancellationToken cancellationToken = default)
    {
        request ??= new SubscribeRequest();
        ulong id = await AllocateRequestIdAsync(cancellationToken).ConfigureAwait(false);
        var producer = new TrackProducer(trackName);
        var subscription = new MoqtSubscription(this, id, producer, producer.Subscribe(_options.SubscriberQueueCapacity));
        var pending = new PendingSubscription(subscription);
        lock (_gate) _subscriptions[id] = pending;

        var parameters = new MoqtParameters();
        if (request.DeliveryTimeout is { } timeout) parameters.AddVarInt(MessageParameterType.DeliveryTimeout, (ulong)timeout.TotalMilliseconds);
        var message = new Subscribe(id, ns, trackName, request.Priority, request.GroupOrder, Forward: true, FilterType.NextGroupStart, null, null, parameters);
        await WriteControlAsync(message, cancellationToken).ConfigureAwait(false);
        try
        {
            await pending.Reply.Task.WaitAsync(_options.RequestTimeout, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            lock (_gate) _subscriptions.Remove(id);
            producer.Close();
            throw;
        }

        return subscription;
    }

    internal async ValueTask UnsubscribeAsync(MoqtSubscription subscription, CancellationToken cancellationToken)
    {
        bool removed;
        lock (_gate)
        {
            removed = _subscriptions.Remove(subscription.RequestId, out PendingSubscription? pending);
            if (pending is not null) _byAlias.Remove(subscription.TrackAlias);
        }

        subscription.Producer.Close();
        if (removed && !_completion.Task.IsCompleted) await WriteControlAsync(new Unsubscribe(subscription.RequestId), cancellationToken).ConfigureAwait(false);
    }

    private void HandleSubscribeOk(SubscribeOk ok)
    {
        PendingSubscription pending;
        TaskCompletionSource<PendingSubscription>? waiter;
        lock (_gate)
        {
            if (!_subscriptions.TryGetValue(ok.RequestId, out pending!) || pending.Reply.Task.IsCompleted)
            {
                throw new MoqtException(MoqtErrorCode.ProtocolViolation, $"SUBSCRIBE_OK for unknown request {ok.RequestId}");
            }

            if (_byAlias.ContainsKey(ok.TrackAlias)) throw new MoqtException(MoqtErrorCode.DuplicateTrackAlias, $"track alias {ok.TrackAlias} already in use");
            pending.Subscription.TrackAlias = ok.TrackAlias;
            _byAlias[ok.TrackAlias] = pending;
            _aliasWaiters.Remove(ok.TrackAlias, out waiter);
        }

        pending.Reply.TrySetResult(ok);
        waiter?.TrySetResult(pending);
    }

    private void HandleSubscribeError(SubscribeError error)
    {
        PendingSubscription? pending;
        lock (_gate)
        {
            if (!_subscriptions.Remove(error.RequestId, out pending)) throw new MoqtException(MoqtErrorCode.ProtocolViolation, $"SUBSCRIBE_ERROR for unknown request {error.RequestId}");
        }

        pending.Reply.TrySetException(new MoqtRequestException(error.ErrorCode, error.Reason));
    }

    /// <summary>
    /// PUBLISH_DONE can overtake the data streams it counts, so the track ends only once StreamCount streams arrived
    /// (or after a grace period). moq-lite-js always says 0, which ends it at once.
    /// </summary>
    private void HandlePublishDone(PublishDone done)
    {
        PendingSubscription? pending;
        bool finish;
        lock (_gate)
        {
            if (!_subscriptions.TryGetValue(done.RequestId, out pending)) return; // crossed our UNSUBSCRIBE
            // moq-lite-js always reports 0 streams, so its count says nothing: give its streams the grace period.
            pending.ExpectedStreams = Version.Dialect == MoqtDialect.MoqLiteJs ? null : done.StreamCount;
            finish = pending.ExpectedStreams is { } expected && pending.StreamsReceived >= expected;
        }

        pending.Subscription.Done = done;
        pending.Reply.TrySetException(new MoqtRequestException(done.StatusCode, done.Reason));
        if (finish) FinishSubscription(pending);
        else _ = FinishLaterAsync(pending);
    }

    private async Task FinishLaterAsync(PendingSubscription pending)
    {
        try
        {
            await Task.Delay(AliasWait, _time, _shutdown.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        FinishSubscription(pending);
    }

    private void FinishSubscription(PendingSubscription pending)
    {
        lock (_gate)
        {
            if (_subscriptions.TryGetValue(pending.Subscription.RequestId, out PendingSubscription? current) && current == pending)
            {
                _subscriptions.Remove(pending.Subscription.RequestId);
                _byAlias.Remove(pending.Subscription.TrackAlias);
            }
        }

        pending.Subscription.Producer.Close();
    }

    /// <summary>Counts a data stream of the subscription; true when it was the last one PUBLISH_DONE announced.</summary>
    private bool CountStream(PendingSubscription pending)
    {
        lock (_gate)
        {
            pending.StreamsReceived++;
            return pending.ExpectedStreams is { } expected && pending.StreamsReceived >= expected;
        }
    }

    private async Task RunDataStreamAcceptLoopAsync()
    {
        try
        {
            // Streams are read concurrently, but each joins its track in the order the peer opened it, so
            // task scheduling cannot reorder groups (a producer refuses groups older than one it already has).
            Task previous = Task.CompletedTask;
            while (await _transport.AcceptUnidirectionalStreamAsync(_shutdown.Token).ConfigureAwait(false) is { } stream)
            {
                var registered = new JoinTicket(this);
                Task before = previous;
                previous = registered.Task;
                // Run inline: the transport announces a stream once its first frame is buffered, so a one-object
                // stream (an audio frame) is usually read to its end right here, with no thread-pool hop. A stream
                // whose data is still coming yields at its first await and the loop goes on to the next stream.
                _ = ReadDataStreamAsync(stream, before, registered);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task ReadDataStreamAsync(IMoqtReceiveStream stream, Task before, JoinTicket registered)
    {
        PipeReader input = stream.Input;
        Group? group = null;
        try
        {
            SubgroupHeader header = await ReadHeaderAsync(input).ConfigureAwait(false);
            await before.ConfigureAwait(false);
            PendingSubscription? target = await FindByAliasAsync(header.TrackAlias).ConfigureAwait(false);
            if (target is null)
            {
                stream.StopSending(MoqtStreamResetCode.Cancelled);
                return;
            }

            bool last = CountStream(target);
            Group? fresh = target.Subscription.IsClosedLocally ? null : new Group(header.GroupId);
            ulong? previous = null;
            bool ended = false;
            if (fresh is not null && input.TryRead(out ReadResult ready))
            {
                // Decode what is already buffered before the group is published: a reader then finds the frame (and,
                // for a one-object audio stream, the end) at once instead of waking on an empty group and waiting.
                ReadOnlySequence<byte> buffer = ready.Buffer;
                SequencePosition consumedTo = ReadObjects(buffer, header, fresh, ref previous, _metrics);
                bool partial = buffer.Slice(consumedTo).Length != 0;
                input.AdvanceTo(consumedTo, buffer.End);
                if (ready.IsCompleted)
                {
                    if (partial) throw new MoqtException(MoqtErrorCode.ProtocolViolation, "data stream ended inside an object");
                    fresh.Close();
                    ended = true;
                }
            }

            group = fresh is not null && target.Subscription.Producer.TryAddGroup(fresh) ? fresh : null;
            registered.TrySetResult();
            if (last) FinishSubscription(target);
            if (group is null)
            {
                if (!ended) stream.StopSending(MoqtStreamResetCode.Cancelled); // an older group than one already delivered
                return;
            }

            if (ended) return;
            while (true)
            {
                ReadResult result = await input.ReadAsync(_shutdown.Token).ConfigureAwait(false);
                ReadOnlySequence<byte> buffer = result.Buffer;
                SequencePosition consumedTo = ReadObjects(buffer, header, group, ref previous, _metrics);
                input.AdvanceTo(consumedTo, buffer.End);
                if (result.IsCompleted)
                {
                    if (buffer.Slice(consumedTo).Length != 0) throw new MoqtException(MoqtErrorCode.ProtocolViolation, "data stream ended inside an object");
                    group.Close();
                    return;
                }
            }
        }
        catch (MoqtException ex)
        {
            group?.Close(aborted: true);
            await CloseAsync(ex.Code, ex.Message).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is MoqtStreamException or OperationCanceledException or IOException or InvalidOperationException)
        {
            group?.Close(aborted: true); // reset by the publisher (e.g. delivery timeout) or session ended
        }
        catch (Exception ex)
        {
            group?.Close(aborted: true);
            LogUnexpected(_logger, ex);
            await CloseAsync(MoqtErrorCode.InternalError, "internal error").ConfigureAwait(false);
        }
        finally
        {
            registered.TrySetResult();
            await input.CompleteAsync().ConfigureAwait(false);
        }
    }

    private async ValueTask<SubgroupHeader> ReadHeaderAsync(PipeReader input)
    {
        while (true)
        {
            ReadResult result = await input.ReadAsync(_shutdown.Token).ConfigureAwait(false);
            ReadOnlySequence<byte> buffer = result.Buffer;
            DecodeStatus status = DecodeHeader(buffer, out SubgroupHeader header, out int consumed, out DecodeError error);
            if (status == DecodeStatus.Done)
            {
                input.AdvanceTo(buffer.GetPosition(consumed));
                return header;
            }

            if (status == DecodeStatus.Invalid) throw new MoqtException(error.Code, error.Reason);
            input.AdvanceTo(buffer.Start, buffer.End);
            if (result.IsCompleted) throw new MoqtException(MoqtErrorCode.ProtocolViolation, "data stream ended inside its header");
        }
    }

    private static DecodeStatus DecodeHeader(ReadOnlySequence<byte> buffer, out SubgroupHeader header, out int consumed, out DecodeError error)
    {
        ReadOnlySpan<byte> span = buffer.IsSingleSegment ? buffer.FirstSpan : buffer.Slice(0, Math.Min(buffer.Length, 64)).ToArray();
        return SubgroupHeader.TryDecode(span, out header, out consumed, out error);
    }

    /// <summary>Decodes every whole object in <paramref name="buffer"/> into the group; returns how far it got.</summary>
    private static SequencePosition ReadObjects(ReadOnlySequence<byte> buffer, SubgroupHeader header, Group group, ref ulong? previous, MoqtMetrics? metrics)
    {
        ReadOnlySpan<byte> span = buffer.IsSingleSegment ? buffer.FirstSpan : buffer.ToArray();
        return buffer.GetPosition(DecodeObjects(span, header, group, ref previous, metrics));
    }

    /// <summary>Decodes every whole object in <paramref name="span"/> into the group; returns the bytes used.</summary>
    private static int DecodeObjects(ReadOnlySpan<byte> span, SubgroupHeader header, Group group, ref ulong? previous, MoqtMetrics? metrics)
    {
        int offset = 0;
        while (offset < span.Length)
        {
            DecodeStatus status = SubgroupObject.TryDecode(span[offset..], header.HasExtensions, previous, out SubgroupObject obj, out int consumed, out DecodeError error);
            if (status == DecodeStatus.Invalid) throw new MoqtException(error.Code, error.Reason);
            if (status == DecodeStatus.NeedMoreData) break;
            offset += consumed;
            previous = obj.ObjectId;
            if (obj.Status == ObjectStatus.Normal)
            {
                ObjectExtensions.TryGetCaptureTimestamp(obj.Extensions, out ulong micros);
                group.Append(new MoqtFrame(obj.Payload.ToArray(), micros));
                metrics?.ObjectReceived();
            }
        }

        return offset;
    }

    private async ValueTask<PendingSubscription?> FindByAliasAsync(ulong alias)
    {
        Task<PendingSubscription> wait;
        lock (_gate)
        {
            if (_byAlias.TryGetValue(alias, out PendingSubscription? known)) return known;
            if (!_aliasWaiters.TryGetValue(alias, out TaskCompletionSource<PendingSubscription>? waiter))
            {
                waiter = new TaskCompletionSource<PendingSubscription>(TaskCreationOptions.RunContinuationsAsynchronously);
                _aliasWaiters[alias] = waiter;
            }

            wait = waiter.Task;
        }

        try
        {
            return await wait.WaitAsync(AliasWait, _time, _shutdown.Token).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            lock (_gate) _aliasWaiters.Remove(alias);
            LogUnknownAlias(_logger, alias);
            return null;
        }
    }

    private void TearDownSubscriptions()
    {
        StopServing();
        PendingSubscription[] all;
        lock (_gate)
        {
            all = [.. _subscriptions.Values];
            _subscriptions.Clear();
            _byAlias.Clear();
            foreach (TaskCompletionSource<PendingSubscription> w in _aliasWaiters.Values) w.TrySetCanceled();
            _aliasWaiters.Clear();
            foreach (TaskCompletionSource<ControlMessage> p in _pendingNamespaces.Values) p.TrySetCanceled();
            _pendingNamespaces.Clear();
        }

        foreach (PendingSubscription p in all)
        {
            p.Reply.TrySetCanceled();
            p.Subscription.Producer.Close();
        }
    }

    private sealed class PendingSubscription(MoqtSubscription subscription)
    {
        public MoqtSubscription Subscription { get; } = subscription;

        public TaskCompletionSource<SubscribeOk> Reply { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public ulong StreamsReceived { get; set; }

        public ulong? ExpectedStreams { get; set; }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Data stream for unknown track alias {Alias} refused")]
    private static partial void LogUnknownAlias(ILogger logger, ulong alias);
}
