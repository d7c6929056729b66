using System.Buffers.Binary;

namespace ClutchCall.Media.Wav;

/// <summary>
/// Reads RIFF/WAVE files holding 16-bit PCM. Chunks other than <c>fmt </c> and <c>data</c> (LIST, fact, cue...)
/// are skipped, since recorders and sox add them freely.
/// </summary>
public static class WavReader
{
    private const ushort FormatPcm = 1;
    private const ushort FormatExtensible = 0xFFFE;

    public static WavAudio Read(string path) => Read(File.ReadAllBytes(path));

    public static WavAudio Read(ReadOnlySpan<byte> file)
    {
        if (file.Length < 12 || !file[..4].SequenceEqual("RIFF"u8) || !file.Slice(8, 4).SequenceEqual("WAVE"u8))
        {
            throw new InvalidDataException("not a RIFF/WAVE file");
        }

        int position = 12;
        int sampleRate = 0, channels = 0;
        bool haveFormat = false;
        while (position + 8 <= file.Length)
        {
            ReadOnlySpan<byte> id = file.Slice(position, 4);
            uint size = BinaryPrimitives.ReadUInt32LittleEndian(file.Slice(position + 4, 4));
            int body = position + 8;
            // Streaming writers leave the data size at 0 or 0xFFFFFFFF; take what the file actually holds.
            int available = file.Length - body;
            int length = size > (uint)available ? available : (int)size;

            if (id.SequenceEqual("fmt "u8))
            {
                (sampleRate, channels) = ParseFormat(file.Slice(body, length));
                haveFormat = true;
            }
            else if (id.SequenceEqual("data"u8))
            {
                if (!haveFormat)
                {
                    throw new InvalidDataException("WAV data chunk comes before its fmt chunk");
                }

                if (size == 0 && available > 0)
                {
                    length = available;
                }

                var samples = new short[length / 2];
                for (int i = 0; i < samples.Length; i++)
                {
                    samples[i] = BinaryPrimitives.ReadInt16LittleEndian(file.Slice(body + (2 * i), 2));
                }

                return new WavAudio(sampleRate, channels, samples);
            }

            // Chunks are word-aligned: an odd size is followed by one pad byte.
            position = body + length + (length & 1);
        }

        throw new InvalidDataException(haveFormat ? "WAV file has no data chunk" : "WAV file has no fmt chunk");
    }

    private static (int SampleRate, int Channels) ParseFormat(ReadOnlySpan<byte> fmt)
    {
        if (fmt.Length < 16)
        {
            throw new InvalidDataException($"WAV fmt chunk is {fmt.Length} bytes, expected at least 16");
        }

        ushort format = BinaryPrimitives.ReadUInt16LittleEndian(fmt);
        int channels = BinaryPrimitives.ReadUInt16LittleEndian(fmt[2..]);
        int sampleRate = (int)BinaryPrimitives.ReadUInt32LittleEndian(fmt[4..]);
        int bits = BinaryPrimitives.ReadUInt16LittleEndian(fmt[14..]);
        if (format == FormatExtensible && fmt.Length >= 26)
        {
            format = BinaryPrimitives.ReadUInt16LittleEndian(fmt[24..]); // sub-format GUID starts with the format tag
        }

        if (format != FormatPcm || bits != 16)
        {
            throw new InvalidDataException($"WAV holds format {format} with {bits}-bit samples; only 16-bit PCM is supported");
        }

        if (channels < 1 || sampleRate < 1)
        {
            throw new InvalidDataException($"WAV fmt declares {channels} channels at {sampleRate} Hz");
        }

        return (sampleRate, channels);
    }
}
