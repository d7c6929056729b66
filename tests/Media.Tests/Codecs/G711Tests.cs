using ClutchCall.Media.Codecs;
using ClutchCall.Media.Tests.Support;

namespace ClutchCall.Media.Tests.Codecs;

public sealed class G711Tests
{
    [Fact]
    public void Decoded_codes_re_encode_to_themselves()
    {
        // Reconstruction levels lie inside their own decision interval: decode then encode is the identity,
        // except for mu-law's two zero codes (0x7F is "negative zero") which both decode to 0.
        var codes = Enumerable.Range(0, 256).Select(i => (byte)i).ToArray();
        var pcm = new short[256];
        var again = new byte[256];

        G711.DecodeALaw(codes, pcm);
        G711.EncodeALaw(pcm, again);
        Assert.Equal(codes, again);

        G711.DecodeMuLaw(codes, pcm);
        G711.EncodeMuLaw(pcm, again);
        for (int i = 0; i < 256; i++)
        {
            Assert.Equal(i == 0x7F ? 0xFF : i, again[i]);
        }
    }

    [Theory]
    [InlineData(0, 0xFF, 0xD5)]
    [InlineData(32767, 0x80, 0xAA)]
    [InlineData(-32768, 0x00, 0x2A)]
    public void Known_code_points(short sample, byte muLaw, byte aLaw)
    {
        Assert.Equal(muLaw, G711.LinearToMuLaw(sample));
        Assert.Equal(aLaw, G711.LinearToALaw(sample));
    }

    [Fact]
    public void Short_destination_is_rejected()
    {
        var ex = Assert.Throws<ArgumentException>(() => G711.EncodeMuLaw(new short[160], new byte[80]));
        Assert.Contains("160", ex.Message);
    }

    [Theory]
    [InlineData(AudioCodec.G711Ulaw)]
    [InlineData(AudioCodec.G711Alaw)]
    public void Speech_like_round_trip_keeps_snr_above_30_db(AudioCodec codec)
    {
        short[] signal = Signals.SpeechLike(8000, 2);
        var format = new AudioFormat(codec, 8000);
        using var g711 = new G711Codec(format);
        var encoded = new byte[signal.Length];
        var decoded = new short[signal.Length];
        g711.Encode(signal, encoded);
        g711.Decode(encoded, decoded);

        Assert.True(Measure.SnrDb(signal, decoded) > 30, $"SNR {Measure.SnrDb(signal, decoded):F1} dB");
    }

    [Fact]
    public void Empty_packet_conceals_by_fading_the_last_frame()
    {
        var format = new AudioFormat(AudioCodec.G711Ulaw, 8000);
        using var codec = new G711Codec(format);
        short[] tone = Signals.Tone(8000, 440, 0.02);
        var encoded = new byte[160];
        var pcm = new short[160];
        codec.Encode(tone, encoded);
        codec.Decode(encoded, pcm);
        double level = Measure.Rms(pcm);

        var concealed = new short[160];
        Assert.Equal(160, codec.Decode(ReadOnlySpan<byte>.Empty, concealed));
        double first = Measure.Rms(concealed);
        Assert.InRange(first, level * 0.4, level * 0.6);

        for (int i = 0; i < 5; i++)
        {
            codec.Decode(ReadOnlySpan<byte>.Empty, concealed);
        }

        Assert.Equal(0, Measure.Rms(concealed));
    }
}
