using ClutchCall.Media.Codecs;
using ClutchCall.Media.Native;
using ClutchCall.Media.Tests.Support;
using Xunit.Abstractions;

namespace ClutchCall.Media.Tests.Codecs;

public sealed class OpusCodecTests(SpeechFixture speech, ITestOutputHelper output) : IClassFixture<SpeechFixture>
{
    public static TheoryData<int, int, int> Shapes()
    {
        var data = new TheoryData<int, int, int>();
        foreach (int rate in AudioFormat.SupportedSampleRates)
        {
            foreach (int frameMs in AudioFormat.SupportedFrameMs)
            {
                data.Add(rate, 1, frameMs);
            }

            data.Add(rate, 2, 20);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Speech_like_round_trip_stays_above_floor(int rate, int channels, int frameMs)
    {
        short[] mono = Signals.SpeechLike(rate, 1.5);
        short[] signal = channels == 1 ? mono : Signals.Interleave(mono, mono);
        var format = new AudioFormat(AudioCodec.Opus, rate, channels, frameMs);
        short[] decoded = RoundTrip(format, signal, new OpusEncoderOptions { Bitrate = 64000 * channels, Complexity = 10 });

        // Opus is perceptual, so waveform SNR is modest; 10 dB still separates "coded speech" from noise or garbage.
        var (snr, _) = Measure.AlignedSnrDb(signal, decoded, maxLag: rate / 50, skip: rate / 10, channels: channels);
        output.WriteLine($"{format}: SNR {snr:F1} dB");
        Assert.True(snr > 10, $"{format}: SNR {snr:F1} dB");
    }

    [Theory]
    [InlineData(16000)]
    [InlineData(48000)]
    public void Espeak_speech_round_trip_stays_above_floor(int rate)
    {
        short[] signal = speech.At(rate).Samples;
        var format = new AudioFormat(AudioCodec.Opus, rate);
        short[] decoded = RoundTrip(format, signal, new OpusEncoderOptions { Bitrate = 32000 });
        var (snr, _) = Measure.AlignedSnrDb(signal, decoded, maxLag: rate / 50, skip: rate / 10);
        output.WriteLine($"{format}: SNR {snr:F1} dB");
        Assert.True(snr > 8, $"{format}: SNR {snr:F1} dB");
    }

    [Fact]
    public void Options_reach_the_encoder()
    {
        var options = new OpusEncoderOptions { Bitrate = 24000, Complexity = 3, InbandFec = true, MaxBandwidth = OpusBandwidth.Wideband };
        using var encoder = new OpusEncoder(new AudioFormat(AudioCodec.Opus, 48000), options);
        Assert.Equal(24000, encoder.Get(OpusNative.GetBitrateRequest));
        Assert.Equal(3, encoder.Get(OpusNative.GetComplexityRequest));
        Assert.Equal(1, encoder.Get(OpusNative.GetInbandFecRequest));
        Assert.Equal((int)OpusBandwidth.Wideband, encoder.Get(OpusNative.GetMaxBandwidthRequest));
        encoder.SetBitrate(16000);
        Assert.Equal(16000, encoder.Get(OpusNative.GetBitrateRequest));
    }

    [Fact]
    public void Lower_bitrate_gives_smaller_packets()
    {
        var format = new AudioFormat(AudioCodec.Opus, 48000);
        short[] signal = Signals.SpeechLike(48000, 1);
        Assert.True(EncodedBytes(format, signal, 12000) * 2 < EncodedBytes(format, signal, 64000));
    }

    [Theory]
    [InlineData(-1, 5)]
    [InlineData(11, 5)]
    [InlineData(5, 5000)]
    public void Bad_options_are_rejected(int complexity, int bitrate) =>
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            new OpusEncoder(new AudioFormat(AudioCodec.Opus, 48000), new OpusEncoderOptions { Complexity = complexity, Bitrate = bitrate }));

    [Fact]
    public void Fec_recovers_a_lost_frame_better_than_concealment()
    {
        var format = new AudioFormat(AudioCodec.Opus, 16000);
        short[] signal = Signals.SpeechLike(16000, 1.2);
        var options = new OpusEncoderOptions { Bitrate = 32000, InbandFec = true, PacketLossPercent = 30 };
        using var encoder = new OpusEncoder(format, options);
        int frame = format.SamplesPerFrame;
        var packets = new List<byte[]>();
        var buffer = new byte[OpusEncoder.MaxPacketBytes];
        for (int offset = 0; offset + frame <= signal.Length; offset += frame)
        {
            int n = encoder.Encode(signal.AsSpan(offset, frame), buffer);
            packets.Add(buffer[..n]);
        }

        // Lose every 5th packet; one decoder conceals it, the other rebuilds it from the next packet's FEC.
        short[] concealed = DecodeWithLoss(format, packets, useFec: false);
        short[] recovered = DecodeWithLoss(format, packets, useFec: true);
        var (concealedSnr, _) = Measure.AlignedSnrDb(signal, concealed, 400, skip: 1600);
        var (recoveredSnr, _) = Measure.AlignedSnrDb(signal, recovered, 400, skip: 1600);
        output.WriteLine($"FEC {recoveredSnr:F1} dB vs PLC {concealedSnr:F1} dB");
        Assert.True(recoveredSnr > concealedSnr + 1, $"FEC {recoveredSnr:F1} dB vs PLC {concealedSnr:F1} dB");
    }

    [Fact]
    public void Empty_input_conceals_one_frame()
    {
        var format = new AudioFormat(AudioCodec.Opus, 48000, 1, 20);
        using var decoder = new OpusDecoder(format);
        var pcm = new short[format.SamplesPerFrame];
        Assert.Equal(960, decoder.Decode(ReadOnlySpan<byte>.Empty, pcm));
    }

    [Fact]
    public void Garbage_packet_is_a_clear_error()
    {
        using var decoder = new OpusDecoder(new AudioFormat(AudioCodec.Opus, 48000));
        var pcm = new short[5760];
        // TOC code 3 with a frame count of 0 is invalid.
        var ex = Assert.Throws<InvalidDataException>(() => decoder.Decode([0xFF, 0x00], pcm));
        Assert.Contains("opus_decode", ex.Message);
    }

    [Fact]
    public void Wrong_frame_length_is_rejected()
    {
        using var encoder = new OpusEncoder(new AudioFormat(AudioCodec.Opus, 48000));
        Assert.Throws<ArgumentException>(() => encoder.Encode(new short[100], new byte[4000]));
    }

    private static short[] RoundTrip(AudioFormat format, short[] signal, OpusEncoderOptions options)
    {
        using var encoder = new OpusEncoder(format, options);
        using var decoder = new OpusDecoder(format);
        int frame = format.SamplesPerFrame;
        var output = new short[signal.Length];
        var packet = new byte[OpusEncoder.MaxPacketBytes];
        for (int offset = 0; offset + frame <= signal.Length; offset += frame)
        {
            int n = encoder.Encode(signal.AsSpan(offset, frame), packet);
            int decoded = decoder.Decode(packet.AsSpan(0, n), output.AsSpan(offset));
            Assert.Equal(frame, decoded);
        }

        return output;
    }

    private static int EncodedBytes(AudioFormat format, short[] signal, int bitrate)
    {
        using var encoder = new OpusEncoder(format, new OpusEncoderOptions { Bitrate = bitrate });
        var packet = new byte[OpusEncoder.MaxPacketBytes];
        int total = 0;
        for (int offset = 0; offset + format.SamplesPerFrame <= signal.Length; offset += format.SamplesPerFrame)
        {
            total += encoder.Encode(signal.AsSpan(offset, format.SamplesPerFrame), packet);
        }

        return total;
    }

    private static short[] DecodeWithLoss(AudioFormat format, List<byte[]> packets, bool useFec)
    {
        using var decoder = new OpusDecoder(format);
        int frame = format.SamplesPerFrame;
        var output = new short[packets.Count * frame];
        for (int i = 0; i < packets.Count; i++)
        {
            Span<short> slot = output.AsSpan(i * frame, frame);
            bool lost = i % 5 == 2;
            if (lost)
            {
                if (useFec && i + 1 < packets.Count)
                {
                    decoder.DecodeFec(packets[i + 1], slot);
                }
                else
                {
                    decoder.Decode(ReadOnlySpan<byte>.Empty, slot);
                }

                continue;
            }

            decoder.Decode(packets[i], slot);
        }

        return output;
    }
}
