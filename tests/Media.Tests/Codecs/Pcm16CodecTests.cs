using ClutchCall.Media.Codecs;
using ClutchCall.Media.Tests.Support;

namespace ClutchCall.Media.Tests.Codecs;

public sealed class Pcm16CodecTests
{
    [Theory]
    [InlineData(8000, 1, 10)]
    [InlineData(16000, 1, 20)]
    [InlineData(24000, 2, 40)]
    [InlineData(48000, 2, 60)]
    public void Round_trip_is_lossless_and_little_endian(int rate, int channels, int frameMs)
    {
        var format = new AudioFormat(AudioCodec.Pcm16, rate, channels, frameMs);
        using var codec = new Pcm16Codec(format);
        short[] frame = Signals.Chirp(rate, 100, rate / 2.5, (double)format.SamplesPerFrame / rate);
        var bytes = new byte[codec.MaxEncodedBytes];
        Assert.Equal(frame.Length * 2, codec.Encode(frame, bytes));
        Assert.Equal((byte)(frame[1] & 0xFF), bytes[2]);
        Assert.Equal((byte)((ushort)frame[1] >> 8), bytes[3]);

        var decoded = new short[frame.Length];
        Assert.Equal(frame.Length, codec.Decode(bytes, decoded));
        Assert.Equal(frame, decoded);
    }

    [Fact]
    public void Odd_byte_count_is_rejected()
    {
        using var codec = new Pcm16Codec(new AudioFormat(AudioCodec.Pcm16, 16000));
        Assert.Throws<ArgumentException>(() => codec.Decode(new byte[3], new short[320]));
    }
}
