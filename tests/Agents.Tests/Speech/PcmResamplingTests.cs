using ClutchCall.Agents.Speech;

namespace ClutchCall.Agents.Tests.Speech;

public sealed class PcmResamplingTests
{
    [Theory]
    [InlineData(22050, 8000)]
    [InlineData(22050, 16000)]
    [InlineData(8000, 16000)]
    [InlineData(16000, 8000)]
    public void A_tone_keeps_its_length_frequency_and_alignment(int from, int to)
    {
        const double hz = 440;
        short[] tone = Tone(hz, from, seconds: 0.5);

        short[] output = PcmResampling.Resample(tone, from, to);

        Assert.Equal(tone.Length * (long)to / from, output.Length);
        short[] expected = Tone(hz, to, seconds: 0.5);
        // Away from the edges the resampled tone matches a tone generated at the target rate, so no delay was added.
        double error = 0;
        for (int i = to / 20; i < output.Length - (to / 20); i++)
        {
            error = Math.Max(error, Math.Abs(output[i] - expected[i]));
        }

        Assert.True(error < 0.05 * short.MaxValue, $"max deviation {error}");
    }

    private static short[] Tone(double hz, int rate, double seconds)
    {
        var pcm = new short[(int)(rate * seconds)];
        for (int i = 0; i < pcm.Length; i++)
        {
            pcm[i] = (short)(10000 * Math.Sin(2 * Math.PI * hz * i / rate));
        }

        return pcm;
    }
}
