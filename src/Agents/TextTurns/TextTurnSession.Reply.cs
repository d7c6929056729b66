using System.Text;
using ClutchCall.Agents.Sessions;
using ClutchCall.Agents.Speech;

namespace ClutchCall.Agents.TextTurns;

public sealed partial class TextTurnSession
{
    private async Task RunReplyAsync(ResponseGate gate, Func<CancellationToken, IAsyncEnumerable<ReplyChunk>> source, TextTurn? turn)
    {
        var spoken = new StringBuilder();
        try
        {
            await foreach (ReplyChunk chunk in source(gate.Token).WithCancellation(gate.Token).ConfigureAwait(false))
            {
                if (!string.IsNullOrWhiteSpace(chunk.Text))
                {
                    await SpeakAsync(gate, chunk.Text.Trim(), spoken).ConfigureAwait(false);
                }

                if (!chunk.Interim)
                {
                    break;
                }
            }
        }
        catch (OperationCanceledException) when (gate.Token.IsCancellationRequested)
        {
            // Barge-in or a newer turn: whoever cancelled already emitted the done marker.
        }
        catch (AgentReplyException e)
        {
            await FailTurnAsync(gate, e.Code, e.Message, spoken).ConfigureAwait(false);
        }
        catch (SpeechSynthesisException e)
        {
            // The synthesizer itself failed: a spoken fallback would fail the same way.
            gate.TryEmit(new AgentError("tts_failed", e.Message, Fatal: false));
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            await FailTurnAsync(gate, "agent_failed", $"{(turn is null ? "greeting" : "agent reply")} failed: {e.Message}", spoken).ConfigureAwait(false);
        }
        finally
        {
            if (spoken.Length > 0)
            {
                _history.Add(TranscriptRoles.Agent, spoken.ToString());
            }

            gate.TryComplete();
            lock (_replyLock)
            {
                if (_reply == gate)
                {
                    _reply = null;
                }
            }
        }
    }

    private async Task FailTurnAsync(ResponseGate gate, string code, string message, StringBuilder spoken)
    {
        if (!gate.TryEmit(new AgentError(code, message, Fatal: false)) || string.IsNullOrWhiteSpace(_options.FallbackLine))
        {
            return;
        }

        try
        {
            await SpeakAsync(gate, _options.FallbackLine, spoken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (gate.Token.IsCancellationRequested)
        {
            // Barged in on the fallback.
        }
        catch (SpeechSynthesisException e)
        {
            gate.TryEmit(new AgentError("tts_failed", e.Message, Fatal: false));
        }
    }

    private async Task SpeakAsync(ResponseGate gate, string text, StringBuilder spoken)
    {
        short[] pcm = await _synthesizer.SynthesizeAsync(text, _options.OutputSampleRate, _options.Voice, gate.Token).ConfigureAwait(false);
        if (gate.TryEmit(new AgentAudio(pcm), new AgentTranscript(TranscriptRoles.Agent, text, Final: true)))
        {
            spoken.Append(spoken.Length > 0 ? " " : string.Empty).Append(text);
        }
    }
}
