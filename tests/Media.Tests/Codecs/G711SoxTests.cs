using ClutchCall.Media.Codecs;
using ClutchCall.Media.Tests.Support;
using ClutchCall.Media.Wav;

namespace ClutchCall.Media.Tests.Codecs;

/// <summary>G.711 must match sox byte for byte: every 16-bit input value, every code, and real speech.</summary>
public sealed class G711SoxTests(SpeechFixture speech) : IClassFixture<SpeechFixture>, IDisposable
{
    private readonly string _dir = ExternalTools.TempDirectory();

    [Theory]
    [InlineData("u-law")]
    [InlineData("a-law")]
    public void Encoding_every_16_bit_value_matches_sox(string encoding)
    {
        var all = new short[65536];
        for (int i = 0; i < all.Length; i++)
        {
            all[i] = (short)(i - 32768);
        }

        string wav = Path.Combine(_dir, "all.wav");
        WavWriter.Write(wav, new WavAudio(8000, 1, all));
        byte[] expected = SoxEncode(wav, encoding);

        var actual = new byte[all.Length];
        Encode(encoding, all, actual);

        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < actual.Length; i++)
        {
            Assert.True(expected[i] == actual[i], $"{encoding} sample {all[i]}: sox 0x{expected[i]:X2}, ours 0x{actual[i]:X2}");
        }
    }

    [Theory]
    [InlineData("u-law")]
    [InlineData("a-law")]
    public void Decoding_every_code_matches_sox(string encoding)
    {
        string raw = Path.Combine(_dir, "codes.raw");
        File.WriteAllBytes(raw, Enumerable.Range(0, 256).Select(i => (byte)i).ToArray());
        string decoded = Path.Combine(_dir, "codes.wav");
        ExternalTools.Run("sox", "-D", "-t", "raw", "-r", "8000", "-c", "1", "-e", encoding, raw, "-e", "signed-integer", "-b", "16", decoded);
        short[] expected = WavReader.Read(decoded).Samples;

        var actual = new short[256];
        byte[] codes = File.ReadAllBytes(raw);
        if (encoding == "u-law")
        {
            G711.DecodeMuLaw(codes, actual);
        }
        else
        {
            G711.DecodeALaw(codes, actual);
        }

        Assert.Equal(expected, actual);
    }

    [Theory]
    [InlineData("u-law")]
    [InlineData("a-law")]
    public void Espeak_speech_encodes_and_decodes_exactly_like_sox(string encoding)
    {
        string wav = speech.PathAt(8000);
        byte[] expected = SoxEncode(wav, encoding);
        short[] pcm = speech.At(8000).Samples;
        var actual = new byte[pcm.Length];
        Encode(encoding, pcm, actual);
        Assert.Equal(expected, actual);

        // And through the codec interface, frame by frame.
        var format = new AudioFormat(encoding == "u-law" ? AudioCodec.G711Ulaw : AudioCodec.G711Alaw, 8000);
        using var codec = new G711Codec(format);
        var frame = new byte[format.SamplesPerFrame];
        for (int offset = 0; offset + frame.Length <= pcm.Length; offset += frame.Length)
        {
            int n = codec.Encode(pcm.AsSpan(offset, frame.Length), frame);
            Assert.Equal(frame.Length, n);
            Assert.True(frame.AsSpan().SequenceEqual(expected.AsSpan(offset, n)), $"frame at {offset} differs from sox");
        }
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static void Encode(string encoding, ReadOnlySpan<short> pcm, Span<byte> destination)
    {
        if (encoding == "u-law")
        {
            G711.EncodeMuLaw(pcm, destination);
        }
        else
        {
            G711.EncodeALaw(pcm, destination);
        }
    }

    private byte[] SoxEncode(string wav, string encoding)
    {
        // -D: no dither, so sox quantises deterministically.
        string raw = Path.Combine(_dir, $"out-{encoding}.raw");
        ExternalTools.Run("sox", "-D", wav, "-t", "raw", "-e", encoding, raw);
        return File.ReadAllBytes(raw);
    }
}
