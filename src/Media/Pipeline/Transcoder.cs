using System.Buffers;
using ClutchCall.Media.Codecs;
using ClutchCall.Media.Diagnostics;
using ClutchCall.Media.Resampling;

namespace ClutchCall.Media.Pipeline;

/// <summary>
/// Converts a stream of encoded frames in one <see cref="AudioFormat"/> into frames of another: decode, fold
/// channels, resample, re-frame, encode. Buffers are rented once at construction, so the steady state allocates
/// nothing. Usage per packet: <see cref="Write"/> (or <see cref="WriteLost"/>), then drain with <see cref="TryRead"/>.
/// Single-threaded: one instance per stream direction.
/// </summary>
public sealed class Transcoder : IDisposable
{
    private readonly IAudioDecoder _decoder;
    private readonly IAudioEncoder _encoder;
    private readonly SpeexResampler? _resampler;
    private readonly MediaMetrics? _metrics;
    private readonly short[] _decoded;
    private readonly short[] _converted;
    private readonly short[] _fifo;
    private readonly int _fifoCapacity; // the pool may hand out a larger array; latency is bounded by this, not by it
    private int _fifoCount;
    private bool _disposed;

    public Transcoder(AudioFormat input, AudioFormat output, TranscoderOptions? options = null, MediaMetrics? metrics = null)
    {
        options ??= TranscoderOptions.Default;
        _metrics = metrics;
        Input = input;
        Output = output;
        _decoder = AudioCodecs.CreateDecoder(input);
        try
        {
            _encoder = AudioCodecs.CreateEncoder(output, NarrowToSource(options.Opus, input));
            if (input.SampleRate != output.SampleRate)
            {
                _resampler = new SpeexResampler(output.Channels, input.SampleRate, output.SampleRate, options.ResamplerQuality);
            }
        }
        catch
        {
            _decoder.Dispose();
            _encoder?.Dispose();
            throw;
        }

        int maxDecoded = AudioCodecs.MaxDecodedSamples(input);
        int maxConverted = maxDecoded / input.Channels * output.Channels;
        int maxResampled = _resampler?.MaxOutputSamples(maxConverted) ?? maxConverted;
        _decoded = ArrayPool<short>.Shared.Rent(maxDecoded);
        _converted = ArrayPool<short>.Shared.Rent(maxConverted);
        _fifoCapacity = maxResampled + (2 * output.SamplesPerFrame);
        _fifo = ArrayPool<short>.Shared.Rent(_fifoCapacity);
    }

    public AudioFormat Input { get; }
    public AudioFormat Output { get; }

    /// <summary>Upper bound of one output frame in bytes.</summary>
    public int MaxOutputFrameBytes => _encoder.MaxEncodedBytes;

    /// <summary>Samples discarded because output frames were not drained fast enough.</summary>
    public long DroppedSamples { get; private set; }

    /// <summary>Output-rate samples waiting for a full output frame.</summary>
    public int PendingSamples => _fifoCount;

    /// <summary>Packets the decoder rejected; each was concealed like a lost one.</summary>
    public long CorruptPackets { get; private set; }

    /// <summary>
    /// Decodes one input packet and queues its audio for output. A packet the decoder rejects (corrupt on the wire)
    /// is counted in <see cref="CorruptPackets"/> and concealed, so one bad packet never breaks the output cadence.
    /// </summary>
    public void Write(ReadOnlySpan<byte> encodedFrame)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        int decoded;
        try
        {
            decoded = _decoder.Decode(encodedFrame, _decoded);
        }
        catch (InvalidDataException)
        {
            CorruptPackets++;
            _metrics?.TranscoderCorruptPackets.Add(1);
            decoded = _decoder.Decode(ReadOnlySpan<byte>.Empty, _decoded);
        }

        Queue(_decoded.AsSpan(0, decoded));
    }

    /// <summary>Signals one lost input frame: the decoder conceals it (PLC) so the output keeps its cadence.</summary>
    public void WriteLost() => Write(ReadOnlySpan<byte>.Empty);

    /// <summary>Recovers a lost frame from the FEC in <paramref name="nextPacket"/>; call <see cref="Write"/> with it afterwards.</summary>
    public void WriteRecovered(ReadOnlySpan<byte> nextPacket)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        int decoded = _decoder.DecodeFec(nextPacket, _decoded);
        Queue(_decoded.AsSpan(0, decoded));
    }

    /// <summary>Encodes the next full output frame, if one is queued.</summary>
    public bool TryRead(Span<byte> destination, out int bytesWritten)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        int frame = Output.SamplesPerFrame;
        if (_fifoCount < frame)
        {
            bytesWritten = 0;
            return false;
        }

        bytesWritten = _encoder.Encode(_fifo.AsSpan(0, frame), destination);
        _fifoCount -= frame;
        _fifo.AsSpan(frame, _fifoCount).CopyTo(_fifo);
        return true;
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _decoder.Dispose();
        _encoder.Dispose();
        _resampler?.Dispose();
        ArrayPool<short>.Shared.Return(_decoded);
        ArrayPool<short>.Shared.Return(_converted);
        ArrayPool<short>.Shared.Return(_fifo);
    }

    /// <summary>Upsampled audio has nothing above the source's Nyquist; coding that empty band wastes bits and CPU.</summary>
    private static OpusEncoderOptions NarrowToSource(OpusEncoderOptions options, AudioFormat input)
    {
        OpusBandwidth source = OpusEncoderOptions.BandwidthOf(input.SampleRate);
        return source < options.MaxBandwidth ? options with { MaxBandwidth = source } : options;
    }

    private void Queue(ReadOnlySpan<short> pcm)
    {
        ReadOnlySpan<short> sameChannels = pcm;
        if (Input.Channels != Output.Channels)
        {
            int converted = ChannelMixer.Convert(pcm, Input.Channels, _converted, Output.Channels);
            sameChannels = _converted.AsSpan(0, converted);
        }

        int needed = _resampler?.MaxOutputSamples(sameChannels.Length) ?? sameChannels.Length;
        MakeRoom(needed);
        Span<short> tail = _fifo.AsSpan(_fifoCount);
        if (_resampler is null)
        {
            sameChannels.CopyTo(tail);
            _fifoCount += sameChannels.Length;
        }
        else
        {
            (_, int written) = _resampler.Process(sameChannels, tail);
            _fifoCount += written;
        }
    }

    private void MakeRoom(int needed)
    {
        int overflow = _fifoCount + needed - _fifoCapacity;
        if (overflow <= 0)
        {
            return;
        }

        // The reader fell behind: keep the newest audio, as a late live frame is worth less than a current one.
        int drop = Math.Min(overflow + (overflow % Output.Channels), _fifoCount); // whole sample frames only
        _fifo.AsSpan(drop, _fifoCount - drop).CopyTo(_fifo);
        _fifoCount -= drop;
        DroppedSamples += drop;
        _metrics?.TranscoderDroppedSamples.Add(drop);
    }
}
