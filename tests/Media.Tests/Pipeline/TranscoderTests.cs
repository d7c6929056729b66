using ClutchCall.Media.Codecs;
using ClutchCall.Media.Pipeline;
using ClutchCall.Media.Tests.Support;

namespace ClutchCall.Media.Tests.Pipeline;

public sealed class TranscoderTests(SpeechFixture speech) : IClassFixture<SpeechFixture>
{
    public static TheoryData<string, string> Bridges() => new()
    {
        { "g711_ulaw/8000/1/20", "opus/48000/1/20" },
        { "opus/48000/1/20", "g711_ulaw/8000/1/20" },
        { "g711_alaw/8000/1/20", "pcm16/16000/1/20" },
        { "pcm16/16000/1/20", "g711_ulaw/8000/1/20" },
        { "pcm16/24000/2/10", "opus/48000/1/60" },
        { "opus/16000/1/60", "pcm16/48000/2/10" },
        { "pcm16/8000/1/40", "pcm16/8000/1/20" },
    };

    [Theory]
    [MemberData(nameof(Bridges))]
    public void Steady_state_allocates_nothing(string from, string to)
    {
        AudioFormat input = Parse(from), output = Parse(to);
        byte[][] packets = EncodeAll(input, Signals.SpeechLike(input.SampleRate, 1, seed: 3), 10);
        using var transcoder = new Transcoder(input, output);
        var frame = new byte[transcoder.MaxOutputFrameBytes];

        void Pump(int rounds)
        {
            for (int r = 0; r < rounds; r++)
            {
                foreach (byte[] packet in packets)
                {
                    transcoder.Write(packet);
                    while (transcoder.TryRead(frame, out _))
                    {
                    }
                }

                transcoder.WriteLost();
                while (transcoder.TryRead(frame, out _))
                {
                }
            }
        }

        Pump(5); // warm-up: JIT, tiered compilation, first-call native binding
        long before = GC.GetAllocatedBytesForCurrentThread();
        Pump(20);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(0, allocated);
    }

    [Fact]
    public void G711_to_opus_48k_and_back_keeps_espeak_speech_intelligible()
    {
        var g711 = new AudioFormat(AudioCodec.G711Ulaw, 8000);
        var opus = new AudioFormat(AudioCodec.Opus, 48000);
        short[] pcm = speech.At(8000).Samples;
        byte[][] ulaw = EncodeAll(g711, pcm, int.MaxValue);

        using var up = new Transcoder(g711, opus);
        using var down = new Transcoder(opus, g711);
        var opusFrame = new byte[up.MaxOutputFrameBytes];
        var ulawFrame = new byte[down.MaxOutputFrameBytes];
        var result = new List<byte>();
        foreach (byte[] packet in ulaw)
        {
            up.Write(packet);
            while (up.TryRead(opusFrame, out int n))
            {
                down.Write(opusFrame.AsSpan(0, n));
                while (down.TryRead(ulawFrame, out int m))
                {
                    Assert.Equal(160, m);
                    result.AddRange(ulawFrame.AsSpan(0, m));
                }
            }
        }

        var decoded = new short[result.Count];
        G711.DecodeMuLaw(result.ToArray(), decoded);
        var (snr, lag) = Measure.AlignedSnrDb(pcm, decoded, maxLag: 400, skip: 800);
        Assert.True(snr > 6, $"SNR {snr:F1} dB at lag {lag}");
        Assert.InRange(lag, 1, 200); // codec look-ahead plus two resampler filters, well under 25 ms
    }

    [Theory]
    [InlineData(8000, 0, 3)]    // SILK narrowband configs
    [InlineData(16000, 8, 11)]  // SILK wideband configs
    public void Opus_output_codes_only_the_band_the_source_carries(int sourceRate, int minConfig, int maxConfig)
    {
        var input = new AudioFormat(AudioCodec.Pcm16, sourceRate);
        var output = new AudioFormat(AudioCodec.Opus, 48000);
        byte[][] packets = EncodeAll(input, Signals.SpeechLike(sourceRate, 1), int.MaxValue);
        using var transcoder = new Transcoder(input, output);
        var frame = new byte[transcoder.MaxOutputFrameBytes];
        var configs = new List<int>();
        foreach (byte[] packet in packets)
        {
            transcoder.Write(packet);
            while (transcoder.TryRead(frame, out _))
            {
                configs.Add(frame[0] >> 3); // RFC 6716 3.1: the TOC byte's top five bits are the config
            }
        }

        Assert.NotEmpty(configs);
        Assert.All(configs.Skip(5), c => Assert.InRange(c, minConfig, maxConfig));
    }

