using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using ClutchCall.Media.Wav;

namespace ClutchCall.Agents.Corpus;

/// <summary>
/// Speaks text with espeak-ng and converts it with sox to 8 kHz PCM16 mono, trimmed to the speech itself (so a clip's
/// first and last samples are the ground-truth speech boundaries) and peak-normalised to -3 dBFS. Clips are cached by
/// content hash in <see cref="CacheDirectory"/>, so a test run synthesises each phrase once.
/// </summary>
public sealed class ClipSynthesizer
{
    public const int SampleRate = 8000;

    public ClipSynthesizer(string cacheDirectory)
    {
        CacheDirectory = cacheDirectory;
        Directory.CreateDirectory(cacheDirectory);
    }

    public static string DefaultCacheDirectory => Path.Combine(Path.GetTempPath(), "clutchcall-agents-corpus-v1");

    public string CacheDirectory { get; }

    public short[] Speak(string text, string voice, int wordsPerMinute)
    {
        string key = Hash($"{voice}|{wordsPerMinute}|{text}");
        string path = Path.Combine(CacheDirectory, $"speech-{key}.wav");
        if (!File.Exists(path))
        {
            string raw = Path.Combine(CacheDirectory, $"raw-{key}-{Environment.ProcessId}.wav");
            string temp = path + $".{Environment.ProcessId}.tmp.wav";
            Run("espeak-ng", "-v", voice, "-s", wordsPerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture), "-w", raw, text);
            Run("sox", raw, "-r", "8000", "-c", "1", "-b", "16", temp,
                "silence", "1", "0.01", "0.5%", "reverse", "silence", "1", "0.01", "0.5%", "reverse", "gain", "-n", "-3");
            File.Delete(raw);
            File.Move(temp, path, overwrite: true);
        }

        return Load(path);
    }

    /// <summary>Repeatable pink noise (sox -R), unit peak level -6 dBFS; the mixer scales it to the wanted SNR.</summary>
    public short[] PinkNoise(int seconds)
    {
        string path = Path.Combine(CacheDirectory, $"pink-{seconds}s.wav");
        if (!File.Exists(path))
        {
            string temp = path + $".{Environment.ProcessId}.tmp.wav";
            Run("sox", "-R", "-n", "-r", "8000", "-b", "16", "-c", "1", temp, "synth", seconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "pinknoise", "gain", "-n", "-6");
            File.Move(temp, path, overwrite: true);
        }

        return Load(path);
    }

    private static short[] Load(string path)
    {
        WavAudio audio = WavReader.Read(path);
        if (audio.SampleRate != SampleRate || audio.Channels != 1)
        {
            throw new InvalidDataException($"{path}: expected 8 kHz mono, got {audio.SampleRate} Hz x{audio.Channels}");
        }

        return audio.Samples;
    }

    private static void Run(string tool, params string[] args)
    {
        var start = new ProcessStartInfo(tool) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using Process process = Process.Start(start)
            ?? throw new InvalidOperationException($"could not start {tool}; install it with `apt-get install espeak-ng sox`");
        string stderr = process.StandardError.ReadToEnd();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{tool} failed with exit code {process.ExitCode}: {stderr}");
        }
    }

    private static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..16];
}
