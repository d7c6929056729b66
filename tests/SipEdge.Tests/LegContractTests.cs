using ClutchCall.Gateway.Sip;
using ClutchCall.Grains.Call;
using ClutchCall.Grains.Interfaces;
using ClutchCall.Grains.Legs;
using EdgeKind = ClutchCall.Gateway.Sip.LegFrameKind;
using GrainKind = ClutchCall.Grains.Legs.LegFrameKind;

namespace ClutchCall.SipEdge.Tests;

/// <summary>The grain's and the edge's copies of the leg channel codec must agree byte for byte; the edge parser survives garbage.</summary>
public sealed class LegContractTests
{
    [Fact]
    public void Audio_frames_are_the_same_bytes_on_both_sides()
    {
        var payload = Enumerable.Range(0, 160).Select(i => (byte)i).ToArray();
        var grain = LegFrames.Audio(1_234_567_890_123, payload);
        Assert.Equal(grain, SipLegWire.Audio(1_234_567_890_123, payload));
        Assert.True(SipLegWire.TryParse(grain, out var kind, out var body));
        Assert.Equal(EdgeKind.Audio, kind);
        Assert.Equal(payload, body.ToArray());
        Assert.True(LegFrames.TryParseAudio(grain, out var ts, out var parsed));
        Assert.Equal(1_234_567_890_123, ts);
        Assert.Equal(payload, parsed.ToArray());
    }

    [Theory]
    [InlineData(LegAction.Hangup, null, "Hangup")]
    [InlineData(LegAction.Cancel, null, "Cancel")]
    [InlineData(LegAction.Reject, null, "Reject")]
    [InlineData(LegAction.Answer, null, "Answer")]
    [InlineData(LegAction.Refer, "+15557654321", "Refer")]
    [InlineData(LegAction.SendDigits, "42#", "SendDigits")]
    public void Every_control_frame_the_grain_sends_is_understood_by_the_edge(LegAction action, string? argument, string kindName)
    {
        var expected = Enum.Parse<EdgeKind>(kindName);
        var frame = LegFrames.Control(new LegCommand(action, argument));
        Assert.True(SipLegWire.TryParse(frame, out var kind, out var body));
        Assert.Equal(expected, kind);
        Assert.Equal(argument ?? "", SipLegWire.Argument(body));
        Assert.False(LegFrames.TryParseAudio(frame, out _, out _));
    }

    [Fact]
    public void Both_sides_number_the_frame_kinds_alike()
    {
        Assert.Equal(Enum.GetNames<GrainKind>(), Enum.GetNames<EdgeKind>());
        Assert.All(Enum.GetNames<GrainKind>(), n => Assert.Equal((byte)Enum.Parse<GrainKind>(n), (byte)Enum.Parse<EdgeKind>(n)));
    }

    [Fact]
    public void The_edge_parser_never_throws_on_random_frames()
    {
        var random = new Random(5060);
        for (var i = 0; i < 20_000; i++)
        {
            var frame = new byte[random.Next(0, 40)];
            random.NextBytes(frame);
            if (SipLegWire.TryParse(frame, out var kind, out var body))
            {
                Assert.True(Enum.IsDefined(kind));
                Assert.True(kind != EdgeKind.Audio || body.Length == frame.Length - SipLegWire.AudioHeaderBytes);
                _ = SipLegWire.Argument(body);
            }
            else
            {
                Assert.True(frame.Length == 0 || !Enum.IsDefined((EdgeKind)frame[0]) || (frame[0] == 1 && frame.Length < 9));
            }
            _ = LegFrames.TryParseAudio(frame, out _, out _);
        }
    }

    [Fact]
    public void The_grain_reads_the_metadata_the_edge_writes()
    {
        var format = new Media.AudioFormat(Media.AudioCodec.G711Alaw, 8000);
        var leg = LegMetadata.Parse(SipLegWire.Metadata("outbound", format), out var error);
        Assert.Null(error);
        Assert.Equal("outbound", leg!.Direction);
        Assert.Equal(format, LegMetadata.ToAudioFormat(leg.Format!, out _));
        Assert.Null(LegMetadata.Parse(SipLegWire.Metadata("inbound", null), out _)!.Format);
        Assert.Null(LegMetadata.Parse("""{"direction":"sideways"}"""u8, out error));
        Assert.NotNull(error);
        Assert.Null(LegMetadata.Parse("""{"direction":"inbound","format":{"codec":"g729","sampleRate":8000,"channels":1,"frameMs":20}}"""u8, out error));
        Assert.Contains("g729", error);
        Assert.Null(LegMetadata.Parse("not json"u8, out error));
    }
}
