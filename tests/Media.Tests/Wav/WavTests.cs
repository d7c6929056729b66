using System.Buffers.Binary;
using ClutchCall.Media.Tests.Support;
using ClutchCall.Media.Wav;

namespace ClutchCall.Media.Tests.Wav;

public sealed class WavTests(SpeechFixture speech) : IClassFixture<SpeechFixture>
{
    [Fact]
    public void Round_trips_through_bytes()
    {
        var audio = new WavAudio(16000, 2, Signals.Interleave(Signals.Tone(16000, 440, 0.1), Signals.Chirp(16000, 100, 4000, 0.1)));
        WavAudio back = WavReader.Read(WavWriter.ToBytes(audio));
        Assert.Equal((16000, 2), (back.SampleRate, back.Channels));
        Assert.Equal(audio.Samples, back.Samples);
        Assert.Equal(TimeSpan.FromMilliseconds(100), back.Duration);
    }

    [Fact]
    public void Reads_files_written_by_espeak_and_sox_and_sox_reads_ours()
    {
        WavAudio espeak = WavReader.Read(speech.SourcePath);
        Assert.Equal(22050, espeak.SampleRate);
        Assert.True(espeak.Duration > TimeSpan.FromSeconds(2));

        string ours = Path.Combine(speech.Directory, "ours.wav");
        WavWriter.Write(ours, speech.At(8000));
        string viaSox = Path.Combine(speech.Directory, "via-sox.wav");
        ExternalTools.Run("sox", "-D", ours, viaSox); // sox parses our header and rewrites the file
        Assert.Equal(speech.At(8000).Samples, WavReader.Read(viaSox).Samples);
    }

    [Fact]
    public void Skips_list_and_odd_sized_chunks()
    {
        byte[] plain = WavWriter.ToBytes(new WavAudio(8000, 1, [1, -2, 3]));
        // Insert an odd-sized LIST chunk (with its pad byte) between fmt and data.
        byte[] list = [.. "LIST"u8, 5, 0, 0, 0, .. "INFOx"u8, 0];
        byte[] file = [.. plain.AsSpan(0, 36), .. list, .. plain.AsSpan(36)];
        BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan(4), (uint)(file.Length - 8));
        Assert.Equal(new short[] { 1, -2, 3 }, WavReader.Read(file).Samples);
    }

    [Fact]
    public void Streaming_writer_patches_sizes_on_close()
    {
        var stream = new MemoryStream();
        using (var writer = new WavWriter(stream, 8000, 1, leaveOpen: true))
        {
            writer.Write(new short[160]);
            writer.Write(new short[160]);
        }

        byte[] bytes = stream.ToArray();
        Assert.Equal(640u, BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(40)));
        Assert.Equal((uint)(bytes.Length - 8), BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(4)));
    }

    [Fact]
    public void Two_party_recording_keeps_each_side_on_its_own_channel()
    {
        short[] caller = Signals.Tone(8000, 300, 0.02), callee = Signals.Tone(8000, 1200, 0.02);
        var stereo = new short[320];
        Assert.Equal(320, ClutchCall.Media.Pipeline.ChannelMixer.Interleave(caller, callee, stereo));
        WavAudio back = WavReader.Read(WavWriter.ToBytes(new WavAudio(8000, 2, stereo)));
        Assert.Equal(caller, back.Samples.Where((_, i) => i % 2 == 0).ToArray());
        Assert.Equal(callee, back.Samples.Where((_, i) => i % 2 == 1).ToArray());
        Assert.Throws<ArgumentException>(() => ClutchCall.Media.Pipeline.ChannelMixer.Interleave(caller, callee.AsSpan(1), stereo));
    }

    [Fact]
    public void Rejects_non_pcm16_and_non_wave_input()
    {
        byte[] file = WavWriter.ToBytes(new WavAudio(8000, 1, [0]));
        file[34] = 8; // 8-bit samples
        Assert.Contains("16-bit", Assert.Throws<InvalidDataException>(() => WavReader.Read(file)).Message);
        Assert.Throws<InvalidDataException>(() => WavReader.Read("RIFX0000WAVE"u8));
        Assert.Throws<InvalidDataException>(() => WavReader.Read(WavWriter.ToBytes(new WavAudio(8000, 1, [])).AsSpan(0, 36)));
    }
}
