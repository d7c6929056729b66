using System.Buffers;
using System.IO.Pipelines;
using ClutchCall.Moqt.Model;
using ClutchCall.Moqt.Transport;
using ClutchCall.Moqt.Transport.Mux;

namespace ClutchCall.Moqt.Tests;

/// <summary>
/// The no-hop audio path: a one-object group sent as one whole stream from the writer's thread, received without a
/// stream object, and handed to an inline consumer on the receiving thread.
/// </summary>
public sealed class WholeStreamTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);
    private const int Normal = (128 << 8) | 128;

    [Fact]
    public async Task WholeStream_ArrivesAsOneFinishedStream_WhenThePeerHasNoHandler()
    {
        var (client, server) = InMemoryFrameLink.CreateTransportPair();
        Assert.True(client.TrySendWholeUnidirectionalStream(new byte[] { 1, 2, 3 }, Normal, budget: null));

        IMoqtReceiveStream? received = await server.AcceptUnidirectionalStreamAsync().AsTask().WaitAsync(Wait);
        Assert.NotNull(received);
        Assert.Equal(2, received.StreamId); // the client's first unidirectional stream
        Assert.True(received.Input.TryRead(out ReadResult result));
        Assert.Equal(new byte[] { 1, 2, 3 }, result.Buffer.ToArray());
        Assert.True(result.IsCompleted);
        received.Input.AdvanceTo(result.Buffer.End);
        await client.DisposeAsync();
        await server.DisposeAsync();
    }

    [Fact]
    public async Task WholeStream_GoesToTheHandler_AndLaterStreamsKeepTheirIds()
    {
        var (client, server) = InMemoryFrameLink.CreateTransportPair();
        var handler = new RecordingHandler();
        ((IWholeStreamReceiver)server).SetWholeStreamHandler(handler);

        Assert.True(client.TrySendWholeUnidirectionalStream(new byte[] { 4, 5 }, Normal, budget: null));
        IMoqtSendStream open = await client.OpenUnidirectionalStreamAsync();
        await open.WriteAsync(new byte[] { 6 }, endStream: false); // not whole: the ordinary path

        IMoqtReceiveStream? ordinary = await server.AcceptUnidirectionalStreamAsync().AsTask().WaitAsync(Wait);
        Assert.NotNull(ordinary);
        Assert.Equal(open.StreamId, ordinary.StreamId);
        Assert.Equal([new byte[] { 4, 5 }], handler.Taken);
        Assert.Equal(1, handler.Announced);
        await client.DisposeAsync();
        await server.DisposeAsync();
    }

    [Fact]
    public async Task WholeStream_RefusedByTheHandler_TakesTheOrdinaryPath()
    {
        var (client, server) = InMemoryFrameLink.CreateTransportPair();
        ((IWholeStreamReceiver)server).SetWholeStreamHandler(new RecordingHandler { Accept = false });

        Assert.True(client.TrySendWholeUnidirectionalStream(new byte[] { 9 }, Normal, budget: null));
        IMoqtReceiveStream? received = await server.AcceptUnidirectionalStreamAsync().AsTask().WaitAsync(Wait);
        Assert.NotNull(received);
        ReadResult result = await received.Input.ReadAsync();
        Assert.Equal(new byte[] { 9 }, result.Buffer.ToArray());
        Assert.True(result.IsCompleted);
        await client.DisposeAsync();
        await server.DisposeAsync();
    }

    [Fact]
    public async Task WholeStreams_BehindABusyLink_AreBoundedThenDropped()
    {
        var link = new GatedLink();
        var transport = new MultiplexedTransport(link, isServer: true);

        // The first send holds the link (its write does not complete), so the rest queue behind it.
        Assert.True(transport.TrySendWholeUnidirectionalStream(new byte[] { 0 }, Normal, budget: null));
        for (int i = 1; i <= MultiplexedTransport.MaxQueuedFrames; i++)
        {
            Assert.True(transport.TrySendWholeUnidirectionalStream(new byte[] { (byte)i }, Normal, budget: null));
        }

        Assert.False(transport.TrySendWholeUnidirectionalStream(new byte[] { 0xFF }, Normal, budget: null)); // late audio is dropped, not queued
        link.Release();
        await link.AllSent(MultiplexedTransport.MaxQueuedFrames + 1).WaitAsync(Wait);
        Assert.True(transport.TrySendWholeUnidirectionalStream(new byte[] { 0xFE }, Normal, budget: null)); // room again
    }

    [Fact]
    public async Task QueuedWholeStreams_GoOutByPriority_AndExpireAfterTheirBudget()
    {
        var time = new ManualTimeProvider(DateTimeOffset.UnixEpoch.AddDays(20000));
        var link = new GatedLink();
        var transport = new MultiplexedTransport(link, isServer: true, time: time);
        Assert.True(transport.TrySendWholeUnidirectionalStream(new byte[] { 0 }, Normal, budget: null)); // holds the link
        Assert.True(transport.TrySendWholeUnidirectionalStream(new byte[] { 1 }, Normal, budget: null));
        Assert.True(transport.TrySendWholeUnidirectionalStream(new byte[] { 2 }, (0 << 8) | 128, budget: null)); // subscriber priority 0
        Assert.True(transport.TrySendWholeUnidirectionalStream(new byte[] { 3 }, Normal, TimeSpan.FromMilliseconds(200)));
        Assert.True(transport.TrySendWholeUnidirectionalStream(new byte[] { 4 }, (128 << 8) | 0, budget: null)); // publisher priority 0
        time.Advance(TimeSpan.FromMilliseconds(250)); // frame 3 is now stale

        link.Release();
        await link.AllSent(4).WaitAsync(Wait);
        Assert.Equal(new byte[] { 0, 2, 4, 1 }, link.LastBytes);
        Assert.Equal(1, transport.DroppedStaleStreams);
    }

    [Fact]
    public async Task AControlWrite_GoesAheadOfQueuedWholeStreams()
    {
        var link = new GatedLink();
        var transport = new MultiplexedTransport(link, isServer: true);
        Assert.True(transport.TrySendWholeUnidirectionalStream(new byte[] { 0 }, Normal, budget: null)); // holds the link
        Assert.True(transport.TrySendWholeUnidirectionalStream(new byte[] { 1 }, Normal, budget: null));
        Assert.True(transport.TrySendWholeUnidirectionalStream(new byte[] { 2 }, Normal, budget: null));
        IMoqtBidiStream control = await transport.OpenBidirectionalStreamAsync();
        Task controlWrite = control.WriteAsync(new byte[] { 4 }, endStream: false).AsTask();

        link.Release();
        await controlWrite.WaitAsync(Wait);
        await link.AllSent(4).WaitAsync(Wait);
        Assert.Equal(new byte[] { 0, 4, 1, 2 }, link.LastBytes); // after the frame in flight, before the queue
    }

    [Fact]
    public async Task ADataStreamWrite_NeverOvertakesQueuedWholeStreams()
    {
        var link = new GatedLink();
        var transport = new MultiplexedTransport(link, isServer: true);
        Assert.True(transport.TrySendWholeUnidirectionalStream(new byte[] { 0 }, Normal, budget: null)); // holds the link
        Assert.True(transport.TrySendWholeUnidirectionalStream(new byte[] { 1 }, Normal, budget: null));
        Assert.True(transport.TrySendWholeUnidirectionalStream(new byte[] { 2 }, Normal, budget: null));
        IMoqtSendStream data = await transport.OpenUnidirectionalStreamAsync();
        IMoqtBidiStream control = await transport.OpenBidirectionalStreamAsync();
        Task dataWrite = data.WriteAsync(new byte[] { 3 }, endStream: true).AsTask();
        Task controlWrite = control.WriteAsync(new byte[] { 4 }, endStream: false).AsTask(); // makes the drain step aside

        link.Release();
        await Task.WhenAll(dataWrite, controlWrite).WaitAsync(Wait);
        await link.AllSent(5).WaitAsync(Wait);

        // The data stream (a later group) got the lock first but sent the older queued groups before itself.
        byte[] sent = [.. link.LastBytes];
        Assert.Equal(new byte[] { 0, 1, 2, 3 }, sent.Where(b => b != 4));
    }

    [Fact]
    public async Task PeerStreamsOutOfIdOrder_AreAllAccepted_ButAFinishedOneIsNotReopened()
    {
        var (clientLink, serverLink) = InMemoryFrameLink.CreatePair();
        var server = new MultiplexedTransport(serverLink, isServer: true).Start();
        var handler = new RecordingHandler();
        ((IWholeStreamReceiver)server).SetWholeStreamHandler(handler);

        // Ids 2 and 0 arrive after 3 (a sender's priorities reordered them): 0 and 2 were opened implicitly by 3.
        foreach (long sequence in new long[] { 3, 2, 0, 3 })
        {
            byte[] frame = new byte[PolyfillFrame.MaxHeaderLength + 1];
            int header = PolyfillFrame.WriteStreamHeader(frame, StreamId.Create(sequence, unidirectional: true, serverInitiated: false), fin: true);
            frame[header] = (byte)sequence;
            await clientLink.SendAsync(frame.AsMemory(0, header + 1), CancellationToken.None);
        }

        byte[] marker = new byte[PolyfillFrame.MaxHeaderLength + 1];
        int markerHeader = PolyfillFrame.WriteStreamHeader(marker, StreamId.Create(1, unidirectional: true, serverInitiated: false), fin: false);
        await clientLink.SendAsync(marker.AsMemory(0, markerHeader + 1), CancellationToken.None); // id 1, not whole: the ordinary path
        Assert.NotNull(await server.AcceptUnidirectionalStreamAsync().AsTask().WaitAsync(Wait));

        Assert.Equal([new byte[] { 3 }, new byte[] { 2 }, new byte[] { 0 }], handler.Taken); // the second 3 was dropped
        await server.DisposeAsync();
        await clientLink.DisposeAsync();
    }

    [Fact]
    public async Task InlineConsumer_GetsCompleteGroupsOnTheWritersThread_AndOpenGroupsThroughTheQueue()
    {
        var track = new TrackProducer("uplink");
        using TrackConsumer consumer = track.Subscribe();
        var seen = new List<(byte, int)>();
        consumer.DeliverCompleteGroupsInline(frame => seen.Add((frame.Payload.Span[0], Environment.CurrentManagedThreadId)));

        track.WriteFrame(new MoqtFrame(new byte[] { 7 }, 1));
        Assert.Equal([((byte)7, Environment.CurrentManagedThreadId)], seen); // delivered before WriteFrame returned

        Group open = track.AppendGroup();
        Group? queued = await consumer.ReadGroupAsync().AsTask().WaitAsync(Wait);
        Assert.Same(open, queued); // the complete group never went through the queue
        Assert.Single(seen);
    }

    [Fact]
    public async Task FramesWrittenBeforeAndAfterSubscribeOk_ArriveAllInOrder()
    {
        var ns = new Messages.TrackNamespace("voice", "CA1");
        var serverOrigin = new MoqtOrigin();
        TrackProducer downlink = serverOrigin.GetOrCreate(ns).GetOrCreateTrack("downlink");

        // Runs inside the server's SUBSCRIBE handling, before SUBSCRIBE_OK: these wait in the loop's queue and must
        // still go out before the frames written afterwards from this thread (the inline path).
        downlink.ConsumerAdded += _ =>
        {
            for (int i = 0; i < 5; i++) downlink.WriteFrame(new MoqtFrame(new[] { (byte)i }, 1));
        };
        var options = new Session.MoqtSessionOptions { SubscriberQueueCapacity = 64 };
        await using SessionPair pair = await SessionPair.CreateAsync(serverOrigin, serverOptions: options, clientOptions: options);
        Session.MoqtSubscription subscription = await pair.Client.SubscribeAsync(ns, "downlink");
        for (int i = 5; i < 10; i++) downlink.WriteFrame(new MoqtFrame(new[] { (byte)i }, 1));
        downlink.Close();

        var received = new List<byte>();
        await foreach (MoqtFrame frame in subscription.Frames.ReadFramesAsync().WithCancellation(new CancellationTokenSource(Wait).Token)) received.Add(frame.Payload.Span[0]);
        Assert.Equal(Enumerable.Range(0, 10).Select(i => (byte)i), received);
    }

    [Fact]
    public async Task OneTrack_TwoSubscribersInTwoSessions_EachGetsEveryFrame()
    {
        // An agent and a recorder tapping the same uplink: each session sends every frame from the writer's thread.
        var ns = new Messages.TrackNamespace("voice", "CA2");
        var origin = new MoqtOrigin();
        TrackProducer uplink = origin.GetOrCreate(ns).GetOrCreateTrack("uplink");
        var options = new Session.MoqtSessionOptions { SubscriberQueueCapacity = 64 };
        await using SessionPair agent = await SessionPair.CreateAsync(origin, serverOptions: options, clientOptions: options);
        await using SessionPair recorder = await SessionPair.CreateAsync(origin, serverOptions: options, clientOptions: options);
        Session.MoqtSubscription first = await agent.Client.SubscribeAsync(ns, "uplink");
        Session.MoqtSubscription second = await recorder.Client.SubscribeAsync(ns, "uplink");
        Assert.Equal(2, uplink.ConsumerCount);

        for (int i = 0; i < 20; i++) uplink.WriteFrame(new MoqtFrame(new[] { (byte)i }, 1));
        uplink.Close();

        foreach (Session.MoqtSubscription subscription in new[] { first, second })
        {
            var received = new List<byte>();
            await foreach (MoqtFrame frame in subscription.Frames.ReadFramesAsync().WithCancellation(new CancellationTokenSource(Wait).Token)) received.Add(frame.Payload.Span[0]);
            Assert.Equal(Enumerable.Range(0, 20).Select(i => (byte)i), received);
        }
    }

    private sealed class RecordingHandler : IWholeStreamHandler
    {
        public bool Accept { get; init; } = true;

        public List<byte[]> Taken { get; } = [];

        public int Announced { get; private set; }

        public bool TryReceiveWholeUnidirectionalStream(ReadOnlySpan<byte> data)
        {
            if (!Accept) return false;
            Taken.Add(data.ToArray());
            return true;
        }

        public void OnUnidirectionalStreamAnnounced() => Announced++;
    }

    /// <summary>A link whose first send does not complete until released; counts what it sent.</summary>
    private sealed class GatedLink : IFrameLink
    {
        private readonly TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _sent;
        private int _expected = int.MaxValue;

        /// <summary>The last byte of each message sent (the payload's tag in these tests), in order.</summary>
        public List<byte> LastBytes { get; } = [];

        public void Release() => _gate.TrySetResult();

        public Task AllSent(int count)
        {
            Volatile.Write(ref _expected, count);
            if (Volatile.Read(ref _sent) >= count) _done.TrySetResult();
            return _done.Task;
        }

        public async ValueTask SendAsync(ReadOnlyMemory<byte> message, CancellationToken cancellationToken)
        {
            await _gate.Task.ConfigureAwait(false);
            lock (LastBytes) LastBytes.Add(message.Span[^1]);
            if (Interlocked.Increment(ref _sent) >= Volatile.Read(ref _expected)) _done.TrySetResult();
        }

        public ValueTask<bool> ReceiveAsync(IBufferWriter<byte> destination, CancellationToken cancellationToken) => ValueTask.FromResult(false);

        public ValueTask CloseAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
