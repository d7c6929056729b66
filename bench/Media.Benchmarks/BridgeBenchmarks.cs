using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using ClutchCall.Media.Codecs;
using ClutchCall.Media.Pipeline;
using ClutchCall.Media.Resampling;

namespace ClutchCall.Media.Benchmarks;

/// <summary>
/// One 20 ms frame of a bridged call in BOTH directions (PSTN uplink and downlink), through our transcoders,
/// beside the same chain of direct native calls. Mean / 20 ms = share of one core per call.
/// </summary>
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public unsafe class BridgeBenchmarks
{
    private const int Frames = 50;
    private byte[] _ulaw = [];
    private byte[][] _opus48 = [];
    private byte[][] _pcm16k = [];
    private readonly byte[] _packet = new byte[4000];
    private readonly short[] _pcmA = new short[960], _pcmB = new short[960];
    private int _frame;

    private Transcoder _g711ToOpus = null!, _opusToG711 = null!, _g711ToPcm = null!, _pcmToG711 = null!;
    private nint _rawEncoder, _rawDecoder, _raw8to48, _raw48to8, _raw8to16, _raw16to8;

    [Params(5)]
    public int Complexity { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        short[] pcm8 = TestSignal.SpeechLike(8000, 160 * Frames);
        short[] pcm48 = TestSignal.SpeechLike(48000, 960 * Frames);
        short[] pcm16 = TestSignal.SpeechLike(16000, 320 * Frames);
        _ulaw = new byte[pcm8.Length];
        G711.EncodeMuLaw(pcm8, _ulaw);

        var g711 = new AudioFormat(AudioCodec.G711Ulaw, 8000);
        var opus = new AudioFormat(AudioCodec.Opus, 48000);
        var pcm = new AudioFormat(AudioCodec.Pcm16, 16000);
        using (var encoder = new OpusEncoder(opus))
        {
            _opus48 = Enumerable.Range(0, Frames).Select(i => _packet[..encoder.Encode(pcm48.AsSpan(i * 960, 960), _packet)]).ToArray();
        }

        _pcm16k = Enumerable.Range(0, Frames).Select(i => System.Runtime.InteropServices.MemoryMarshal.AsBytes(pcm16.AsSpan(i * 320, 320)).ToArray()).ToArray();

        var options = TranscoderOptions.Default with { Opus = OpusEncoderOptions.Default with { Complexity = Complexity } };
        _g711ToOpus = new Transcoder(g711, opus, options);
        _opusToG711 = new Transcoder(opus, g711, options);
        _g711ToPcm = new Transcoder(g711, pcm, options);
        _pcmToG711 = new Transcoder(pcm, g711, options);

        _rawEncoder = RawNative.CreateOpusEncoder(48000, Complexity, maxBandwidth: 1101); // as the transcoder does for an 8 kHz source
        _rawDecoder = RawNative.opus_decoder_create(48000, 1, out _);
        int q = SpeexResampler.DefaultQuality;
        _raw8to48 = RawNative.speex_resampler_init(1, 8000, 48000, q, out _);
        _raw48to8 = RawNative.speex_resampler_init(1, 48000, 8000, q, out _);
        _raw8to16 = RawNative.speex_resampler_init(1, 8000, 16000, q, out _);
        _raw16to8 = RawNative.speex_resampler_init(1, 16000, 8000, q, out _);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _g711ToOpus.Dispose();
        _opusToG711.Dispose();
        _g711ToPcm.Dispose();
        _pcmToG711.Dispose();
        RawNative.opus_encoder_destroy(_rawEncoder);
        RawNative.opus_decoder_destroy(_rawDecoder);
        RawNative.speex_resampler_destroy(_raw8to48);
        RawNative.speex_resampler_destroy(_raw48to8);
        RawNative.speex_resampler_destroy(_raw8to16);
        RawNative.speex_resampler_destroy(_raw16to8);
    }

    [Benchmark(Baseline = true), BenchmarkCategory("bridge-g711-8k<->opus-48k")]
    public int G711OpusRaw()
    {
        int f = Next();
        // Uplink: mu-law -> PCM 8k -> 48k -> Opus.
        G711.DecodeMuLaw(_ulaw.AsSpan(f * 160, 160), _pcmA);
        RawNative.Resample(_raw8to48, _pcmA.AsSpan(0, 160), _pcmB);
        int bytes;
        fixed (short* pcm = _pcmB)
        fixed (byte* data = _packet)
        {
            bytes = RawNative.opus_encode(_rawEncoder, pcm, 960, data, _packet.Length);
        }

        // Downlink: Opus -> PCM 48k -> 8k -> mu-law.
        byte[] packet = _opus48[f];
        fixed (byte* data = packet)
        fixed (short* pcm = _pcmA)
        {
            RawNative.opus_decode(_rawDecoder, data, packet.Length, pcm, 960, 0);
        }

        RawNative.Resample(_raw48to8, _pcmA, _pcmB.AsSpan(0, 160));
        G711.EncodeMuLaw(_pcmB.AsSpan(0, 160), _packet);
        return bytes;
    }

    [Benchmark, BenchmarkCategory("bridge-g711-8k<->opus-48k")]
    public int G711Opus()
    {
        int f = Next();
        _g711ToOpus.Write(_ulaw.AsSpan(f * 160, 160));
        _g711ToOpus.TryRead(_packet, out int bytes);
        _opusToG711.Write(_opus48[f]);
        _opusToG711.TryRead(_packet, out _);
        return bytes;
    }

    [Benchmark(Baseline = true), BenchmarkCategory("bridge-g711-8k<->pcm16-16k")]
    public void G711PcmRaw()
    {
        int f = Next();
        G711.DecodeMuLaw(_ulaw.AsSpan(f * 160, 160), _pcmA);
        RawNative.Resample(_raw8to16, _pcmA.AsSpan(0, 160), _pcmB.AsSpan(0, 320));
        System.Runtime.InteropServices.MemoryMarshal.AsBytes(_pcmB.AsSpan(0, 320)).CopyTo(_packet);

        System.Runtime.InteropServices.MemoryMarshal.Cast<byte, short>(_pcm16k[f]).CopyTo(_pcmA);
        RawNative.Resample(_raw16to8, _pcmA.AsSpan(0, 320), _pcmB.AsSpan(0, 160));
        G711.EncodeMuLaw(_pcmB.AsSpan(0, 160), _packet);
    }

    [Benchmark, BenchmarkCategory("bridge-g711-8k<->pcm16-16k")]
    public void G711Pcm()
    {
        int f = Next();
        _g711ToPcm.Write(_ulaw.AsSpan(f * 160, 160));
        _g711ToPcm.TryRead(_packet, out _);
        _pcmToG711.Write(_pcm16k[f]);
        _pcmToG711.TryRead(_packet, out _);
    }

    private int Next()
    {
        int f = _frame;
        _frame = f + 1 == Frames ? 0 : f + 1;
        return f;
    }
}
