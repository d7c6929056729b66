using System.Runtime.CompilerServices;

namespace ClutchCall.Media.Codecs;

/// <summary>
/// ITU-T G.711 mu-law and A-law over spans, bit-exact with sox.
/// G.711 is defined on 14-bit (mu-law) and 13-bit (A-law) linear input; a 16-bit sample is first
/// rounded to the nearest input step (saturating at the top), as sox does, which halves the
/// quantisation error of plain truncation. Decoding yields the G.711 reconstruction levels.
/// </summary>
public static class G711
{
    private const int MuLawBias = 0x21; // 33: the mu-law bias in 14-bit units

    private static readonly short[] MuLawToLinear = BuildMuLawTable();
    private static readonly short[] ALawToLinear = BuildALawTable();

    /// <summary>Encodes <paramref name="pcm"/> to mu-law; <paramref name="dst"/> must hold one byte per sample.</summary>
    public static void EncodeMuLaw(ReadOnlySpan<short> pcm, Span<byte> dst)
    {
        EnsureLength(pcm.Length, dst.Length);
        ref byte d = ref System.Runtime.InteropServices.MemoryMarshal.GetReference(dst);
        for (int i = 0; i < pcm.Length; i++)
        {
            Unsafe.Add(ref d, i) = LinearToMuLaw(pcm[i]);
        }
    }

    /// <summary>Decodes mu-law bytes to 16-bit PCM; <paramref name="dst"/> must hold one sample per byte.</summary>
    public static void DecodeMuLaw(ReadOnlySpan<byte> encoded, Span<short> dst)
    {
        EnsureLength(encoded.Length, dst.Length);
        short[] table = MuLawToLinear;
        for (int i = 0; i < encoded.Length; i++)
        {
            dst[i] = table[encoded[i]];
        }
    }

    /// <summary>Encodes <paramref name="pcm"/> to A-law; <paramref name="dst"/> must hold one byte per sample.</summary>
    public static void EncodeALaw(ReadOnlySpan<short> pcm, Span<byte> dst)
    {
        EnsureLength(pcm.Length, dst.Length);
        for (int i = 0; i < pcm.Length; i++)
        {
            dst[i] = LinearToALaw(pcm[i]);
        }
    }

    /// <summary>Decodes A-law bytes to 16-bit PCM; <paramref name="dst"/> must hold one sample per byte.</summary>
    public static void DecodeALaw(ReadOnlySpan<byte> encoded, Span<short> dst)
    {
        EnsureLength(encoded.Length, dst.Length);
        short[] table = ALawToLinear;
        for (int i = 0; i < encoded.Length; i++)
        {
            dst[i] = table[encoded[i]];
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static byte LinearToMuLaw(short sample)
    {
        int value = Math.Min((sample + 2) >> 2, 8191); // round to 14 bits
        int mask;
        if (value < 0)
        {
            value = -value;
            mask = 0x7F;
        }
        else
        {
            mask = 0xFF;
        }

        // Clipping at 8159 then biasing would reach 8192 (segment 8), which G.711 maps to the
        // top code; clamping the biased value to 0x1FFF yields that same code without a branch.
        value = Math.Min(value + MuLawBias, 0x1FFF);

        // Segment = position of the leading one above bit 5 (value is in 33..8191).
        int segment = 26 - System.Numerics.BitOperations.LeadingZeroCount((uint)value);
        int code = (segment << 4) | ((value >> (segment + 1)) & 0x0F);
        return (byte)(code ^ mask);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static byte LinearToALaw(short sample)
    {
        int value = Math.Min((sample + 4) >> 3, 4095); // round to 13 bits
        int mask;
        if (value >= 0)
        {
            mask = 0xD5;
        }
        else
        {
            mask = 0x55;
            value = -value - 1;
        }

        // Segments 0 and 1 share the same step; above that the leading one picks the segment.
        int segment = value < 32 ? 0 : 27 - System.Numerics.BitOperations.LeadingZeroCount((uint)value);
        int mantissa = segment < 2 ? (value >> 1) & 0x0F : (value >> segment) & 0x0F;
        return (byte)(((segment << 4) | mantissa) ^ mask);
    }

    public static short MuLawToLinearSample(byte code) => MuLawToLinear[code];

    public static short ALawToLinearSample(byte code) => ALawToLinear[code];

    private static short[] BuildMuLawTable()
    {
        var table = new short[256];
        for (int i = 0; i < 256; i++)
        {
            int u = ~i & 0xFF;
            int t = ((u & 0x0F) << 3) + 0x84;
            t <<= (u & 0x70) >> 4;
            table[i] = (short)((u & 0x80) != 0 ? 0x84 - t : t - 0x84);
        }

        return table;
    }

    private static short[] BuildALawTable()
    {
        var table = new short[256];
        for (int i = 0; i < 256; i++)
        {
            int a = i ^ 0x55;
            int t = (a & 0x0F) << 4;
            int segment = (a & 0x70) >> 4;
            t = segment switch
            {
                0 => t + 8,
                1 => t + 0x108,
                _ => (t + 0x108) << (segment - 1),
            };
            table[i] = (short)((a & 0x80) != 0 ? t : -t);
        }

        return table;
    }

    private static void EnsureLength(int source, int destination)
    {
        if (destination < source)
        {
            throw new ArgumentException($"destination holds {destination} samples but {source} are needed");
        }
    }
}
