using System.Buffers;
using System.IO.Pipelines;
using ClutchCall.Moqt.Model;
using ClutchCall.Moqt.Transport;
using ClutchCall.Moqt.Transport.Mux;

namespace ClutchCall.Moqt.Tests;

/// <summary>The per-frame shortcuts of the audio path: complete groups and streams announced with their data.</summary>
public sealed class FramePathTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task WriteFrame_PublishesOneClosedGroupPerFrameInSequence()
    {
        var track = new TrackProducer("downlink");
        using TrackConsumer consumer = track.Subscribe();
        track.WriteFrame(new MoqtFrame(new byte[] { 1, 2, 3 }, 42));
        track.WriteFrame(new MoqtFrame(new byte[] { 4 }, 43));

        Group? first = await consumer.ReadGroupAsync().AsTask().WaitAsync(Wait);
        Group? second = await consumer.ReadGroupAsync().AsTask().WaitAsync(Wait);
        Assert.NotNull(first);
        Assert.NotNull(second);
        Assert.True(first.IsClosed);
        Assert.Equal(1, first.Count);
        Assert.Equal(new ulong[] { 0, 1 }, new[] { first.Sequence, second.Sequence });
        Assert.True(first.TryGetFrame(0, out MoqtFrame frame, out _));
        Assert.Equal(42UL, frame.CaptureTimestampMicros);
        Assert.False(first.TryGetFrame(1, out _, out bool ended));
        Assert.True(ended);
    }

    [Fact]
    public void TryAddGroup_RefusesOlderSequenceAndOffersNewer()
    {
        var track = new TrackProducer("uplink");
        using TrackConsumer consumer = track.Subscribe();
        var five = new Group(5);
        five.Append(new MoqtFrame(new byte[] { 9 }, 1));
        five.Close();
        Assert.True(track.TryAddGroup(five));
        Assert.False(track.TryAddGroup(new Group(4)));
        Assert.True(track.TryAddGroup(new Group(6)));
        track.Close();
        Assert.Throws<InvalidOperationException>(() => track.TryAddGroup(new Group(7)));
    }

    [Fact]
    public async Task PeerStream_IsAnnouncedWithItsFirstFrameAlreadyReadable()
    {
        var (client, server) = InMemoryFrameLink.CreateTransportPair();
        IMoqtSendStream send = await client.OpenUnidirectionalStreamAsync();
        await send.WriteAsync(new byte[] { 7, 8, 9 }, endStream: true);

        IMoqtReceiveStream? received = await server.AcceptUnidirectionalStreamAsync().AsTask().WaitAsync(Wait);
        Assert.NotNull(received);

        // No wait: the data and the end of the stream were in the pipe before the stream was handed out.
        Assert.True(received.Input.TryRead(out ReadResult result));
        Assert.Equal(new byte[] { 7, 8, 9 }, result.Buffer.ToArray());
        Assert.True(result.IsCompleted);
        received.Input.AdvanceTo(result.Buffer.End);
        await client.DisposeAsync();
        await server.DisposeAsync();
    }
}
