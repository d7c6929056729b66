using ClutchCall.Moqt.Coding;
using ClutchCall.Moqt.Messages;
using ClutchCall.Moqt.Model;
using ClutchCall.Moqt.Session;
using ClutchCall.Moqt.Transport;
using ClutchCall.Moqt.Transport.Mux;

namespace ClutchCall.Moqt.Tests;

public sealed class SessionTests
{
    private static readonly TrackNamespace Voice = new("voice", "CA42");
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task ServerPublishes_ClientSubscribes_FramesAndTimestampsArriveInOrder()
    {
        var origin = new MoqtOrigin();
        TrackProducer downlink = origin.GetOrCreate(Voice).GetOrCreateTrack("downlink");
        // A burst of 20 frames at once: queues deep enough that none is dropped as stale.
        var deep = new MoqtSessionOptions { SubscriberQueueCapacity = 32 };
        await using SessionPair pair = await SessionPair.CreateAsync(serverOrigin: origin, serverOptions: deep, clientOptions: deep);
        Assert.Equal(MoqtVersion.Draft14, pair.Client.Version);

        MoqtSubscription subscription = await pair.Client.SubscribeAsync(Voice, "downlink");
        Assert.Equal(subscription.RequestId, subscription.TrackAlias);
        for (int i = 0; i < 20; i++) downlink.WriteFrame(new MoqtFrame(AudioPatterns.Downlink(i), 1_000_000UL + (ulong)i * 20_000));

        int n = 0;
        await foreach (MoqtFrame frame in subscription.Frames.ReadFramesAsync().WithCancellation(new CancellationTokenSource(Wait).Token))
        {
            Assert.Equal(AudioPatterns.Downlink(n), frame.Payload.ToArray());
            Assert.Equal(1_000_000UL + (ulong)n * 20_000, frame.CaptureTimestampMicros);
            if (++n == 20) break;
        }
    }

    [Fact]
    public async Task ClientPublishesNamespace_ServerSubscribesToUplink()
    {
        var clientOrigin = new MoqtOrigin();
        TrackProducer uplink = clientOrigin.GetOrCreate(Voice).GetOrCreateTrack("uplink");
        await using SessionPair pair = await SessionPair.CreateAsync(clientOrigin: clientOrigin);

        Task announce = pair.Client.PublishNamespaceAsync(Voice);
        IncomingNamespace? incoming = await pair.Server.AcceptNamespaceAsync().AsTask().WaitAsync(Wait);
        Assert.Equal(Voice, incoming!.Namespace);
        await incoming.AcceptAsync();
        await announce.WaitAsync(Wait);

        MoqtSubscription subscription = await pair.Server.SubscribeAsync(Voice, "uplink", new SubscribeRequest { DeliveryTimeout = TimeSpan.FromSeconds(1) });
        Assert.Equal(1UL, subscription.RequestId); // the server's first request id is odd
        for (int i = 0; i < 5; i++) uplink.WriteFrame(new MoqtFrame(AudioPatterns.Uplink(i)));
        uplink.Close();

        var received = new List<byte[]>();
        await foreach (MoqtFrame frame in subscription.Frames.ReadFramesAsync().WithCancellation(new CancellationTokenSource(Wait).Token)) received.Add(frame.Payload.ToArray());
        Assert.Equal(Enumerable.Range(0, 5).Select(AudioPatterns.Uplink), received);
        Assert.Equal(PublishDoneStatus.TrackEnded, subscription.Done?.StatusCode);
    }

    [Fact]
    public async Task SlowSubscriber_LosesTheOldestGroups_NotTheNewest()
    {
        var producer = new TrackProducer("downlink");
        TrackConsumer consumer = producer.Subscribe(capacity: 4);
        for (int i = 0; i < 10; i++) producer.WriteFrame(new MoqtFrame(AudioPatterns.Downlink(i)));
        producer.Close();
        var got = new List<int>();
        await foreach (MoqtFrame f in consumer.ReadFramesAsync()) got.Add(AudioPatterns.IndexOf(f.Payload.Span));
        Assert.Equal([6, 7, 8, 9], got);
    }

