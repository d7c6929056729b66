using ClutchCall.Moqt.Audio;
using ClutchCall.Moqt.Model;
using ClutchCall.Moqt.Session;

namespace ClutchCall.Moqt.Tests;

public sealed class AudioMappingTests
{
    [Fact]
    public async Task EachFrame_IsOneGroupWithOneObject_StampedWithItsCaptureTime()
    {
        var time = new ManualTimeProvider(DateTimeOffset.UnixEpoch.AddDays(20000));
        var origin = new MoqtOrigin();
        var writer = new AudioFrameWriter(origin.GetOrCreate(VoiceTracks.Namespace("CA9")).GetOrCreateTrack(VoiceTracks.Downlink), time);
        await using SessionPair pair = await SessionPair.CreateAsync(serverOrigin: origin, serverTime: time);
        MoqtSubscription subscription = await pair.Client.SubscribeAsync(VoiceTracks.Namespace("CA9"), VoiceTracks.Downlink);

        ulong first = writer.Write(AudioPatterns.Downlink(0));
        time.Advance(VoiceTracks.FrameDuration);
        ulong second = writer.Write(AudioPatterns.Downlink(1));
        writer.Close();
        Assert.Equal(first + 1, second);

        var groups = new List<Group>();
        while (await subscription.Frames.ReadGroupAsync() is { } group) groups.Add(group);
        Assert.Equal(2, groups.Count);
        Assert.All(groups, g => Assert.Equal(1, g.Count));
        Assert.Equal(20_000UL, (await groups[1].ReadFrameAsync(0))!.Value.CaptureTimestampMicros - (await groups[0].ReadFrameAsync(0))!.Value.CaptureTimestampMicros);
    }

    [Fact]
    public async Task Reader_DropsFramesOlderThanTheDeliveryTimeout()
    {
        var time = new ManualTimeProvider(DateTimeOffset.UnixEpoch.AddDays(20000));
        var track = new TrackProducer(VoiceTracks.Uplink);
        var reader = new AudioFrameReader(track.Subscribe(), TimeSpan.FromMilliseconds(100), time);
        var writer = new AudioFrameWriter(track, time);
        writer.Write(AudioPatterns.Uplink(0), time.GetUtcNow() - TimeSpan.FromMilliseconds(300));
        writer.Write(AudioPatterns.Uplink(1));
        writer.Close();
        var got = new List<byte[]>();
        await foreach (MoqtFrame f in reader.ReadAsync()) got.Add(f.Payload.ToArray());
        Assert.Equal([AudioPatterns.Uplink(1)], got);
        Assert.Equal(1, reader.Dropped);
    }

    [Fact]
    public void CaptureTimestamps_RoundTripThroughMicroseconds()
    {
        var at = new DateTimeOffset(2026, 11, 22, 1, 2, 3, TimeSpan.Zero).AddTicks(12340);
        Assert.Equal(at, MoqtFrame.FromMicros(MoqtFrame.ToMicros(at)));
    }
}