    [Fact]
    public void Reframing_20ms_input_into_60ms_output_emits_one_frame_per_three()
    {
        var input = new AudioFormat(AudioCodec.Pcm16, 16000, 1, 20);
        var output = new AudioFormat(AudioCodec.Pcm16, 16000, 1, 60);
        using var transcoder = new Transcoder(input, output);
        var frame = new byte[transcoder.MaxOutputFrameBytes];
        short[] tone = Signals.Tone(16000, 440, 0.02 * 9);
        var pcm16 = new Pcm16Codec(input);
        var packet = new byte[640];
        int emitted = 0;
        var all = new List<short>();
        for (int i = 0; i < 9; i++)
        {
            pcm16.Encode(tone.AsSpan(i * 320, 320), packet);
            transcoder.Write(packet);
            while (transcoder.TryRead(frame, out int n))
            {
                Assert.Equal(1920, n);
                emitted++;
                all.AddRange(System.Runtime.InteropServices.MemoryMarshal.Cast<byte, short>(frame.AsSpan(0, n)).ToArray());
            }
        }

        Assert.Equal(3, emitted);
        Assert.Equal(tone, all.ToArray()); // same rate: reframing is exact
    }

    [Fact]
    public void Mono_to_stereo_duplicates_and_stereo_to_mono_averages()
    {
        var mono = new AudioFormat(AudioCodec.Pcm16, 8000, 1, 20);
        var stereo = new AudioFormat(AudioCodec.Pcm16, 8000, 2, 20);
        using var widen = new Transcoder(mono, stereo);
        using var narrow = new Transcoder(stereo, mono);
        short[] tone = Signals.Tone(8000, 300, 0.02);
        var packet = new byte[320];
        new Pcm16Codec(mono).Encode(tone, packet);
        widen.Write(packet);
        var wide = new byte[640];
        Assert.True(widen.TryRead(wide, out _));
        narrow.Write(wide);
        var back = new byte[320];
        Assert.True(narrow.TryRead(back, out _));
        Assert.Equal(packet, back);
    }

    [Fact]
    public void A_corrupt_packet_is_concealed_and_counted_not_thrown()
    {
        var opus = new AudioFormat(AudioCodec.Opus, 48000);
        var g711 = new AudioFormat(AudioCodec.G711Ulaw, 8000);
        using var transcoder = new Transcoder(opus, g711);
        var frame = new byte[transcoder.MaxOutputFrameBytes];
        transcoder.Write([0xFF, 0x00]); // TOC code 3 with zero frames: invalid
        Assert.Equal(1, transcoder.CorruptPackets);
        Assert.True(transcoder.TryRead(frame, out int n));
        Assert.Equal(160, n);
    }

    [Fact]
    public void Unread_output_is_dropped_oldest_first_and_counted()
    {
        var format = new AudioFormat(AudioCodec.Pcm16, 8000);
        using var transcoder = new Transcoder(format, format);
        var packet = new byte[320];
        for (int i = 0; i < 50; i++)
        {
            transcoder.Write(packet);
        }

        Assert.True(transcoder.DroppedSamples > 0);
        Assert.True(transcoder.PendingSamples <= 8 * 160, $"{transcoder.PendingSamples} pending"); // 6 packets of PCM16 + 2 frames
    }

    internal static AudioFormat Parse(string text)
    {
        string[] p = text.Split('/');
        return new AudioFormat(AudioCodecNames.Parse(p[0]), int.Parse(p[1]), int.Parse(p[2]), int.Parse(p[3]));
    }

    internal static byte[][] EncodeAll(AudioFormat format, short[] mono, int maxFrames)
    {
        short[] signal = format.Channels == 1 ? mono : Signals.Interleave(mono, mono);
        using var encoder = AudioCodecs.CreateEncoder(format);
        var packets = new List<byte[]>();
        var buffer = new byte[encoder.MaxEncodedBytes];
        for (int offset = 0; offset + format.SamplesPerFrame <= signal.Length && packets.Count < maxFrames; offset += format.SamplesPerFrame)
        {
            int n = encoder.Encode(signal.AsSpan(offset, format.SamplesPerFrame), buffer);
            packets.Add(buffer[..n]);
        }

        return [.. packets];
    }
}