    [Fact]
    public async Task NamespaceBookkeeping_FollowsDoneAndCancel()
    {
        await using SessionPair pair = await SessionPair.CreateAsync();
        var other = new TrackNamespace("voice", "CA43");
        foreach (TrackNamespace ns in (TrackNamespace[])[Voice, other])
        {
            Task announce = pair.Client.PublishNamespaceAsync(ns);
            await (await pair.Server.AcceptNamespaceAsync())!.AcceptAsync();
            await announce.WaitAsync(Wait);
        }

        Assert.Equal(2, pair.Client.LocalNamespaces.Count);
        Assert.Equal(2, pair.Server.PeerNamespaces.Count);
        await pair.Client.PublishNamespaceDoneAsync(Voice);
        await WaitUntilAsync(() => pair.Server.PeerNamespaces.Count == 1);
        await pair.Server.CancelNamespaceAsync(other, 0, "call moved");
        await WaitUntilAsync(() => pair.Client.LocalNamespaces.Count == 0);
        Assert.Empty(pair.Server.PeerNamespaces);
    }

    [Fact]
    public async Task RefusedNamespace_ReachesThePublisherAsAnError()
    {
        await using SessionPair pair = await SessionPair.CreateAsync();
        Task announce = pair.Client.PublishNamespaceAsync(Voice);
        IncomingNamespace? incoming = await pair.Server.AcceptNamespaceAsync().AsTask().WaitAsync(Wait);
        await incoming!.RejectAsync(1, "wrong sid");
        var error = await Assert.ThrowsAsync<MoqtRequestException>(() => announce.WaitAsync(Wait));
        Assert.Equal(1UL, error.ErrorCode);
    }

    [Fact]
    public async Task UnknownTrack_IsRefusedWithTrackDoesNotExist()
    {
        await using SessionPair pair = await SessionPair.CreateAsync();
        var error = await Assert.ThrowsAsync<MoqtRequestException>(() => pair.Client.SubscribeAsync(Voice, "nope"));
        Assert.Equal(SubscribeErrorCode.TrackDoesNotExist, error.ErrorCode);
    }

    [Fact]
    public async Task TwoSubscribers_OnOneTrack_BothGetEveryFrame()
    {
        var origin = new MoqtOrigin();
        TrackProducer uplink = origin.GetOrCreate(Voice).GetOrCreateTrack("uplink");
        await using SessionPair agent = await SessionPair.CreateAsync(serverOrigin: origin);
        await using SessionPair recorder = await SessionPair.CreateAsync(serverOrigin: origin);
        MoqtSubscription a = await agent.Client.SubscribeAsync(Voice, "uplink");
        MoqtSubscription b = await recorder.Client.SubscribeAsync(Voice, "uplink");
        Assert.Equal(2, uplink.ConsumerCount);
        for (int i = 0; i < 3; i++) uplink.WriteFrame(new MoqtFrame(AudioPatterns.Uplink(i)));
        uplink.Close();
        foreach (MoqtSubscription s in (MoqtSubscription[])[a, b])
        {
            var got = new List<byte[]>();
            await foreach (MoqtFrame f in s.Frames.ReadFramesAsync().WithCancellation(new CancellationTokenSource(Wait).Token)) got.Add(f.Payload.ToArray());
            Assert.Equal(3, got.Count);
        }
    }

    [Fact]
    public async Task Unsubscribe_StopsServingTheTrack()
    {
        var origin = new MoqtOrigin();
        TrackProducer downlink = origin.GetOrCreate(Voice).GetOrCreateTrack("downlink");
        await using SessionPair pair = await SessionPair.CreateAsync(serverOrigin: origin);
        MoqtSubscription subscription = await pair.Client.SubscribeAsync(Voice, "downlink");
        Assert.Equal(1, downlink.ConsumerCount);
        await subscription.UnsubscribeAsync();
        await WaitUntilAsync(() => downlink.ConsumerCount == 0 && pair.Server.ServedSubscriptionCount == 0);
    }

