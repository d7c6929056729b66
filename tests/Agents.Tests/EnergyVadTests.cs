using ClutchCall.Agents.Turns;

namespace ClutchCall.Agents.Tests;

public sealed class EnergyVadTests
{
    [Theory]
    [InlineData(8000, 20)]
    [InlineData(8000, 10)]
    [InlineData(16000, 20)]
    [InlineData(16000, 10)]
    public void ToneAfterNoiseIsSpeechAndNoiseIsNot(int rate, int frameMs)
    {
        var vad = new EnergyVad(TurnPolicy.Default);
        var random = new Random(7);
        int samples = rate * frameMs / 1000;
        for (int i = 0; i < 2000 / frameMs; i++)
        {
            Assert.False(vad.Process(Noise(random, samples, 100), rate).IsSpeech, $"noise frame {i}");
        }

        VadDecision tone = vad.Process(Tone(rate, samples, 3000), rate);
        Assert.True(tone.IsSpeech);
        Assert.InRange(tone.NoiseFloorDbfs, -58, -53); // uniform noise of amplitude 100: RMS 57.7, -55 dBFS
    }

    [Fact]
    public void FloorFollowsALouderStationaryNoiseWithinTheWindow()
    {
        var vad = new EnergyVad(TurnPolicy.Default);
        var random = new Random(3);
        for (int i = 0; i < 100; i++)
        {
            vad.Process(Noise(random, 160, 30), 8000);
        }

        // The noise jumps by about 30 dB (an air conditioner starts): at first it looks like speech...
        Assert.True(vad.Process(Noise(random, 160, 1000), 8000).IsSpeech);
        // ...but after the floor window the new level is the floor.
        for (int i = 0; i < EnergyVad.FloorWindowMs / 20 + 10; i++)
        {
            vad.Process(Noise(random, 160, 1000), 8000);
        }

        Assert.False(vad.Process(Noise(random, 160, 1000), 8000).IsSpeech);
    }

    [Fact]
    public void HangoverBridgesShortDipsThenEnds()
    {
        var vad = new EnergyVad(TurnPolicy.Default with { VadHangover = TimeSpan.FromMilliseconds(40) });
        var silence = new short[160];
        vad.Process(silence, 8000);
        Assert.True(vad.Process(Tone(8000, 160, 3000), 8000).IsSpeech);
        Assert.True(vad.Process(silence, 8000).IsSpeech);
        Assert.True(vad.Process(silence, 8000).IsSpeech);
        Assert.False(vad.Process(silence, 8000).IsSpeech);
    }

    [Fact]
    public void AbsoluteGateRejectsQuietSoundsOnADeadQuietLine()
    {
        var vad = new EnergyVad(TurnPolicy.Default);
        vad.Process(new short[160], 8000);
        Assert.False(vad.Process(Tone(8000, 160, 50), 8000).IsSpeech); // about -59 dBFS, below -50
    }

    [Fact]
    public void LevelOfKnownSignals()
    {
        short[] square = new short[160];
        Array.Fill(square, short.MaxValue);
        Assert.Equal(0, EnergyVad.LevelDbfs(square), 1);
        Assert.Equal(-100, EnergyVad.LevelDbfs(new short[160]));
        Assert.Equal(-100, EnergyVad.LevelDbfs([]));
        Assert.Equal(-3.0, EnergyVad.LevelDbfs(Tone(8000, 8000, 32767)), 1); // a full-scale sine is -3 dBFS
    }

    [Fact]
    public void ProcessingAllocatesNothing()
    {
        var vad = new EnergyVad(TurnPolicy.Default);
        short[] frame = Tone(8000, 160, 3000);
        vad.Process(frame, 8000);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++)
        {
            vad.Process(frame, 8000);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void RejectsABadSampleRate() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new EnergyVad(TurnPolicy.Default).Process(new short[160], 0));

    internal static short[] Tone(int rate, int samples, int amplitude) =>
        [.. Enumerable.Range(0, samples).Select(i => (short)(amplitude * Math.Sin(2 * Math.PI * 440 * i / rate)))];

    internal static short[] Noise(Random random, int samples, int amplitude) =>
        [.. Enumerable.Range(0, samples).Select(_ => (short)random.Next(-amplitude, amplitude + 1))];
}
