using ClutchCall.Media.Wav;

namespace ClutchCall.Media.Tests.Support;

/// <summary>
/// Real synthesized speech: espeak-ng renders a phone-call sentence once, and sox converts it to each rate the
/// tests need (sox, not our resampler, so the fixture is independent of the code under test).
/// </summary>
public sealed class SpeechFixture : IDisposable
{
    private const string Sentence = "Hello, thank you for calling. Your appointment is on Tuesday at four thirty. Can I help with anything else?";
    private readonly Dictionary<int, WavAudio> _byRate = [];

    public SpeechFixture()
    {
        Directory = ExternalTools.TempDirectory();
        SourcePath = Path.Combine(Directory, "speech.wav");
        ExternalTools.Run("espeak-ng", "-w", SourcePath, Sentence);
        foreach (int rate in new[] { 8000, 16000, 24000, 48000 })
        {
            string path = PathAt(rate);
            ExternalTools.Run("sox", "-D", SourcePath, "-r", rate.ToString(System.Globalization.CultureInfo.InvariantCulture), "-c", "1", path);
            _byRate[rate] = WavReader.Read(path);
        }
    }

    public string Directory { get; }
    public string SourcePath { get; }

    public string PathAt(int rate) => Path.Combine(Directory, $"speech-{rate}.wav");

    public WavAudio At(int rate) => _byRate[rate];

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);
}
