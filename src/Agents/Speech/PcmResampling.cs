using ClutchCall.Media.Resampling;

namespace ClutchCall.Agents.Speech;

/// <summary>Whole-buffer and streaming rate conversion of PCM16 mono over the speexdsp resampler.</summary>
public static class PcmResampling
{
    /// <summary>
    /// Converts a complete clip. The filter's delay is flushed with silence and trimmed off the front, so the output is
    /// aligned with the input and exactly <c>input.Length * to / from</c> samples long.
    /// </summary>
    public static short[] Resample(ReadOnlySpan<short> input, int fromRate, int toRate)
    {
        if (fromRate == toRate)
        {
            return input.ToArray();
        }

        using var resampler = new SpeexResampler(1, fromRate, toRate);
        int delay = resampler.OutputLatency;
        int wanted = (int)((long)input.Length * toRate / fromRate);
        int flushIn = (int)(((long)delay * fromRate / toRate) + 2);
        var padded = new short[input.Length + flushIn];
        input.CopyTo(padded);
        var output = new short[resampler.MaxOutputSamples(padded.Length)];
        (_, int written) = resampler.Process(padded, output);
        int start = Math.Min(delay, written);
        int length = Math.Min(wanted, written - start);
        return output.AsSpan(start, length).ToArray();
    }
}

/// <summary>Streaming conversion for a live direction (frames of any size in, whatever is ready out). Single-threaded.</summary>
public sealed class PcmStreamResampler : IDisposable
{
    private readonly SpeexResampler? _resampler;
    private short[] _buffer = [];

    public PcmStreamResampler(int fromRate, int toRate)
    {
        FromRate = fromRate;
        ToRate = toRate;
        _resampler = fromRate == toRate ? null : new SpeexResampler(1, fromRate, toRate);
    }

    public int FromRate { get; }
    public int ToRate { get; }

    /// <summary>The converted samples; valid until the next call.</summary>
    public ReadOnlySpan<short> Process(ReadOnlySpan<short> input)
    {
        if (_resampler is null)
        {
            return input;
        }

        int max = _resampler.MaxOutputSamples(input.Length);
        if (_buffer.Length < max)
        {
            _buffer = new short[max];
        }

        (_, int written) = _resampler.Process(input, _buffer);
        return _buffer.AsSpan(0, written);
    }

    /// <summary>Clears filter history at an utterance boundary.</summary>
    public void Reset() => _resampler?.Reset();

    public void Dispose() => _resampler?.Dispose();
}
