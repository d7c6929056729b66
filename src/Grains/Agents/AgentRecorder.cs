using ClutchCall.Grains.Interfaces;
using ClutchCall.Media.Wav;

namespace ClutchCall.Grains.Agents;

/// <summary>
/// Records the caller leg (mono) or both legs (stereo: caller left, agent right) at the mix rate while an agent runs.
/// Written from the media loop one frame at a time into a buffered file; the agent never waits on it.
/// </summary>
internal sealed class AgentRecorder : IDisposable
{
    private readonly FileStream _file;
    private readonly WavWriter _wav;
    private readonly short[] _interleaved;
    private readonly DateTimeOffset _startedAt;
    private readonly int _sampleRate;
    private long _frames;
    private bool _closed;

    public AgentRecorder(string path, bool bothLegs, int sampleRate, int samplesPerFrame, DateTimeOffset startedAt)
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        Path = path;
        BothLegs = bothLegs;
        _sampleRate = sampleRate;
        _startedAt = startedAt;
        _file = new FileStream(path, FileMode.Create, FileAccess.ReadWrite, FileShare.Read, bufferSize: 64 * 1024);
        _wav = new WavWriter(_file, sampleRate, bothLegs ? 2 : 1);
        _interleaved = new short[samplesPerFrame * 2];
    }

    public string Path { get; }

    public bool BothLegs { get; }

    /// <summary>One tick: the caller's frame (empty = silence) and, for two-leg recordings, what the agent said.</summary>
    public void Write(ReadOnlySpan<short> caller, ReadOnlySpan<short> agent)
    {
        if (_closed)
        {
            return;
        }
        var frame = _interleaved.Length / 2;
        if (!BothLegs)
        {
            var mono = _interleaved.AsSpan(0, frame);
            if (caller.Length == frame)
            {
                caller.CopyTo(mono);
            }
            else
            {
                mono.Clear();
            }
            _wav.Write(mono);
        }
        else
        {
            for (var i = 0; i < frame; i++)
            {
                _interleaved[2 * i] = caller.Length == frame ? caller[i] : (short)0;
                _interleaved[2 * i + 1] = agent.Length == frame ? agent[i] : (short)0;
            }
            _wav.Write(_interleaved);
        }
        _frames++;
    }

    /// <summary>Closes the file (patching the WAV sizes) and describes it.</summary>
    public RecordingInfo Finish()
    {
        Dispose();
        var seconds = _frames * (_interleaved.Length / 2) / (double)_sampleRate;
        return new RecordingInfo(Path, BothLegs ? "both" : "caller", _sampleRate, BothLegs ? 2 : 1, Math.Round(seconds, 2), _startedAt);
    }

    public void Dispose()
    {
        if (_closed)
        {
            return;
        }
        _closed = true;
        _wav.Dispose();
        _file.Dispose();
    }
}
