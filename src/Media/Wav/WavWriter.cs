using System.Buffers.Binary;

namespace ClutchCall.Media.Wav;

/// <summary>
/// Writes 16-bit PCM WAV. Streaming use (recordings): construct over a seekable stream, <see cref="Write"/> frames
/// as they come, and <see cref="Dispose"/> patches the RIFF and data sizes.
/// </summary>
public sealed class WavWriter : IDisposable
{
    private const int HeaderBytes = 44;
    private readonly Stream _stream;
    private readonly bool _leaveOpen;
    private long _dataBytes;
    private bool _disposed;

    public WavWriter(Stream stream, int sampleRate, int channels, bool leaveOpen = false)
    {
        if (!stream.CanSeek || !stream.CanWrite)
        {
            throw new ArgumentException("a WAV writer needs a writable, seekable stream to patch sizes on close", nameof(stream));
        }

        if (channels is < 1 or > 8 || sampleRate < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(channels), $"unsupported WAV shape: {channels} channels at {sampleRate} Hz");
        }

        _stream = stream;
        _leaveOpen = leaveOpen;
        SampleRate = sampleRate;
        Channels = channels;
        Span<byte> header = stackalloc byte[HeaderBytes];
        WriteHeader(header, sampleRate, channels, dataBytes: 0);
        _stream.Write(header);
    }

    public int SampleRate { get; }
    public int Channels { get; }

    public void Write(ReadOnlySpan<short> samples)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        Span<byte> chunk = stackalloc byte[512];
        while (!samples.IsEmpty)
        {
            int n = Math.Min(samples.Length, chunk.Length / 2);
            for (int i = 0; i < n; i++)
            {
                BinaryPrimitives.WriteInt16LittleEndian(chunk[(2 * i)..], samples[i]);
            }

            _stream.Write(chunk[..(2 * n)]);
            _dataBytes += 2 * n;
            samples = samples[n..];
        }
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        long end = _stream.Position;
        Span<byte> header = stackalloc byte[HeaderBytes];
        WriteHeader(header, SampleRate, Channels, (uint)Math.Min(_dataBytes, uint.MaxValue - HeaderBytes));
        _stream.Position = 0;
        _stream.Write(header);
        _stream.Position = end;
        _stream.Flush();
        if (!_leaveOpen)
        {
            _stream.Dispose();
        }
    }

    public static void Write(string path, WavAudio audio)
    {
        using var writer = new WavWriter(File.Create(path), audio.SampleRate, audio.Channels);
        writer.Write(audio.Samples);
    }

    public static byte[] ToBytes(WavAudio audio)
    {
        var stream = new MemoryStream();
        using (var writer = new WavWriter(stream, audio.SampleRate, audio.Channels, leaveOpen: true))
        {
            writer.Write(audio.Samples);
        }

        return stream.ToArray();
    }

    private static void WriteHeader(Span<byte> h, int sampleRate, int channels, uint dataBytes)
    {
        "RIFF"u8.CopyTo(h);
        BinaryPrimitives.WriteUInt32LittleEndian(h[4..], 36 + dataBytes);
        "WAVE"u8.CopyTo(h[8..]);
        "fmt "u8.CopyTo(h[12..]);
        BinaryPrimitives.WriteUInt32LittleEndian(h[16..], 16);
        BinaryPrimitives.WriteUInt16LittleEndian(h[20..], 1); // PCM
        BinaryPrimitives.WriteUInt16LittleEndian(h[22..], (ushort)channels);
        BinaryPrimitives.WriteUInt32LittleEndian(h[24..], (uint)sampleRate);
        BinaryPrimitives.WriteUInt32LittleEndian(h[28..], (uint)(sampleRate * channels * 2)); // byte rate
        BinaryPrimitives.WriteUInt16LittleEndian(h[32..], (ushort)(channels * 2)); // block align
        BinaryPrimitives.WriteUInt16LittleEndian(h[34..], 16);
        "data"u8.CopyTo(h[36..]);
        BinaryPrimitives.WriteUInt32LittleEndian(h[40..], dataBytes);
    }
}
