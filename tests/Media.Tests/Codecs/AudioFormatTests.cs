using System.Text.Json;

namespace ClutchCall.Media.Tests.Codecs;

public sealed class AudioFormatTests
{
    [Theory]
    [InlineData(AudioCodec.Opus, "opus")]
    [InlineData(AudioCodec.Pcm16, "pcm16")]
    [InlineData(AudioCodec.G711Ulaw, "g711_ulaw")]
    [InlineData(AudioCodec.G711Alaw, "g711_alaw")]
    public void Wire_names_round_trip(AudioCodec codec, string wire)
    {
        Assert.Equal(wire, codec.ToWireName());
        Assert.Equal(codec, AudioCodecNames.Parse(wire));
    }

    [Theory]
    [InlineData("OPUS")]
    [InlineData("pcmu")]
    [InlineData("")]
    public void Unknown_wire_names_are_rejected(string wire)
    {
        Assert.False(AudioCodecNames.TryParse(wire, out _));
        var ex = Assert.Throws<FormatException>(() => AudioCodecNames.Parse(wire));
        Assert.Contains("g711_ulaw", ex.Message);
    }

    [Fact]
    public void Default_matches_the_sdk_defaults()
    {
        var format = AudioFormat.Default;
        Assert.Equal((AudioCodec.Opus, 48000, 1, 20), (format.Codec, format.SampleRate, format.Channels, format.FrameMs));
        Assert.Equal(960, format.SamplesPerFrame);
    }

    [Theory]
    [InlineData(AudioCodec.Pcm16, 44100, 1, 20, "sampleRate")]
    [InlineData(AudioCodec.Pcm16, 16000, 3, 20, "channels")]
    [InlineData(AudioCodec.Pcm16, 16000, 1, 30, "frameMs")]
    [InlineData(AudioCodec.G711Ulaw, 16000, 1, 20, "8000")]
    [InlineData((AudioCodec)42, 16000, 1, 20, "codec")]
    public void Invalid_formats_name_the_bad_field(AudioCodec codec, int rate, int channels, int frameMs, string mention)
    {
        var ex = Assert.Throws<ArgumentException>(() => new AudioFormat(codec, rate, channels, frameMs));
        Assert.Contains(mention, ex.Message);
    }

    [Fact]
    public void Stereo_frame_sizes_count_all_channels()
    {
        var format = new AudioFormat(AudioCodec.Pcm16, 24000, 2, 60);
        Assert.Equal(1440, format.SamplesPerChannel);
        Assert.Equal(2880, format.SamplesPerFrame);
        Assert.Equal("pcm16/24000/2ch/60ms", format.ToString());
    }

    [Fact]
    public void Json_uses_wire_names_and_validates_on_the_way_in()
    {
        var web = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        string json = JsonSerializer.Serialize(new AudioFormat(AudioCodec.G711Alaw, 8000), web);
        Assert.Contains("\"codec\":\"g711_alaw\"", json);
        Assert.Equal(new AudioFormat(AudioCodec.G711Alaw, 8000), JsonSerializer.Deserialize<AudioFormat>(json, web));

        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<AudioFormat>("{\"codec\":\"mp3\",\"sampleRate\":8000}", web));
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<AudioFormat>("{\"codec\":3,\"sampleRate\":8000}", web));
        Assert.Throws<ArgumentException>(() => JsonSerializer.Deserialize<AudioFormat>("{\"codec\":\"pcm16\",\"sampleRate\":44100}", web));
    }
}
