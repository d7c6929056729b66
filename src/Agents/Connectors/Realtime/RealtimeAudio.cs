using System.Buffers.Binary;
using System.Runtime.InteropServices;
using ClutchCall.Media;
using ClutchCall.Media.Codecs;

namespace ClutchCall.Agents.Connectors.Realtime;

/// <summary>The model codec on the Realtime wire: pcm16 is 24 kHz little-endian, G.711 is 8 kHz, one byte a sample.</summary>
internal static class RealtimeAudio
{
    public static int SampleRate(AudioCodec codec) => codec == AudioCodec.Pcm16 ? 24000 : 8000;

    public static int EncodedLength(AudioCodec codec, int samples) => codec == AudioCodec.Pcm16 ? samples * 2 : samples;

    public static void Encode(AudioCodec codec, ReadOnlySpan<short> pcm, Span<byte> dst)
    {
        switch (codec)
        {
            case AudioCodec.G711Ulaw:
                G711.EncodeMuLaw(pcm, dst);
                break;
            case AudioCodec.G711Alaw:
                G711.EncodeALaw(pcm, dst);
                break;
            default:
                if (BitConverter.IsLittleEndian)
                {
                    MemoryMarshal.AsBytes(pcm).CopyTo(dst);
                }
                else
                {
                    for (int i = 0; i < pcm.Length; i++)
                    {
                        BinaryPrimitives.WriteInt16LittleEndian(dst[(i * 2)..], pcm[i]);
                    }
                }

                break;
        }
    }

    /// <summary>Decodes model audio to PCM; a dangling odd byte of pcm16 is dropped (OpenAI never sends one).</summary>
    public static short[] Decode(AudioCodec codec, ReadOnlySpan<byte> encoded)
    {
        switch (codec)
        {
            case AudioCodec.G711Ulaw:
            {
                var pcm = new short[encoded.Length];
                G711.DecodeMuLaw(encoded, pcm);
                return pcm;
            }

            case AudioCodec.G711Alaw:
            {
                var pcm = new short[encoded.Length];
                G711.DecodeALaw(encoded, pcm);
                return pcm;
            }

            default:
            {
                var pcm = new short[encoded.Length / 2];
                for (int i = 0; i < pcm.Length; i++)
                {
                    pcm[i] = BinaryPrimitives.ReadInt16LittleEndian(encoded[(i * 2)..]);
                }

                return pcm;
            }
        }
    }

    /// <summary>The beta schema's format name.</summary>
    public static string BetaFormat(AudioCodec codec) => codec.ToWireName();

    /// <summary>The GA schema's format type (<c>audio/pcm</c> carries a rate, the G.711 ones do not).</summary>
    public static string GaFormat(AudioCodec codec) => codec switch
    {
        AudioCodec.G711Ulaw => "audio/pcmu",
        AudioCodec.G711Alaw => "audio/pcma",
        _ => "audio/pcm",
    };
}
