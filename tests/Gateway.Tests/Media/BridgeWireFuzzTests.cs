using System.Text.Json;
using ClutchCall.Gateway.Media;
using ClutchCall.Media;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace ClutchCall.Gateway.Tests.Media;

/// <summary>Seeded fuzz loops over what a bridge client controls: the format query and the channel framing.</summary>
public sealed class BridgeWireFuzzTests
{
    private static readonly string[] Names = ["codec", "sampleRate", "channels", "frameMs", "x"];
    private static readonly string[] Values = ["opus", "pcm16", "g711_ulaw", "g711_alaw", "OPUS", "", "0", "1", "2", "8000", "16000", "48000", "44100", "20", "10", "-1", "+5", "99999999999", "1e3", " 20", "\u00e9"];

    [Fact]
    public void Any_format_query_gives_a_valid_format_or_an_error_never_an_exception()
    {
        var random = new Random(6);
        for (var i = 0; i < 5000; i++)
        {
            var query = new Dictionary<string, StringValues>();
            for (var k = random.Next(5); k > 0; k--)
            {
                query[Names[random.Next(Names.Length)]] = random.Next(4) == 0 ? RandomText(random) : Values[random.Next(Values.Length)];
            }

            var (format, error) = BridgeFormat.FromQuery(new QueryCollection(query));

            Assert.True(format is null != (error is null), $"exactly one of format or error, for {string.Join('&', query)}");
            if (format is not null)
            {
                Assert.Null(AudioFormat.Validate(format.Codec, format.SampleRate, format.Channels, format.FrameMs));
                using var json = JsonDocument.Parse(BridgeFormat.ToMetadata(format));
                Assert.Equal(format.Codec.ToWireName(), json.RootElement.GetProperty("codec").GetString());
                Assert.Equal(format.SampleRate, json.RootElement.GetProperty("sampleRate").GetInt32());
                Assert.Equal(format.Channels, json.RootElement.GetProperty("channels").GetInt32());
                Assert.Equal(format.FrameMs, json.RootElement.GetProperty("frameMs").GetInt32());
            }
        }
    }

    [Fact]
    public void G711_alone_defaults_to_8k_and_nothing_gives_the_opus_default()
    {
        Assert.Equal(AudioFormat.Default, BridgeFormat.FromQuery(new QueryCollection()).Format);
        Assert.Equal(AudioFormat.G711Ulaw8k, BridgeFormat.FromQuery(new QueryCollection(new Dictionary<string, StringValues> { ["codec"] = "g711_ulaw" })).Format);
    }

    [Fact]
    public void Channel_frames_round_trip_and_short_ones_are_refused()
    {
        var random = new Random(8);
        for (var i = 0; i < 2000; i++)
        {
            var payload = new byte[random.Next(0, 400)];
            random.NextBytes(payload);
            var micros = (ulong)random.NextInt64();

            Assert.True(BridgeFrames.TryFromChannel(BridgeFrames.ToChannel(payload, micros), out var frame));
            Assert.Equal(micros, frame.CaptureTimestampMicros);
            Assert.Equal(payload, frame.Payload.ToArray());
        }
        for (var n = 0; n < BridgeFrames.HeaderLength; n++)
        {
            Assert.False(BridgeFrames.TryFromChannel(new byte[n], out _));
        }
    }

    private static string RandomText(Random random)
    {
        var chars = new char[random.Next(0, 12)];
        for (var i = 0; i < chars.Length; i++)
        {
            chars[i] = (char)random.Next(32, 0x3000);
        }
        return new string(chars);
    }
}
