using System.ComponentModel;
using System.Diagnostics;
using ClutchCall.Agents.Sessions;
using ClutchCall.Media.Wav;

namespace ClutchCall.Agents.Speech;

/// <summary>
/// Text to speech by running <c>espeak-ng --stdout</c> per phrase (its 22.05 kHz WAV is resampled to the rate asked for).
/// IVR prompts repeat, so clips are kept in a small LRU cache keyed by text, voice, speaking rate and sample rate.
/// Thread-safe; a process start costs a few tens of milliseconds, a cache hit nothing.
/// </summary>
public sealed class EspeakSynthesizer : ISpeechSynthesizer
{
    private readonly EspeakOptions _options;
    private readonly LruCache<(string Text, string Voice, int WordsPerMinute, int SampleRate), short[]> _cache;
    private long _processRuns;

    public EspeakSynthesizer(EspeakOptions? options = null)
    {
        _options = options ?? new EspeakOptions();
        if (_options.WordsPerMinute is < 80 or > 450)
        {
            throw new ArgumentOutOfRangeException(nameof(options), _options.WordsPerMinute, "espeak-ng speaks 80..450 words per minute");
        }

        _cache = new(_options.CacheEntries);
    }

    /// <summary>How many times espeak-ng has been run (cache misses).</summary>
    public long ProcessRuns => Interlocked.Read(ref _processRuns);

    /// <summary>Clips currently cached.</summary>
    public int CachedClips => _cache.Count;

    public async Task<short[]> SynthesizeAsync(string text, int sampleRate, string? voice, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentOutOfRangeException.ThrowIfLessThan(sampleRate, 8000);
        voice ??= _options.DefaultVoice;
        var key = (text, voice, _options.WordsPerMinute, sampleRate);
        if (_cache.TryGet(key, out short[] cached))
        {
            return (short[])cached.Clone();
        }

        WavAudio wav = await RunAsync(text, voice, ct).ConfigureAwait(false);
        short[] mono = wav.Channels == 1 ? wav.Samples : Downmix(wav);
        short[] pcm = PcmResampling.Resample(mono, wav.SampleRate, sampleRate);
        _cache.Add(key, pcm);
        return (short[])pcm.Clone();
    }

    private async Task<WavAudio> RunAsync(string text, string voice, CancellationToken ct)
    {
        var start = new ProcessStartInfo(_options.Executable)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardInputEncoding = new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: false),
        };
        // Text goes in on stdin, so a phrase starting with '-' is never taken for an option.
        foreach (string arg in (string[])["--stdout", "-v", voice, "-s", _options.WordsPerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture)])
        {
            start.ArgumentList.Add(arg);
        }

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new SpeechSynthesisException($"could not start {_options.Executable}");
        }
        catch (Win32Exception e)
        {
            throw new SpeechSynthesisException($"could not start {_options.Executable} ({e.Message}); install it with `apt-get install espeak-ng`", e);
        }

        Interlocked.Increment(ref _processRuns);
        using (process)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(_options.Timeout);
            try
            {
                await process.StandardInput.WriteAsync(text.AsMemory(), timeout.Token).ConfigureAwait(false);
                process.StandardInput.Close();
                using var audio = new MemoryStream();
                Task copy = process.StandardOutput.BaseStream.CopyToAsync(audio, timeout.Token);
                Task<string> errors = process.StandardError.ReadToEndAsync(timeout.Token);
                await Task.WhenAll(copy, errors).ConfigureAwait(false);
                await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
                if (process.ExitCode != 0)
                {
                    throw new SpeechSynthesisException(
                        $"{_options.Executable} -v {voice} exited with code {process.ExitCode}: {errors.Result.Trim()}");
                }

                return Parse(audio.ToArray(), errors.Result, voice);
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                Kill(process);
                throw new SpeechSynthesisException($"{_options.Executable} took longer than {_options.Timeout.TotalSeconds:0.#} s");
            }
            catch (OperationCanceledException)
            {
                Kill(process);
                throw;
            }
        }
    }

    private WavAudio Parse(byte[] bytes, string stderr, string voice)
    {
        try
        {
            WavAudio wav = WavReader.Read(bytes);
            return wav.Samples.Length > 0
                ? wav
                : throw new SpeechSynthesisException($"{_options.Executable} -v {voice} produced no audio: {stderr.Trim()}");
        }
        catch (InvalidDataException e)
        {
            throw new SpeechSynthesisException($"{_options.Executable} -v {voice} wrote unreadable audio ({e.Message}): {stderr.Trim()}", e);
        }
    }

    private static short[] Downmix(WavAudio wav)
    {
        var mono = new short[wav.Samples.Length / wav.Channels];
        for (int i = 0; i < mono.Length; i++)
        {
            int sum = 0;
            for (int c = 0; c < wav.Channels; c++)
            {
                sum += wav.Samples[(i * wav.Channels) + c];
            }

            mono[i] = (short)(sum / wav.Channels);
        }

        return mono;
    }

    private static void Kill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }
    }
}
