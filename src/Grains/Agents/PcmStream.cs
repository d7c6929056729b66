using ClutchCall.Media.Resampling;

namespace ClutchCall.Grains.Agents;

/// <summary>Streams PCM16 mono from one rate to another (a pass-through when they match), handing out converted chunks.</summary>
internal sealed class PcmStream : IDisposable
{
    public delegate void Sink(ReadOnlySpan<short> pcm);

    private readonly SpeexResampler? _resampler;
    private short[] _out = new short[1024];

    public PcmStream(int inputRate, int outputRate)
    {
        _resampler = inputRate == outputRate ? null : new SpeexResampler(1, inputRate, outputRate);
    }

    public void Convert(ReadOnlySpan<short> input, Sink sink)
    {
        if (_resampler is null)
        {
            sink(input);
            return;
        }
        while (!input.IsEmpty)
        {
            var need = _resampler.MaxOutputSamples(input.Length);
            if (_out.Length < need)
            {
                _out = new short[need];
            }
            var (consumed, written) = _resampler.Process(input, _out);
            if (written > 0)
            {
                sink(_out.AsSpan(0, written));
            }
            if (consumed == 0)
            {
                break;
            }
            input = input[consumed..];
        }
    }

    public void Dispose() => _resampler?.Dispose();
}
