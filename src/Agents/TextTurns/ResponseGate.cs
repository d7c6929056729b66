using System.Threading.Channels;
using ClutchCall.Agents.Sessions;

namespace ClutchCall.Agents.TextTurns;

/// <summary>
/// One response's right to write to the session outputs. Finishing it (played out or cancelled) and emitting happen under
/// one lock, so nothing of a response can follow its <see cref="AgentResponseDone"/>, whichever thread finishes it.
/// </summary>
internal sealed class ResponseGate(ChannelWriter<AgentOutput> outputs)
{
    // Not linked to another token and never given a timer, so it holds nothing that needs disposing.
    private readonly CancellationTokenSource _cancel = new();
    private readonly Lock _lock = new();
    private bool _finished;

    public CancellationToken Token => _cancel.Token;

    public bool TryEmit(AgentOutput output)
    {
        lock (_lock)
        {
            return !_finished && outputs.TryWrite(output);
        }
    }

    public bool TryEmit(AgentOutput first, AgentOutput second)
    {
        lock (_lock)
        {
            if (_finished)
            {
                return false;
            }

            outputs.TryWrite(first);
            outputs.TryWrite(second);
            return true;
        }
    }

    /// <summary>Ends the response normally: emits <c>AgentResponseDone(false)</c> unless it already ended.</summary>
    public bool TryComplete() => TryFinish(cancelled: false);

    /// <summary>
    /// Ends the response on a barge-in: emits <c>AgentResponseDone(true)</c> and signals <see cref="Token"/>. Callback work runs on
    /// the thread pool (CancelAsync), because this is called from the media thread.
    /// </summary>
    public bool TryCancel()
    {
        if (!TryFinish(cancelled: true))
        {
            return false;
        }

        _ = _cancel.CancelAsync();
        return true;
    }

    /// <summary>Stops the work without emitting anything (the session is closing).</summary>
    public void Abandon()
    {
        lock (_lock)
        {
            _finished = true;
        }

        _ = _cancel.CancelAsync();
    }

    private bool TryFinish(bool cancelled)
    {
        lock (_lock)
        {
            if (_finished)
            {
                return false;
            }

            _finished = true;
            outputs.TryWrite(new AgentResponseDone(cancelled));
            return true;
        }
    }
}
