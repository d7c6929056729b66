using ClutchCall.Media.Resampling;
using ClutchCall.Media.Tests.Support;

namespace ClutchCall.Media.Tests.Resampling;

public sealed class SpeexResamplerTests
{
    [Theory]
    [InlineData(8000, 48000, 1000)]
    [InlineData(48000, 8000, 1000)]
    [InlineData(16000, 8000, 2500)]
    [InlineData(8000, 16000, 3000)]
    [InlineData(24000, 16000, 5000)]
    [InlineData(48000, 24000, 7000)]
    public void In_band_tone_passes_within_half_a_db(int from, int to, int hz)
    {
        short[] input = Signals.Tone(from, hz, 0.5, amplitude: 0.5);
        short[] output = ResampleInFrames(new SpeexResampler(1, from, to), input, from / 50);

        Assert.InRange(output.Length, (to / 2) - (to / 50), (to / 2) + 1);
        double expected = 0.5 * short.MaxValue;
        ReadOnlySpan<short> steady = output.AsSpan(to / 10, to / 5);
        double level = Measure.ToneAmplitude(steady, to, hz);
        Assert.InRange(Measure.Db(level / expected), -0.5, 0.5);
    }

    [Theory]
    [InlineData(48000, 8000, 6000)]
    [InlineData(16000, 8000, 5000)]
    [InlineData(48000, 16000, 12000)]
    public void Tone_above_the_new_nyquist_is_rejected_not_aliased(int from, int to, int hz)
    {
        // Without filtering, a 6 kHz tone at 8 kHz would fold to 2 kHz. The resampler must attenuate it instead.
        short[] input = Signals.Tone(from, hz, 0.5, amplitude: 0.5);
        short[] output = ResampleInFrames(new SpeexResampler(1, from, to, quality: 5), input, from / 50);
        double alias = Math.Abs(to - hz) % to;
        ReadOnlySpan<short> steady = output.AsSpan(to / 10, to / 5);
        double residual = Measure.Rms(steady) / (0.5 * short.MaxValue / Math.Sqrt(2));
        double aliasLevel = Measure.ToneAmplitude(steady, to, alias) / (0.5 * short.MaxValue);
        Assert.True(Measure.Db(residual) < -40, $"residual {Measure.Db(residual):F1} dB");
        Assert.True(Measure.Db(aliasLevel) < -40, $"alias at {alias} Hz {Measure.Db(aliasLevel):F1} dB");
    }

    [Fact]
    public void Quality_is_selectable_and_higher_quality_rejects_more()
    {
        short[] input = Signals.Tone(48000, 4400, 0.5, amplitude: 0.5);
        double Residual(int quality) =>
            Measure.Rms(ResampleInFrames(new SpeexResampler(1, 48000, 8000, quality), input, 960).AsSpan(800, 1600));
        Assert.True(Residual(10) < Residual(1), $"q10 {Residual(10):F1} vs q1 {Residual(1):F1}");
    }

    [Fact]
    public void Stereo_keeps_channels_apart()
    {
        short[] left = Signals.Tone(8000, 500, 0.5), right = Signals.Tone(8000, 1500, 0.5);
        short[] output = ResampleInFrames(new SpeexResampler(2, 8000, 48000), Signals.Interleave(left, right), 320);
        var l = new short[output.Length / 2];
        var r = new short[output.Length / 2];
        for (int i = 0; i < l.Length; i++)
        {
            l[i] = output[2 * i];
            r[i] = output[(2 * i) + 1];
        }

        ReadOnlySpan<short> ls = l.AsSpan(4800, 9600), rs = r.AsSpan(4800, 9600);
        Assert.True(Measure.ToneAmplitude(ls, 48000, 500) > 100 * Measure.ToneAmplitude(ls, 48000, 1500));
        Assert.True(Measure.ToneAmplitude(rs, 48000, 1500) > 100 * Measure.ToneAmplitude(rs, 48000, 500));
    }

    [Theory]
    [InlineData(0, 8000, 48000, 5)]
    [InlineData(3, 8000, 48000, 5)]
    [InlineData(1, 8000, 48000, 11)]
    public void Bad_arguments_are_rejected(int channels, int from, int to, int quality) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new SpeexResampler(channels, from, to, quality));

    private static short[] ResampleInFrames(SpeexResampler resampler, short[] input, int frame)
    {
        using (resampler)
        {
            var output = new List<short>();
            var buffer = new short[resampler.MaxOutputSamples(frame)];
            for (int offset = 0; offset < input.Length; offset += frame)
            {
                var chunk = input.AsSpan(offset, Math.Min(frame, input.Length - offset));
                var (consumed, written) = resampler.Process(chunk, buffer);
                Assert.Equal(chunk.Length, consumed);
                output.AddRange(buffer.AsSpan(0, written));
            }

            return [.. output];
        }
    }
}
