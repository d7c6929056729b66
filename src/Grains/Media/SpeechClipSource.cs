using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using ClutchCall.Media.Wav;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ClutchCall.Grains.Media;

/// <summary>
/// Makes the simulated callee's voice once per process: espeak-ng speaks the phrase, sox converts it to 8 kHz mono
/// PCM16, and the result is cached in the temp directory by content hash (so test runs synthesise it once).
/// Without espeak-ng or sox it falls back to a synthetic "speech-like" tone pattern (see <see cref="TonePattern"/>)
/// and logs why. Generation runs in the background: callers get a task and play silence until it is done.
/// </summary>
public sealed partial class SpeechClipSource(IOptions<SimulatedCalleeOptions> options, ILogger<SpeechClipSource> log)
{
    private readonly Lazy<Task<SpeechClip>> _clip = new(() => Task.Run(() => Make(options.Value.Phrase, log)));

    public static string CacheDirectory => Path.Combine(Path.GetTempPath(), "clutchcall-simulated-callee-v1");

    public Task<SpeechClip> Clip => _clip.Value;

    private static SpeechClip Make(string phrase, ILogger log)
    {
        try
        {
            Directory.CreateDirectory(CacheDirectory);
            var key = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(phrase)))[..16];
            var path = Path.Combine(CacheDirectory, $"callee-{key}.wav");
            if (!File.Exists(path))
            {
                var raw = Path.Combine(CacheDirectory, $"raw-{key}-{Environment.ProcessId}.wav");
                var temp = $"{path}.{Environment.ProcessId}.tmp.wav";
                Run("espeak-ng", "-w", raw, phrase);
                Run("sox", raw, "-r", "8000", "-c", "1", "-b", "16", temp, "gain", "-n", "-3");
                File.Delete(raw);
                File.Move(temp, path, overwrite: true);
            }
            var audio = WavReader.Read(path);
            if (audio.SampleRate != SpeechClip.SampleRate || audio.Channels != 1 || audio.Samples.Length == 0)
            {
                throw new InvalidDataException($"{path} is {audio.SampleRate} Hz x{audio.Channels}, expected 8000 Hz mono");
            }
            return new SpeechClip(audio.Samples, "espeak-ng");
        }
        catch (Exception e) when (e is InvalidOperationException or IOException or InvalidDataException or System.ComponentModel.Win32Exception)
        {
            LogFallback(log, e.Message);
            return new SpeechClip(TonePattern(), "tone");
        }
    }

    /// <summary>
    /// The fallback voice: 2 s of "syllables", 180 ms tones stepping through 300, 450, 600 and 450 Hz with a 10 ms
    /// fade and 70 ms gaps, at about -9 dBFS. Clearly not speech, but it has speech's on/off energy rhythm.
    /// </summary>
    public static short[] TonePattern()
    {
        const int rate = SpeechClip.SampleRate, tone = rate * 180 / 1000, gap = rate * 70 / 1000, fade = rate / 100;
        int[] steps = [300, 450, 600, 450];
        var samples = new short[8 * (tone + gap)];
        for (var s = 0; s < 8; s++)
        {
            var f = steps[s % steps.Length];
            for (var i = 0; i < tone; i++)
            {
                var envelope = Math.Min(1.0, Math.Min(i, tone - 1 - i) / (double)fade);
                samples[s * (tone + gap) + i] = (short)(11000 * envelope * Math.Sin(2 * Math.PI * f * i / rate));
            }
        }
        return samples;
    }

    private static void Run(string tool, params string[] args)
    {
        var start = new ProcessStartInfo(tool) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {tool}");
        var stderr = process.StandardError.ReadToEndAsync();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{tool} failed with exit code {process.ExitCode}: {stderr.Result}");
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The simulated callee speaks a tone pattern instead of speech: {Reason}. Install espeak-ng and sox (apt-get install espeak-ng sox) for a spoken clip.")]
    private static partial void LogFallback(ILogger log, string reason);
}
