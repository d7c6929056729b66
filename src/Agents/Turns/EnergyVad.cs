namespace ClutchCall.Agents.Turns;

/// <summary>
/// Energy voice-activity detector for PCM16 mono frames of any length (10/20 ms at 8 or 16 kHz).
/// The noise floor is the minimum frame level over a sliding window (minimum statistics): it follows a rising noise
/// within <see cref="FloorWindowMs"/> and drops at once when the line gets quieter, and speech never lifts it because
/// speech always has gaps. A frame is speech when it is <see cref="TurnPolicy.VadThresholdDb"/> above that floor and
/// above <see cref="TurnPolicy.VadMinLevelDbfs"/>; <see cref="TurnPolicy.VadHangover"/> bridges short dips.
/// Allocation-free per frame; one instance per leg, single-threaded.
/// </summary>
public sealed class EnergyVad
{
    /// <summary>The sliding window the noise floor is the minimum of.</summary>
    public const int FloorWindowMs = 2_000;

    private const int BlockMs = 200;
    private const int Blocks = FloorWindowMs / BlockMs;
    private const double SilenceDbfs = -100;

    private readonly double _thresholdDb;
    private readonly double _minLevelDbfs;
    private readonly long _hangoverMs;
    private readonly double[] _blockMinimums = new double[Blocks];
    private int _blocksFilled;
    private int _nextBlock;
    private double _currentBlockMin = double.MaxValue;
    private long _currentBlockMs;
    private long _hangoverLeftMs;

    public EnergyVad(TurnPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        policy.Validate();
        _thresholdDb = policy.VadThresholdDb;
        _minLevelDbfs = policy.VadMinLevelDbfs;
        _hangoverMs = policy.HangoverMs;
    }

    /// <summary>The current noise floor, or -100 dBFS before the first frame.</summary>
    public double NoiseFloorDbfs => Floor();

    /// <summary>Classifies one frame. <paramref name="sampleRate"/> gives the frame's duration.</summary>
    public VadDecision Process(ReadOnlySpan<short> frame, int sampleRate)
    {
        if (sampleRate <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(sampleRate), sampleRate, "sample rate must be positive");
        }

        long durationMs = frame.Length * 1000L / sampleRate;
        double level = LevelDbfs(frame);
        Track(level, durationMs);
        double floor = Floor();

        bool loud = level >= floor + _thresholdDb && level >= _minLevelDbfs;
        bool speech;
        if (loud)
        {
            _hangoverLeftMs = _hangoverMs;
            speech = true;
        }
        else
        {
            speech = _hangoverLeftMs > 0;
            _hangoverLeftMs = Math.Max(0, _hangoverLeftMs - durationMs);
        }

        return new VadDecision(speech, level, floor);
    }

    /// <summary>RMS level of a PCM16 frame in dBFS, floored at -100.</summary>
    public static double LevelDbfs(ReadOnlySpan<short> frame)
    {
        if (frame.IsEmpty)
        {
            return SilenceDbfs;
        }

        long sum = 0;
        foreach (short s in frame)
        {
            sum += s * s;
        }

        double meanSquare = (double)sum / frame.Length;
        return meanSquare <= 0 ? SilenceDbfs : Math.Max(SilenceDbfs, 10 * Math.Log10(meanSquare / (32768.0 * 32768.0)));
    }

    private void Track(double level, long durationMs)
    {
        _currentBlockMin = Math.Min(_currentBlockMin, level);
        _currentBlockMs += durationMs;
        if (_currentBlockMs < BlockMs)
        {
            return;
        }

        _blockMinimums[_nextBlock] = _currentBlockMin;
        _nextBlock = (_nextBlock + 1) % Blocks;
        _blocksFilled = Math.Min(Blocks, _blocksFilled + 1);
        _currentBlockMin = double.MaxValue;
        _currentBlockMs = 0;
    }

    private double Floor()
    {
        double floor = _currentBlockMin;
        for (int i = 0; i < _blocksFilled; i++)
        {
            floor = Math.Min(floor, _blockMinimums[i]);
        }

        return floor == double.MaxValue ? SilenceDbfs : floor;
    }
}