    [Fact]
    public async Task StaleFrames_AreDroppedByTheDeliveryTimeout()
    {
        var time = new ManualTimeProvider(DateTimeOffset.UnixEpoch.AddDays(20000));
        var origin = new MoqtOrigin();
        TrackProducer downlink = origin.GetOrCreate(Voice).GetOrCreateTrack("downlink");
        await using SessionPair pair = await SessionPair.CreateAsync(serverOrigin: origin, serverTime: time);
        MoqtSubscription subscription = await pair.Client.SubscribeAsync(Voice, "downlink", new SubscribeRequest { DeliveryTimeout = TimeSpan.FromMilliseconds(100) });

        ulong now = MoqtFrame.ToMicros(time.GetUtcNow());
        downlink.WriteFrame(new MoqtFrame(AudioPatterns.Downlink(0), now - 500_000)); // captured 500 ms ago: stale
        downlink.WriteFrame(new MoqtFrame(AudioPatterns.Downlink(1), now - 50_000));  // 50 ms: fresh
        downlink.Close();

        var got = new List<byte[]>();
        await foreach (MoqtFrame f in subscription.Frames.ReadFramesAsync().WithCancellation(new CancellationTokenSource(Wait).Token)) got.Add(f.Payload.ToArray());
        Assert.Equal([AudioPatterns.Downlink(1)], got);
    }

