using ClutchCall.Grains.Interfaces;
using ClutchCall.Media;
using ClutchCall.Media.Codecs;
using ClutchCall.Media.Wav;

namespace ClutchCall.Grains.Media;

/// <summary>
/// The far end of a call on the simulated trunk, as a G.711 µ-law 8 kHz leg: it speaks a clip in a loop (clip, pause,
/// clip, ...) at real-time pace and listens to the downlink. It keeps the RMS of every heard 20 ms frame for the last
/// few seconds and, when configured, records what it heard to <c>{sid}.wav</c> when the call ends.
/// Driven by the media loop only; <see cref="Snapshot"/> may be called from any thread.
/// </summary>
public sealed class SimulatedCallee : ICallerLeg
{
    private readonly Task<SpeechClip> _clip;
    private readonly int _pauseSamples;
    private readonly short[] _pcm;
    private readonly int[] _heardRms;
    private readonly object _statsGate = new();
    private readonly string? _recordPath;
    private WavWriter? _recorder;
    private int _position;
    private int _heardCount;
    private long _framesSent;
    private long _framesHeard;

    public SimulatedCallee(string sid, Task<SpeechClip> clip, SimulatedCalleeOptions options)
    {
        _clip = clip;
        _pauseSamples = Math.Max(0, options.PauseMs) * SpeechClip.SampleRate / 1000;
        _pcm = new short[Format.SamplesPerFrame];
        _heardRms = new int[Math.Max(1, options.HeardHistorySeconds) * 1000 / Format.FrameMs];
        if (!string.IsNullOrEmpty(options.RecordDirectory))
        {
            Directory.CreateDirectory(options.RecordDirectory);
            _recordPath = Path.Combine(options.RecordDirectory, sid + ".wav");
            _recorder = new WavWriter(new FileStream(_recordPath + ".part", FileMode.Create, FileAccess.ReadWrite, FileShare.Read, 64 * 1024), Format.SampleRate, 1);
        }
    }

    public AudioFormat Format { get; } = AudioFormat.G711Ulaw8k;

    public bool TryProduce(Span<byte> destination, out int bytesWritten)
    {
        var pcm = _pcm.AsSpan();
        pcm.Clear();
        if (_clip.IsCompletedSuccessfully)
        {
            var clip = _clip.Result.Samples;
            var cycle = clip.Length + _pauseSamples;
            for (var i = 0; i < pcm.Length; i++)
            {
                var at = (_position + i) % cycle;
                pcm[i] = at < clip.Length ? clip[at] : (short)0;
            }
            _position = (_position + pcm.Length) % cycle;
        }
        G711.EncodeMuLaw(pcm, destination);
        bytesWritten = pcm.Length;
        Interlocked.Increment(ref _framesSent);
        return true;
    }

    public void Hear(ReadOnlySpan<byte> encoded)
    {
        var pcm = _pcm.AsSpan(0, Math.Min(encoded.Length, _pcm.Length));
        G711.DecodeMuLaw(encoded[..pcm.Length], pcm);
        _recorder?.Write(pcm);
        var rms = Rms(pcm);
        lock (_statsGate)
        {
            _heardRms[_heardCount % _heardRms.Length] = rms;
            _heardCount++;
            _framesHeard++;
        }
    }

    public void Complete()
    {
        if (_recorder is null || _recordPath is null)
        {
            return;
        }
        _recorder.Dispose();
        _recorder = null;
        File.Move(_recordPath + ".part", _recordPath, overwrite: true);
    }

    public CallerLegStats Snapshot()
    {
        var voice = _clip.IsCompletedSuccessfully ? _clip.Result.Voice : "pending";
        lock (_statsGate)
        {
            var kept = Math.Min(_heardCount, _heardRms.Length);
            var rms = new int[kept];
            for (var i = 0; i < kept; i++)
            {
                rms[i] = _heardRms[(_heardCount - kept + i) % _heardRms.Length];
            }
            return new CallerLegStats("simulated_callee", Format.ToString(), voice, Interlocked.Read(ref _framesSent), _framesHeard, rms);
        }
    }

    public void Dispose() => _recorder?.Dispose();

    public static int Rms(ReadOnlySpan<short> pcm)
    {
        if (pcm.IsEmpty)
        {
            return 0;
        }
        long sum = 0;
        foreach (var s in pcm)
        {
            sum += s * s;
        }
        return (int)Math.Sqrt(sum / (double)pcm.Length);
    }
}
