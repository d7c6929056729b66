using ClutchCall.Media.Resampling;

namespace ClutchCall.Agents.Corpus;

/// <summary>
/// Moves a scenario to another sample rate with the media library's speexdsp resampler, so the same labels check
/// wideband (16 kHz) legs. The resampler's latency is trimmed off so the labels (in ms) still hold.
/// </summary>
public static class ScenarioResampler
{
    public static Scenario To(Scenario scenario, int rate) => scenario.SampleRate == rate ? scenario : scenario with
    {
        CallerSpeech = Resample(scenario.CallerSpeech, scenario.SampleRate, rate),
        Noise = Resample(scenario.Noise, scenario.SampleRate, rate),
        AgentClip = scenario.AgentClip is { } clip ? Resample(clip, scenario.SampleRate, rate) : null,
        SampleRate = rate,
    };

    private static short[] Resample(short[] input, int from, int to)
    {
        using var resampler = new SpeexResampler(1, from, to);
        int latency = resampler.OutputLatency;
        int wanted = (int)(input.LongLength * to / from);
        // Pad the input so the tail comes out after the latency is trimmed.
        short[] padded = [.. input, .. new short[latency * from / to + from / 100]];
        var output = new short[resampler.MaxOutputSamples(padded.Length)];
        int written = 0, consumed = 0;
        while (consumed < padded.Length)
        {
            var (c, w) = resampler.Process(padded.AsSpan(consumed), output.AsSpan(written));
            consumed += c;
            written += w;
            if (c == 0 && w == 0)
            {
                break;
            }
        }

        var result = new short[wanted];
        output.AsSpan(latency, Math.Min(wanted, Math.Max(0, written - latency))).CopyTo(result);
        return result;
    }
}
