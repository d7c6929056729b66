using System.Text;
using ClutchCall.Grains.Media;
using ClutchCall.Media;

namespace ClutchCall.Grains.Tests.Media;

public sealed class BridgeChannelsTests
{
    private static AudioFormat? Parse(string json, out string? error) => BridgeChannels.ParseFormat(Encoding.UTF8.GetBytes(json), out error);

    [Theory]
    [InlineData("", "opus/48000/1ch/20ms")]
    [InlineData("{}", "opus/48000/1ch/20ms")]
    [InlineData("{\"codec\":\"opus\",\"sampleRate\":48000,\"channels\":1,\"frameMs\":20}", "opus/48000/1ch/20ms")]
    [InlineData("{\"codec\":\"pcm16\",\"sampleRate\":16000}", "pcm16/16000/1ch/20ms")]
    [InlineData("{\"codec\":\"g711_ulaw\"}", "g711_ulaw/8000/1ch/20ms")]
    [InlineData("{\"codec\":\"g711_alaw\",\"frameMs\":40,\"extra\":true}", "g711_alaw/8000/1ch/40ms")]
    [InlineData("{\"codec\":\"opus\",\"channels\":2}", "opus/48000/2ch/20ms")]
    public void Valid_formats_and_defaults(string json, string expected)
    {
        Assert.Equal(expected, Parse(json, out var error)?.ToString());
        Assert.Null(error);
    }

    [Theory]
    [InlineData("{\"codec\":\"mp3\"}", "codec \"mp3\"")]
    [InlineData("{\"codec\":\"OPUS\"}", "codec \"OPUS\"")]
    [InlineData("{\"codec\":\"pcm16\",\"sampleRate\":44100}", "sampleRate 44100")]
    [InlineData("{\"codec\":\"g711_ulaw\",\"sampleRate\":16000}", "runs at 8000 Hz only")]
    [InlineData("{\"frameMs\":25}", "frameMs 25")]
    [InlineData("{\"channels\":\"1\"}", "channels must be an integer")]
    [InlineData("[1]", "JSON object")]
    [InlineData("{\"codec\":", "not valid JSON")]
    public void Invalid_formats_are_refused_with_the_reason(string json, string reason)
    {
        Assert.Null(Parse(json, out var error));
        Assert.Contains(reason, error);
    }

    [Fact]
    public void Only_the_two_bridge_names_are_channels()
    {
        Assert.True(BridgeChannels.TryParseRole("bridge:attach", out var attach));
        Assert.True(BridgeChannels.TryParseRole("bridge:caller", out var caller));
        Assert.Equal((BridgeRole.Attach, BridgeRole.Caller), (attach, caller));
        Assert.False(BridgeChannels.TryParseRole("uplink", out _));
        Assert.False(BridgeChannels.TryParseRole("leg:caller", out _));
    }

    [Fact]
    public void Frames_carry_a_little_endian_microsecond_timestamp()
    {
        var frame = MediaFrames.Build(0x0102030405060708, [9, 10]);
        Assert.Equal(new byte[] { 8, 7, 6, 5, 4, 3, 2, 1, 9, 10 }, frame);
        Assert.True(MediaFrames.TryParse(frame, out var ts, out var payload));
        Assert.Equal(0x0102030405060708, ts);
        Assert.Equal(new byte[] { 9, 10 }, payload.ToArray());
        Assert.False(MediaFrames.TryParse(new byte[7], out _, out _));
    }
}