    [Fact]
    public async Task RequestIds_AreFlowControlledByMaxRequestId()
    {
        var origin = new MoqtOrigin();
        origin.GetOrCreate(Voice).GetOrCreateTrack("a");
        origin.GetOrCreate(Voice).GetOrCreateTrack("b");
        await using SessionPair pair = await SessionPair.CreateAsync(serverOrigin: origin, serverOptions: new MoqtSessionOptions { RequestIdWindow = 2 });
        await pair.Client.SubscribeAsync(Voice, "a"); // id 0 < 2
        using var blocked = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pair.Client.SubscribeAsync(Voice, "b", cancellationToken: blocked.Token));
    }

    [Fact]
    public async Task MalformedControlMessage_ClosesWithProtocolViolation()
    {
        var (clientTransport, serverTransport) = InMemoryFrameLink.CreateTransportPair();
        Task<MoqtSession> accept = MoqtSession.AcceptAsync(serverTransport);
        IMoqtBidiStream control = await clientTransport.OpenBidirectionalStreamAsync();
        await RawControl.SendAsync(control, RawControl.Setup());
        Assert.IsType<ServerSetup>(await RawControl.ReadAsync(control.Input));
        MoqtSession server = await accept;

        // SUBSCRIBE whose 16-bit length leaves a stray byte after the fields.
        byte[] bytes = ControlMessageCodec.EncodeToArray(new Unsubscribe(0), MoqtVersion.Draft14);
        await control.WriteAsync(new byte[] { bytes[0], 0x00, 0x02, bytes[3], 0xFF }, endStream: false);

        TransportCloseInfo closed = await server.Completion.WaitAsync(Wait);
        Assert.Equal((ulong)MoqtErrorCode.ProtocolViolation, closed.ErrorCode);
        TransportCloseInfo seenByPeer = await clientTransport.Closed.WaitAsync(Wait);
        Assert.Equal((ulong)MoqtErrorCode.ProtocolViolation, seenByPeer.ErrorCode);
        Assert.True(seenByPeer.ClosedByPeer);
    }

    [Fact]
    public async Task SkippedRequestId_ClosesWithInvalidRequestId()
    {
        var (clientTransport, serverTransport) = InMemoryFrameLink.CreateTransportPair();
        Task<MoqtSession> accept = MoqtSession.AcceptAsync(serverTransport);
        IMoqtBidiStream control = await clientTransport.OpenBidirectionalStreamAsync();
        await RawControl.SendAsync(control, RawControl.Setup());
        await RawControl.ReadAsync(control.Input);
        MoqtSession server = await accept;
        await RawControl.SendAsync(control, new PublishNamespace(4, Voice, new MoqtParameters()));
        Assert.Equal((ulong)MoqtErrorCode.InvalidRequestId, (await clientTransport.Closed.WaitAsync(Wait)).ErrorCode);
        Assert.Equal((ulong)MoqtErrorCode.InvalidRequestId, (await server.Completion.WaitAsync(Wait)).ErrorCode);
    }

    [Fact]
    public async Task NoCommonVersion_ClosesWithVersionNegotiationFailed()
    {
        var (clientTransport, serverTransport) = InMemoryFrameLink.CreateTransportPair();
        Task<MoqtSession> accept = MoqtSession.AcceptAsync(serverTransport);
        IMoqtBidiStream control = await clientTransport.OpenBidirectionalStreamAsync();
        await RawControl.SendAsync(control, RawControl.Setup(100, 0xff000007));
        var error = await Assert.ThrowsAsync<MoqtException>(() => accept);
        Assert.Equal(MoqtErrorCode.VersionNegotiationFailed, error.Code);
        Assert.Equal((ulong)MoqtErrorCode.VersionNegotiationFailed, (await clientTransport.Closed.WaitAsync(Wait)).ErrorCode);
    }

    [Fact]
    public async Task MalformedDataStream_ClosesTheSubscribersSession()
    {
        var (clientTransport, serverTransport) = InMemoryFrameLink.CreateTransportPair();
        Task<MoqtSession> connect = MoqtSession.ConnectAsync(clientTransport);
        IMoqtBidiStream control = (await serverTransport.AcceptBidirectionalStreamAsync())!;
        Assert.IsType<ClientSetup>(await RawControl.ReadAsync(control.Input));
        await RawControl.SendAsync(control, new ServerSetup(MoqtVersion.Draft14Number, new MoqtParameters().AddVarInt(SetupParameterType.MaxRequestId, 10)));
        MoqtSession client = await connect;

        Task<MoqtSubscription> subscribe = client.SubscribeAsync(Voice, "downlink");
        var request = Assert.IsType<Subscribe>(await RawControl.ReadAsync(control.Input));
        await RawControl.SendAsync(control, new SubscribeOk(request.RequestId, 9, 0, GroupOrder.Ascending, null, new MoqtParameters()));
        await subscribe.WaitAsync(Wait);

        IMoqtSendStream data = await serverTransport.OpenUnidirectionalStreamAsync();
        await data.WriteAsync(new byte[] { 0x18, 0x09, 0x00, 0x80, 0x00, 0x05, 0x02 }, endStream: true); // object claims 5 bytes, stream ends after 1
        Assert.Equal((ulong)MoqtErrorCode.ProtocolViolation, (await client.Completion.WaitAsync(Wait)).ErrorCode);
    }

    [Fact]
    public async Task ControlAndDataBytes_SplitIntoOneBytePieces_StillDecode()
    {
        var (clientTransport, serverTransport) = InMemoryFrameLink.CreateTransportPair();
        Task<MoqtSession> connect = MoqtSession.ConnectAsync(clientTransport);
        IMoqtBidiStream control = (await serverTransport.AcceptBidirectionalStreamAsync())!;
        Assert.IsType<ClientSetup>(await RawControl.ReadAsync(control.Input));
        await WriteBytewiseAsync(control, ControlMessageCodec.EncodeToArray(new ServerSetup(MoqtVersion.Draft14Number, new MoqtParameters().AddVarInt(SetupParameterType.MaxRequestId, 10)), MoqtVersion.Draft14), fin: false);
        await using MoqtSession client = await connect;

        Task<MoqtSubscription> subscribe = client.SubscribeAsync(Voice, "downlink");
        var request = Assert.IsType<Subscribe>(await RawControl.ReadAsync(control.Input));
        await WriteBytewiseAsync(control, ControlMessageCodec.EncodeToArray(new SubscribeOk(request.RequestId, 5, 0, GroupOrder.Ascending, null, new MoqtParameters()), MoqtVersion.Draft14), fin: false);
        MoqtSubscription subscription = await subscribe.WaitAsync(Wait);

        // Header 0x19 (extensions, end of group), alias 5, group 1, priority 0x80; two objects with timestamps.
        byte[] stream = Convert.FromHexString("19050180" + "00" + "0302" + "4064" + "03616263" + "00" + "0302" + "4065" + "02" + "6465");
        IMoqtSendStream data = await serverTransport.OpenUnidirectionalStreamAsync();
        await WriteBytewiseAsync(data, stream, fin: true);

        Group group = (await subscription.Frames.ReadGroupAsync().AsTask().WaitAsync(Wait))!;
        Assert.Equal(1UL, group.Sequence);
        MoqtFrame first = (await group.ReadFrameAsync(0).AsTask().WaitAsync(Wait))!.Value;
        MoqtFrame second = (await group.ReadFrameAsync(1).AsTask().WaitAsync(Wait))!.Value;
        Assert.Equal("abc"u8.ToArray(), first.Payload.ToArray());
        Assert.Equal(100UL, first.CaptureTimestampMicros);
        Assert.Equal("de"u8.ToArray(), second.Payload.ToArray());
        Assert.Equal(101UL, second.CaptureTimestampMicros);
        Assert.Null(await group.ReadFrameAsync(2).AsTask().WaitAsync(Wait));
    }

    [Fact]
    public async Task GoAway_StopsNewRequests()
    {
        await using SessionPair pair = await SessionPair.CreateAsync();
        await pair.Server.GoAwayAsync("https://gw2.example/moq");
        await WaitUntilAsync(() => pair.Client.GoAwayUri is not null);
        Assert.Equal("https://gw2.example/moq", pair.Client.GoAwayUri);
        await Assert.ThrowsAsync<InvalidOperationException>(() => pair.Client.SubscribeAsync(Voice, "downlink"));
    }

    [Fact]
    public async Task ClientGoAwayWithAUri_IsAProtocolViolation()
    {
        await using SessionPair pair = await SessionPair.CreateAsync();
        await pair.Client.GoAwayAsync("https://elsewhere");
        Assert.Equal((ulong)MoqtErrorCode.ProtocolViolation, (await pair.Server.Completion.WaitAsync(Wait)).ErrorCode);
    }

    [Fact]
    public async Task Metrics_CountObjectsAndDrops()
    {
        var time = new ManualTimeProvider(DateTimeOffset.UnixEpoch.AddDays(20000));
        using var metrics = new MoqtMetrics();
        var counts = new System.Collections.Concurrent.ConcurrentDictionary<string, long>();
        using var listener = new System.Diagnostics.Metrics.MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            // Only this session's meter: other tests run in parallel with meters of the same name.
            if (ReferenceEquals(instrument.Meter, metrics.Meter)) l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, _, _) => counts.AddOrUpdate(instrument.Name, value, (_, v) => v + value));
        listener.Start();

        var origin = new MoqtOrigin();
        TrackProducer downlink = origin.GetOrCreate(Voice).GetOrCreateTrack("downlink");
        var (clientTransport, serverTransport) = InMemoryFrameLink.CreateTransportPair();
        Task<MoqtSession> accept = MoqtSession.AcceptAsync(serverTransport, origin, time: time, metrics: metrics);
        await using MoqtSession client = await MoqtSession.ConnectAsync(clientTransport);
        await using MoqtSession server = await accept;
        MoqtSubscription subscription = await client.SubscribeAsync(Voice, "downlink", new SubscribeRequest { DeliveryTimeout = TimeSpan.FromMilliseconds(100) });
        ulong now = MoqtFrame.ToMicros(time.GetUtcNow());
        downlink.WriteFrame(new MoqtFrame(AudioPatterns.Downlink(0), now - 1_000_000));
        downlink.WriteFrame(new MoqtFrame(AudioPatterns.Downlink(1), now));
        downlink.Close();
        await foreach (MoqtFrame _ in subscription.Frames.ReadFramesAsync().WithCancellation(new CancellationTokenSource(Wait).Token))
        {
        }

        Assert.Equal(1, counts.GetValueOrDefault("clutchcall.moqt.objects.sent"));
        Assert.Equal(1, counts.GetValueOrDefault("clutchcall.moqt.objects.dropped"));
        Assert.Equal(1, counts.GetValueOrDefault("clutchcall.moqt.sessions.active"));
    }

    private static async Task WriteBytewiseAsync(IMoqtSendStream stream, byte[] bytes, bool fin)
    {
        for (int i = 0; i < bytes.Length; i++) await stream.WriteAsync(bytes.AsMemory(i, 1), endStream: fin && i == bytes.Length - 1);
    }

    [Fact]
    public async Task ReusedTrackAlias_ClosesWithDuplicateTrackAlias()
    {
        var (clientTransport, serverTransport) = InMemoryFrameLink.CreateTransportPair();
        Task<MoqtSession> connect = MoqtSession.ConnectAsync(clientTransport);
        IMoqtBidiStream control = (await serverTransport.AcceptBidirectionalStreamAsync())!;
        await RawControl.ReadAsync(control.Input);
        await RawControl.SendAsync(control, new ServerSetup(MoqtVersion.Draft14Number, new MoqtParameters().AddVarInt(SetupParameterType.MaxRequestId, 10)));
        await using MoqtSession client = await connect;

        Task<MoqtSubscription> first = client.SubscribeAsync(Voice, "uplink");
        var a = (Subscribe)await RawControl.ReadAsync(control.Input);
        await RawControl.SendAsync(control, new SubscribeOk(a.RequestId, 7, 0, GroupOrder.Ascending, null, new MoqtParameters()));
        await first.WaitAsync(Wait);
        _ = client.SubscribeAsync(Voice, "downlink");
        var b = (Subscribe)await RawControl.ReadAsync(control.Input);
        await RawControl.SendAsync(control, new SubscribeOk(b.RequestId, 7, 0, GroupOrder.Ascending, null, new MoqtParameters()));
        Assert.Equal((ulong)MoqtErrorCode.DuplicateTrackAlias, (await client.Completion.WaitAsync(Wait)).ErrorCode);
    }

    [Fact]
    public async Task SetupParametersOfTheClient_ArePreservedForTheServer()
    {
        var (clientTransport, serverTransport) = InMemoryFrameLink.CreateTransportPair();
        Task<MoqtSession> accept = MoqtSession.AcceptAsync(serverTransport);
        byte[] token = AuthorizationToken.CreateUseValue(0, "bridge-token"u8);
        await using MoqtSession client = await MoqtSession.ConnectAsync(clientTransport, options: new MoqtSessionOptions { Path = "/moq?sid=CA42", AuthorizationToken = token });
        await using MoqtSession server = await accept;
        Assert.Equal("/moq?sid=CA42", server.PeerClientSetup!.Path);
        Assert.True(AuthorizationToken.TryParseUseValue(server.PeerClientSetup.AuthorizationToken!.Value.Span, out ulong type, out ReadOnlySpan<byte> value));
        Assert.Equal(0UL, type);
        Assert.Equal("bridge-token"u8.ToArray(), value.ToArray());
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(Wait);
        while (!condition()) await Task.Delay(10, timeout.Token);
    }
}
