using System.Runtime.InteropServices;

namespace ClutchCall.Grains.Tests.Media;

/// <summary>Signal measurements for audio assertions: tones, RMS, and the Goertzel power at one frequency.</summary>
internal static class AudioProbe
{
    public static short[] Tone(double hz, int rate, int samples, double amplitude = 8000, int offset = 0)
    {
        var pcm = new short[samples];
        for (var i = 0; i < samples; i++)
        {
            pcm[i] = (short)(amplitude * Math.Sin(2 * Math.PI * hz * (offset + i) / rate));
        }
        return pcm;
    }

    public static byte[] Bytes(short[] pcm) => MemoryMarshal.AsBytes(pcm.AsSpan()).ToArray();

    public static short[] Samples(ReadOnlySpan<byte> pcm16) => MemoryMarshal.Cast<byte, short>(pcm16).ToArray();

    public static double Rms(ReadOnlySpan<short> pcm)
    {
        double sum = 0;
        foreach (var s in pcm)
        {
            sum += (double)s * s;
        }
        return pcm.IsEmpty ? 0 : Math.Sqrt(sum / pcm.Length);
    }

    /// <summary>Amplitude of the <paramref name="hz"/> component (same scale as a sine's peak).</summary>
    public static double Goertzel(ReadOnlySpan<short> pcm, double hz, int rate)
    {
        var coefficient = 2 * Math.Cos(2 * Math.PI * hz / rate);
        double s1 = 0, s2 = 0;
        foreach (var x in pcm)
        {
            var s0 = x + coefficient * s1 - s2;
            s2 = s1;
            s1 = s0;
        }
        var power = s1 * s1 + s2 * s2 - coefficient * s1 * s2;
        return 2 * Math.Sqrt(Math.Max(power, 0)) / pcm.Length;
    }
}
