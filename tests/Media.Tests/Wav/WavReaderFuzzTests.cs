using ClutchCall.Media.Codecs;
using ClutchCall.Media.Wav;
using FsCheck;
using FsCheck.Fluent;
using Microsoft.FSharp.Core;

namespace ClutchCall.Media.Tests.Wav;

/// <summary>Parsers of untrusted bytes: any input yields a result or a clear error, never a crash of another kind.</summary>
public sealed class WavReaderFuzzTests
{
    private static readonly byte[] Valid = WavWriter.ToBytes(new WavAudio(8000, 2, [1, 2, 3, 4, 5, 6, 7, 8]));

    private static Config Seeded(ulong seed) =>
        Config.QuickThrowOnFailure.WithMaxTest(2000)
            .WithReplay(FSharpOption<Replay>.Some(new Replay(new Rnd(seed, 0x9E3779B97F4A7C15UL | 1), FSharpOption<int>.None)));

    [Fact]
    public void Mutated_wav_files_parse_or_fail_cleanly()
    {
        // Flip a few bytes of a valid file (headers included) and truncate it anywhere.
        var mutations =
            from count in Gen.Choose(1, 6)
            from positions in Gen.ArrayOf(Gen.Choose(0, Valid.Length - 1), count)
            from values in Gen.ArrayOf(Gen.Choose(0, 255), count)
            from length in Gen.Choose(0, Valid.Length)
            select (positions, values, length);

        Check.One(Seeded(11), Prop.ForAll(mutations.ToArbitrary(), m =>
        {
            byte[] file = (byte[])Valid.Clone();
            for (int i = 0; i < m.positions.Length; i++)
            {
                file[m.positions[i]] = (byte)m.values[i];
            }

            return ParsesOrRejects(file.AsSpan(0, m.length).ToArray());
        }));
    }

    [Fact]
    public void Random_bytes_behind_a_riff_header_parse_or_fail_cleanly()
    {
        var bodies = Gen.ArrayOf(Gen.Choose(0, 255).Select(b => (byte)b));
        Check.One(Seeded(12), Prop.ForAll(bodies.ToArbitrary(), body => ParsesOrRejects([.. "RIFF\0\0\0\0WAVE"u8, .. body])));
    }

    [Fact]
    public void Random_opus_packets_decode_or_fail_cleanly()
    {
        using var decoder = new OpusDecoder(new AudioFormat(AudioCodec.Opus, 48000, 2));
        var pcm = new short[decoder.MaxDecodedSamples];
        var packets = Gen.ArrayOf(Gen.Choose(0, 255).Select(b => (byte)b)).Where(p => p.Length is > 0 and < 1500);
        Check.One(Seeded(13), Prop.ForAll(packets.ToArbitrary(), packet =>
        {
            try
            {
                int samples = decoder.Decode(packet, pcm);
                return samples >= 0 && samples <= pcm.Length;
            }
            catch (InvalidDataException)
            {
                return true;
            }
        }));
    }

    private static bool ParsesOrRejects(byte[] file)
    {
        try
        {
            WavAudio audio = WavReader.Read(file);
            return audio.Channels >= 1 && audio.SampleRate >= 1 && audio.Samples.Length * 2 <= file.Length;
        }
        catch (InvalidDataException)
        {
            return true;
        }
    }
}
