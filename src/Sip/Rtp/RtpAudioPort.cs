using System.Threading.Channels;
using ClutchCall.Media;
using ClutchCall.Media.Codecs;
using ClutchCall.Media.Jitter;
using ClutchCall.Sip.Sdp;

namespace ClutchCall.Sip.Rtp;

/// <summary>
/// The PCM view of a call's media, built on the media core: outgoing 16-bit frames are encoded with the negotiated
/// codec; incoming packets go through the jitter buffer and decoder, and one PCM frame comes out per frame tick
/// (concealed when a packet is lost or late).
/// </summary>
public sealed class RtpAudioPort : IAsyncDisposable
{
    private readonly IRtpMediaChannel _media;
    private readonly TimeProvider _time;
    private readonly JitterBuffer _jitter;
    private readonly IAudioEncoder _encoder;
    private readonly IAudioDecoder _decoder;
    private readonly object _gate = new();
    private readonly Channel<short[]> _received = Channel.CreateBounded<short[]>(new BoundedChannelOptions(100) { FullMode = BoundedChannelFullMode.DropOldest });
    private readonly CancellationTokenSource _stop = new();
    private readonly byte[] _packet;
    private readonly short[] _pcm;
    private readonly byte[] _encoded;
    private Task? _pump;
    private ITimer? _tick;
    private long _nextSlotMs;

    public RtpAudioPort(IRtpMediaChannel media, TimeProvider time, JitterBufferOptions? jitter = null)
    {
        _media = media;
        _time = time;
        Format = ToFormat(media.Codec);
        _jitter = new JitterBuffer(jitter ?? new JitterBufferOptions { ClockRate = media.Codec.ClockRate, FrameMs = Format.FrameMs });
        _encoder = AudioCodecs.CreateEncoder(Format);
        _decoder = AudioCodecs.CreateDecoder(Format);
        _packet = new byte[_jitter.Options.MaxPayloadBytes];
        _pcm = new short[AudioCodecs.MaxDecodedSamples(Format)];
        _encoded = new byte[_encoder.MaxEncodedBytes];
    }

    public AudioFormat Format { get; }

    /// <summary>One decoded frame of <see cref="AudioFormat.SamplesPerFrame"/> samples per tick.</summary>
    public ChannelReader<short[]> Received => _received.Reader;

    public JitterBufferStats JitterStats { get { lock (_gate) return _jitter.Stats; } }

    /// <summary>Maps an SDP codec onto the media core's formats (Opus is decoded to mono at 48 kHz).</summary>
    public static AudioFormat ToFormat(SdpCodec codec) => codec.Name.ToUpperInvariant() switch
    {
        "PCMU" => new AudioFormat(AudioCodec.G711Ulaw, 8000),
        "PCMA" => new AudioFormat(AudioCodec.G711Alaw, 8000),
        "OPUS" => new AudioFormat(AudioCodec.Opus, 48000),
        _ => throw new NotSupportedException($"No media-core codec for {codec.Name}."),
    };

    public void Start()
    {
        _pump = Task.Run(PumpAsync);
        var frame = TimeSpan.FromMilliseconds(Format.FrameMs);
        _tick = _time.CreateTimer(_ => Tick(), null, frame, frame);
    }

    /// <summary>Encodes and sends one frame of exactly <see cref="AudioFormat.SamplesPerFrame"/> samples.</summary>
    public ValueTask SendAsync(ReadOnlySpan<short> frame)
    {
        if (frame.Length != Format.SamplesPerFrame) throw new ArgumentException($"A frame holds {Format.SamplesPerFrame} samples.", nameof(frame));
        int n;
        byte[] payload;
        lock (_gate)
        {
            n = _encoder.Encode(frame, _encoded);
            payload = _encoded.AsSpan(0, n).ToArray();
        }
        return _media.SendFrameAsync(payload, _media.Codec.ClockRate / 1000 * Format.FrameMs);
    }

    private long NowMs => _time.GetTimestamp() * 1000 / _time.TimestampFrequency;

    private async Task PumpAsync()
    {
        try
        {
            await foreach (var f in _media.Frames.ReadAllAsync(_stop.Token))
            {
                if (f.PayloadType != _media.Codec.PayloadType) continue;
                lock (_gate) _jitter.Push(f.SequenceNumber, f.Timestamp, f.Payload.Span, NowMs);
            }
        }
        catch (OperationCanceledException) { }
        catch (ChannelClosedException) { }
    }

    /// <summary>
    /// Plays every frame slot that has come due. Timers fire late on a busy machine; catching up slot by slot keeps
    /// exactly one frame per <see cref="AudioFormat.FrameMs"/> of wall time instead of stretching or skipping audio.
    /// </summary>
    private void Tick()
    {
        var output = new List<short[]>(2);
        lock (_gate)
        {
            if (_stop.IsCancellationRequested) return;
            var now = NowMs;
            if (_nextSlotMs == 0) _nextSlotMs = now;
            // After a long stall, skip ahead rather than flooding the reader with a burst of old slots.
            if (now - _nextSlotMs > 10 * Format.FrameMs) _nextSlotMs = now;
            while (_nextSlotMs <= now)
            {
                if (PlaySlot(_nextSlotMs) is { } pcm) output.Add(pcm);
                _nextSlotMs += Format.FrameMs;
            }
        }
        foreach (var pcm in output) _received.Writer.TryWrite(pcm);
    }

    private short[]? PlaySlot(long slotMs)
    {
        var frame = _jitter.Pop(slotMs, _packet);
        int samples;
        switch (frame.Kind)
        {
            case JitterFrameKind.Frame:
                samples = _decoder.Decode(_packet.AsSpan(0, frame.PayloadLength), _pcm);
                break;
            case JitterFrameKind.Lost when _jitter.TryPeek(frame.SequenceNumber + 1, _packet, out var next):
                samples = _decoder.DecodeFec(_packet.AsSpan(0, next), _pcm);
                break;
            case JitterFrameKind.Lost or JitterFrameKind.Conceal:
                samples = _decoder.Decode([], _pcm);
                break;
            default:
                return null; // still buffering: nothing has started playing yet
        }
        return _pcm.AsSpan(0, samples).ToArray();
    }

    public async ValueTask DisposeAsync()
    {
        lock (_gate) _stop.Cancel();
        _tick?.Dispose();
        if (_pump is not null) await _pump.ConfigureAwait(false);
        _received.Writer.TryComplete();
        _encoder.Dispose();
        _decoder.Dispose();
        _stop.Dispose();
    }
}
