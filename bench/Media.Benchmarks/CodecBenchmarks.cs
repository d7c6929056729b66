using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using ClutchCall.Media.Codecs;
using ClutchCall.Media.Resampling;

namespace ClutchCall.Media.Benchmarks;

/// <summary>One 20 ms frame through each codec and the resampler; native baselines beside our wrappers.</summary>
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public unsafe class CodecBenchmarks
{
    private const int Frames = 50;
    private short[] _pcm48 = [], _pcm16 = [], _pcm8 = [];
    private byte[][] _opus48 = [];
    private byte[] _ulaw8 = [];
    private readonly byte[] _packet = new byte[4000];
    private readonly short[] _out = new short[5760];
    private int _frame;

    private OpusEncoder _encoder = null!;
    private OpusDecoder _decoder = null!;
    private SpeexResampler _up = null!, _down = null!;
    private Pcm16Codec _pcm16Codec = null!;
    private nint _rawEncoder, _rawDecoder, _rawUp, _rawDown;

    [Params(5)]
    public int Complexity { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _pcm48 = TestSignal.SpeechLike(48000, 960 * Frames);
        _pcm16 = TestSignal.SpeechLike(16000, 320 * Frames);
        _pcm8 = TestSignal.SpeechLike(8000, 160 * Frames);
        _ulaw8 = new byte[_pcm8.Length];
        G711.EncodeMuLaw(_pcm8, _ulaw8);

        var opus48 = new AudioFormat(AudioCodec.Opus, 48000);
        _encoder = new OpusEncoder(opus48, OpusEncoderOptions.Default with { Complexity = Complexity });
        _decoder = new OpusDecoder(opus48);
        _opus48 = new byte[Frames][];
        for (int i = 0; i < Frames; i++)
        {
            int n = _encoder.Encode(_pcm48.AsSpan(i * 960, 960), _packet);
            _opus48[i] = _packet[..n];
        }

        _up = new SpeexResampler(1, 8000, 48000);
        _down = new SpeexResampler(1, 48000, 8000);
        _pcm16Codec = new Pcm16Codec(new AudioFormat(AudioCodec.Pcm16, 16000));
        _rawEncoder = RawNative.CreateOpusEncoder(48000, Complexity);
        _rawDecoder = RawNative.opus_decoder_create(48000, 1, out _);
        _rawUp = RawNative.speex_resampler_init(1, 8000, 48000, SpeexResampler.DefaultQuality, out _);
        _rawDown = RawNative.speex_resampler_init(1, 48000, 8000, SpeexResampler.DefaultQuality, out _);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _encoder.Dispose();
        _decoder.Dispose();
        _up.Dispose();
        _down.Dispose();
        RawNative.opus_encoder_destroy(_rawEncoder);
        RawNative.opus_decoder_destroy(_rawDecoder);
        RawNative.speex_resampler_destroy(_rawUp);
        RawNative.speex_resampler_destroy(_rawDown);
    }

    [Benchmark(Baseline = true), BenchmarkCategory("opus-encode-48k")]
    public int OpusEncodeRaw()
    {
        int f = Next();
        fixed (short* pcm = &_pcm48[f * 960])
        fixed (byte* data = _packet)
        {
            return RawNative.opus_encode(_rawEncoder, pcm, 960, data, _packet.Length);
        }
    }

    [Benchmark, BenchmarkCategory("opus-encode-48k")]
    public int OpusEncode() => _encoder.Encode(_pcm48.AsSpan(Next() * 960, 960), _packet);

    [Benchmark(Baseline = true), BenchmarkCategory("opus-decode-48k")]
    public int OpusDecodeRaw()
    {
        byte[] packet = _opus48[Next()];
        fixed (byte* data = packet)
        fixed (short* pcm = _out)
        {
            return RawNative.opus_decode(_rawDecoder, data, packet.Length, pcm, 960, 0);
        }
    }

    [Benchmark, BenchmarkCategory("opus-decode-48k")]
    public int OpusDecode() => _decoder.Decode(_opus48[Next()], _out.AsSpan(0, 960));

    [Benchmark(Baseline = true), BenchmarkCategory("resample-8k-48k")]
    public void ResampleUpRaw() => RawNative.Resample(_rawUp, _pcm8.AsSpan(Next() * 160, 160), _out.AsSpan(0, 960));

    [Benchmark, BenchmarkCategory("resample-8k-48k")]
    public int ResampleUp() => _up.Process(_pcm8.AsSpan(Next() * 160, 160), _out.AsSpan(0, 960)).Written;

    [Benchmark(Baseline = true), BenchmarkCategory("resample-48k-8k")]
    public void ResampleDownRaw() => RawNative.Resample(_rawDown, _pcm48.AsSpan(Next() * 960, 960), _out.AsSpan(0, 160));

    [Benchmark, BenchmarkCategory("resample-48k-8k")]
    public int ResampleDown() => _down.Process(_pcm48.AsSpan(Next() * 960, 960), _out.AsSpan(0, 160)).Written;

    [Benchmark, BenchmarkCategory("g711-ulaw-encode-160")]
    public void G711Encode() => G711.EncodeMuLaw(_pcm8.AsSpan(Next() * 160, 160), _packet);

    [Benchmark, BenchmarkCategory("g711-ulaw-decode-160")]
    public void G711Decode() => G711.DecodeMuLaw(_ulaw8.AsSpan(Next() * 160, 160), _out);

    [Benchmark, BenchmarkCategory("g711-alaw-encode-160")]
    public void G711AlawEncode() => G711.EncodeALaw(_pcm8.AsSpan(Next() * 160, 160), _packet);

    [Benchmark, BenchmarkCategory("pcm16-encode-16k")]
    public int Pcm16Encode() => _pcm16Codec.Encode(_pcm16.AsSpan(Next() * 320, 320), _packet);

    private int Next()
    {
        int f = _frame;
        _frame = f + 1 == Frames ? 0 : f + 1;
        return f;
    }
}
