using System.Threading.Channels;
using ClutchCall.Agents.Sessions;
using ClutchCall.Agents.TextTurns;

namespace ClutchCall.Agents.Local;

/// <summary>
/// The <c>echo</c> built-in: plays each committed caller turn back. No network, no recognizer.
/// <para>Timing, so tests can reason about it: caller audio since the last commit or clear is kept (the first
/// <see cref="EchoAgentOptions.MaxEcho"/> of it). <see cref="CommitTurn"/> starts the echo at once: with pacing, frame k
/// (<see cref="EchoAgentOptions.Frame"/> long, the last one shorter) is emitted k frames after the commit, on the session's
/// <see cref="TimeProvider"/>, and <c>AgentResponseDone(false)</c> follows the last frame immediately; without pacing every
/// frame and the done marker are emitted inside <see cref="CommitTurn"/>. <see cref="CancelResponse"/> emits
/// <c>AgentResponseDone(true)</c> and no further frame. A commit during an echo cancels it the same way, then starts the new
/// one. An empty turn echoes nothing and emits nothing. No transcripts.</para>
/// </summary>
public sealed class EchoAgentSession : IAgentSession
{
    private readonly EchoAgentOptions _options;
    private readonly TimeProvider _time;
    private readonly Channel<AgentOutput> _outputs = Channel.CreateUnbounded<AgentOutput>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Lock _lock = new();
    private readonly int _frameSamples;
    private readonly int _maxSamples;
    private short[] _turn;
    private int _turnLength;
    private ResponseGate? _echo;

    public EchoAgentSession(EchoAgentOptions? options = null, TimeProvider? timeProvider = null)
    {
        _options = options ?? new EchoAgentOptions();
        if (_options.SampleRate is not (8000 or 16000 or 24000 or 48000))
        {
            throw new ArgumentOutOfRangeException(nameof(options), _options.SampleRate, "sample rates are 8000, 16000, 24000 or 48000 Hz");
        }

        _frameSamples = (int)(_options.Frame.TotalSeconds * _options.SampleRate);
        _maxSamples = (int)(_options.MaxEcho.TotalSeconds * _options.SampleRate);
        if (_frameSamples <= 0 || _maxSamples <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(options), "Frame and MaxEcho must be positive");
        }

        _time = timeProvider ?? TimeProvider.System;
        _turn = new short[Math.Min(_maxSamples, _options.SampleRate)];
    }

    public int InputSampleRate => _options.SampleRate;

    public int OutputSampleRate => _options.SampleRate;

    public ChannelReader<AgentOutput> Outputs => _outputs.Reader;

    public Task StartAsync(CancellationToken ct) => Task.CompletedTask;

    public void AppendCallerAudio(ReadOnlySpan<short> pcm)
    {
        lock (_lock)
        {
            int take = Math.Min(pcm.Length, _maxSamples - _turnLength);
            if (take <= 0)
            {
                return;
            }

            if (_turnLength + take > _turn.Length)
            {
                Array.Resize(ref _turn, Math.Min(_maxSamples, Math.Max(_turn.Length * 2, _turnLength + take)));
            }

            pcm[..take].CopyTo(_turn.AsSpan(_turnLength));
            _turnLength += take;
        }
    }

    public void CommitTurn()
    {
        ResponseGate gate;
        short[] turn;
        lock (_lock)
        {
            _echo?.TryCancel();
            _echo = null;
            if (_turnLength == 0)
            {
                return;
            }

            turn = _turn.AsSpan(0, _turnLength).ToArray();
            _turnLength = 0;
            gate = new ResponseGate(_outputs.Writer);
            _echo = gate;
        }

        if (_options.Paced)
        {
            _ = PlayPacedAsync(gate, turn);
        }
        else
        {
            for (int offset = 0; offset < turn.Length; offset += _frameSamples)
            {
                gate.TryEmit(new AgentAudio(Frame(turn, offset)));
            }

            gate.TryComplete();
        }
    }

    public void ClearInput()
    {
        lock (_lock)
        {
            _turnLength = 0;
        }
    }

    public void CancelResponse()
    {
        lock (_lock)
        {
            _echo?.TryCancel();
            _echo = null;
        }
    }

    public ValueTask DisposeAsync()
    {
        lock (_lock)
        {
            _echo?.Abandon();
            _echo = null;
        }

        _outputs.Writer.TryComplete();
        return ValueTask.CompletedTask;
    }

    private async Task PlayPacedAsync(ResponseGate gate, short[] turn)
    {
        try
        {
            using var timer = new PeriodicTimer(_options.Frame, _time);
            for (int offset = 0; offset < turn.Length; offset += _frameSamples)
            {
                if (offset > 0 && !await timer.WaitForNextTickAsync(gate.Token).ConfigureAwait(false))
                {
                    return;
                }

                if (!gate.TryEmit(new AgentAudio(Frame(turn, offset))))
                {
                    return; // cancelled between ticks
                }
            }

            gate.TryComplete();
        }
        catch (OperationCanceledException)
        {
            // Cancelled: the canceller emitted the done marker.
        }
    }

    private ReadOnlyMemory<short> Frame(short[] turn, int offset) =>
        turn.AsMemory(offset, Math.Min(_frameSamples, turn.Length - offset));
}
