using ClutchCall.Media.Codecs;
using ClutchCall.Media.Pipeline;
using ClutchCall.Media.Tests.Support;

namespace ClutchCall.Media.Tests.Pipeline;

/// <summary>Every pairing of a spread of formats: the cadence is right and a 440 Hz tone survives the trip.</summary>
public sealed class AnyToAnyTests
{
    private static readonly string[] Formats =
    [
        "g711_ulaw/8000/1/20", "g711_alaw/8000/1/10", "pcm16/16000/2/40", "pcm16/24000/1/60",
        "opus/48000/2/20", "opus/16000/1/10", "opus/8000/1/60",
    ];

    public static TheoryData<string, string> Pairs()
    {
        var data = new TheoryData<string, string>();
        foreach (string from in Formats)
        {
            foreach (string to in Formats)
            {
                data.Add(from, to);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Pairs))]
    public void Tone_survives_with_the_output_cadence(string from, string to)
    {
        AudioFormat input = TranscoderTests.Parse(from), output = TranscoderTests.Parse(to);
        const double seconds = 0.6;
        short[] tone = Signals.Tone(input.SampleRate, 440, seconds, amplitude: 0.3);
        byte[][] packets = TranscoderTests.EncodeAll(input, tone, int.MaxValue);

        using var transcoder = new Transcoder(input, output);
        using var decoder = AudioCodecs.CreateDecoder(output);
        var frame = new byte[transcoder.MaxOutputFrameBytes];
        var pcm = new short[AudioCodecs.MaxDecodedSamples(output)];
        var decoded = new List<short>();
        int frames = 0;
        foreach (byte[] packet in packets)
        {
            transcoder.Write(packet);
            while (transcoder.TryRead(frame, out int n))
            {
                frames++;
                int samples = decoder.Decode(frame.AsSpan(0, n), pcm);
                Assert.Equal(output.SamplesPerFrame, samples);
                for (int i = 0; i < samples; i += output.Channels)
                {
                    decoded.Add(pcm[i]); // first channel
                }
            }
        }

        int expectedFrames = (int)(seconds * 1000 / output.FrameMs);
        Assert.InRange(frames, expectedFrames - 2, expectedFrames);

        // Skip codec and filter warm-up, then the 440 Hz tone must dominate the output.
        var steady = decoded.Skip(output.SampleRate / 5).ToArray();
        double toneLevel = Measure.ToneAmplitude(steady, output.SampleRate, 440) / Math.Sqrt(2);
        double total = Measure.Rms(steady);
        Assert.True(toneLevel > 0.85 * total, $"{from} -> {to}: tone {toneLevel:F0} of rms {total:F0}");
        Assert.InRange(Measure.Db(toneLevel / (0.3 * short.MaxValue / Math.Sqrt(2))), -3, 1);
    }
}
