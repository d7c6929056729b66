using System.Buffers.Binary;
using System.Diagnostics;

namespace ClutchCall.Sip.Interop.Tests;

/// <summary>Speech fixtures made with espeak-ng and sox, plus the energy and correlation checks on real audio.</summary>
public static class AudioFixtures
{
    public const int SampleRate = 8000;

    /// <summary>8 kHz mono 16-bit speech: <paramref name="leadSilence"/> seconds of silence, the words, then 20 s of silence.</summary>
    public static async Task<string> MakeSpeechWavAsync(string dir, string text, double leadSilence = 0.5)
    {
        var raw = Path.Combine(dir, "speech22k.wav");
        var mono8k = Path.Combine(dir, "speech8k.wav");
        var padded = Path.Combine(dir, "speech.wav");
        await RunAsync("espeak-ng", "-w", raw, text);
        await RunAsync("sox", raw, "-r", "8000", "-c", "1", "-b", "16", mono8k);
        // baresip ends the call when its WAV source runs out, so pad generously.
        await RunAsync("sox", mono8k, padded, "pad", leadSilence.ToString(System.Globalization.CultureInfo.InvariantCulture), "20");
        return padded;
    }

    public static async Task RunAsync(string file, params string[] args)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var err = p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync();
        if (p.ExitCode != 0) throw new InvalidOperationException($"{file} failed: {await err}");
    }

    /// <summary>Reads the samples of a PCM16 WAV file.</summary>
    public static short[] ReadWav(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var pos = 12;
        while (pos + 8 <= bytes.Length)
        {
            var id = System.Text.Encoding.ASCII.GetString(bytes, pos, 4);
            var size = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(pos + 4));
            if (id == "data")
            {
                var n = Math.Min(size, bytes.Length - pos - 8) / 2;
                var samples = new short[n];
                for (var i = 0; i < n; i++) samples[i] = BinaryPrimitives.ReadInt16LittleEndian(bytes.AsSpan(pos + 8 + 2 * i));
                return samples;
            }
            pos += 8 + size + (size & 1);
        }
        throw new InvalidDataException("No data chunk in " + path);
    }

    public static double Rms(ReadOnlySpan<short> s)
    {
        if (s.IsEmpty) return 0;
        double sum = 0;
        foreach (var x in s) sum += (double)x * x;
        return Math.Sqrt(sum / s.Length);
    }

    /// <summary>RMS per 20 ms frame: the loudness envelope, robust to codec noise and small clock offsets.</summary>
    public static double[] Envelope(ReadOnlySpan<short> s)
    {
        var frames = s.Length / 160;
        var env = new double[frames];
        for (var i = 0; i < frames; i++) env[i] = Rms(s.Slice(i * 160, 160));
        return env;
    }

    /// <summary>
    /// Best Pearson correlation of the two envelopes over lags of 0..maxLagFrames (received may start later than
    /// the reference). Returns (correlation, lag in frames).
    /// </summary>
    public static (double Correlation, int Lag) BestEnvelopeCorrelation(double[] reference, double[] received, int maxLagFrames, int window)
    {
        var best = (Correlation: -1.0, Lag: 0);
        for (var lag = -maxLagFrames; lag <= maxLagFrames; lag++)
        {
            var n = 0;
            double sx = 0, sy = 0, sxx = 0, syy = 0, sxy = 0;
            for (var i = 0; i < window; i++)
            {
                var j = i + lag;
                if (i >= reference.Length || j < 0 || j >= received.Length) continue;
                double x = reference[i], y = received[j];
                n++; sx += x; sy += y; sxx += x * x; syy += y * y; sxy += x * y;
            }
            if (n < window / 2) continue;
            var cov = sxy - sx * sy / n;
            var den = Math.Sqrt((sxx - sx * sx / n) * (syy - sy * sy / n));
            var c = den == 0 ? 0 : cov / den;
            if (c > best.Correlation) best = (c, lag);
        }
        return best;
    }
}
