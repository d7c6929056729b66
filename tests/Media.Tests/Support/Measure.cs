namespace ClutchCall.Media.Tests.Support;

/// <summary>Signal measurements used as test oracles.</summary>
internal static class Measure
{
    /// <summary>Signal-to-noise ratio in dB of <paramref name="actual"/> against <paramref name="reference"/>.</summary>
    public static double SnrDb(ReadOnlySpan<short> reference, ReadOnlySpan<short> actual)
    {
        int n = Math.Min(reference.Length, actual.Length);
        double signal = 0, noise = 0;
        for (int i = 0; i < n; i++)
        {
            signal += (double)reference[i] * reference[i];
            double e = reference[i] - actual[i];
            noise += e * e;
        }

        return noise == 0 ? double.PositiveInfinity : 10 * Math.Log10(signal / noise);
    }

    /// <summary>
    /// Codecs and resamplers delay the signal; finds the lag (0..maxLag) at which <paramref name="actual"/> best matches
    /// <paramref name="reference"/> and returns the SNR there, skipping <paramref name="skip"/> warm-up samples.
    /// </summary>
    public static (double SnrDb, int Lag) AlignedSnrDb(short[] reference, short[] actual, int maxLag, int skip = 0, int channels = 1)
    {
        double best = double.NegativeInfinity;
        int bestLag = 0;
        for (int lag = 0; lag <= maxLag; lag++)
        {
            int shift = lag * channels;
            int length = Math.Min(reference.Length - skip, actual.Length - shift - skip);
            if (length <= 0)
            {
                break;
            }

            double snr = SnrDb(reference.AsSpan(skip, length), actual.AsSpan(skip + shift, length));
            if (snr > best)
            {
                best = snr;
                bestLag = lag;
            }
        }

        return (best, bestLag);
    }

    /// <summary>RMS amplitude of a tone at <paramref name="hz"/> (Goertzel), in the same units as the samples.</summary>
    public static double ToneAmplitude(ReadOnlySpan<short> samples, int sampleRate, double hz)
    {
        double w = 2 * Math.PI * hz / sampleRate, coeff = 2 * Math.Cos(w);
        double s1 = 0, s2 = 0;
        foreach (short x in samples)
        {
            double s0 = x + (coeff * s1) - s2;
            s2 = s1;
            s1 = s0;
        }

        double power = (s1 * s1) + (s2 * s2) - (coeff * s1 * s2);
        return 2 * Math.Sqrt(Math.Max(power, 0)) / samples.Length;
    }

    public static double Rms(ReadOnlySpan<short> samples)
    {
        double sum = 0;
        foreach (short x in samples)
        {
            sum += (double)x * x;
        }

        return Math.Sqrt(sum / Math.Max(1, samples.Length));
    }

    public static double Db(double ratio) => 20 * Math.Log10(ratio);
}
