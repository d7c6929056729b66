using System.Buffers;
using System.Threading.Channels;
using ClutchCall.Agents.Sessions;
using ClutchCall.Agents.Speech;

namespace ClutchCall.Agents.TextTurns;

/// <summary>
/// A model leg made of three parts: speech recognition, a text agent and speech synthesis (webhook voice mode, hosted
/// LLM mode, the scripted local agent). Caller audio is recognised as it arrives on a worker loop; on
/// <see cref="CommitTurn"/> the final caller transcript is emitted and the text agent is asked for a reply on the thread
/// pool. Each reply chunk is synthesised and emitted as <see cref="AgentAudio"/> then <see cref="AgentTranscript"/> (one
/// final transcript per spoken chunk), so speech starts with the first chunk; <see cref="AgentResponseDone"/> ends it.
/// A failing agent turn gives a non-fatal <see cref="AgentError"/> and the spoken fallback line; the session carries on.
/// The session owns (and disposes) the recognizer; the agent and synthesizer may be shared.
/// </summary>
public sealed partial class TextTurnSession : IAgentSession
{
    private readonly ISpeechRecognizer _recognizer;
    private readonly ITextAgent _agent;
    private readonly ISpeechSynthesizer _synthesizer;
    private readonly TextTurnSessionOptions _options;
    private readonly ConversationHistory _history;
    private readonly Channel<InputCommand> _input =
        Channel.CreateUnbounded<InputCommand>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
    private readonly Channel<AgentOutput> _outputs =
        Channel.CreateUnbounded<AgentOutput>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Lock _replyLock = new();
    private ResponseGate? _reply;
    private Task _replies = Task.CompletedTask;
    private Task? _inputLoop;
    private int _disposed;

    public TextTurnSession(ISpeechRecognizer recognizer, ITextAgent agent, ISpeechSynthesizer synthesizer, TextTurnSessionOptions? options = null)
    {
        _recognizer = recognizer ?? throw new ArgumentNullException(nameof(recognizer));
        _agent = agent ?? throw new ArgumentNullException(nameof(agent));
        _synthesizer = synthesizer ?? throw new ArgumentNullException(nameof(synthesizer));
        _options = options ?? new TextTurnSessionOptions();
        _options.Validate();
        _history = new ConversationHistory(_options.HistoryLimit);
        foreach (var message in _options.PriorHistory)
        {
            _history.Add(message.Role, message.Text);
        }
    }

    public int InputSampleRate => _options.InputSampleRate;

    public int OutputSampleRate => _options.OutputSampleRate;

    public ChannelReader<AgentOutput> Outputs => _outputs.Reader;

    /// <summary>The conversation so far (both sides, capped at <see cref="TextTurnSessionOptions.HistoryLimit"/>).</summary>
    public IReadOnlyList<ConversationMessage> History => _history.Snapshot();

    public Task StartAsync(CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        if (_inputLoop is not null)
        {
            throw new InvalidOperationException("the session is already started");
        }

        if (_options.Greeting is { Length: > 0 } greeting)
        {
            StartReply(_ => Single(greeting), turn: null);
        }

        _inputLoop = Task.Run(RunInputAsync, CancellationToken.None);
        return Task.CompletedTask;
    }

    public void AppendCallerAudio(ReadOnlySpan<short> pcm)
    {
        if (pcm.IsEmpty)
        {
            return;
        }

        short[] copy = ArrayPool<short>.Shared.Rent(pcm.Length);
        pcm.CopyTo(copy);
        if (!_input.Writer.TryWrite(new InputCommand(InputKind.Audio, copy, pcm.Length)))
        {
            ArrayPool<short>.Shared.Return(copy);
        }
    }

    public void CommitTurn() => _input.Writer.TryWrite(new InputCommand(InputKind.Commit, null, 0));

    public void ClearInput() => _input.Writer.TryWrite(new InputCommand(InputKind.Clear, null, 0));

    public void CancelResponse()
    {
        ResponseGate? reply;
        lock (_replyLock)
        {
            reply = _reply;
        }

        reply?.TryCancel();
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        // The input loop sees _disposed and only returns buffers from here on, so no reply starts after the abandon below.
        _input.Writer.TryComplete();
        if (_inputLoop is not null)
        {
            await _inputLoop.ConfigureAwait(false);
        }

        lock (_replyLock)
        {
            _reply?.Abandon();
        }

        await _replies.ConfigureAwait(false);
        _recognizer.Dispose();
        _outputs.Writer.TryComplete();
    }

    /// <summary>Replaces any reply still running (cancelled, with its done marker) by a new one for <paramref name="turn"/>.</summary>
    private void StartReply(Func<CancellationToken, IAsyncEnumerable<ReplyChunk>> source, TextTurn? turn)
    {
        var gate = new ResponseGate(_outputs.Writer);
        lock (_replyLock)
        {
            _reply?.TryCancel();
            _reply = gate;
        }

        Task run = Task.Run(() => RunReplyAsync(gate, source, turn), CancellationToken.None);
        _replies = Task.WhenAll(_replies, run);
    }

    private static async IAsyncEnumerable<ReplyChunk> Single(string text)
    {
        await Task.CompletedTask.ConfigureAwait(false);
        yield return new ReplyChunk(text, Interim: false);
    }

    private enum InputKind
    {
        Audio,
        Commit,
        Clear,
    }

    private readonly record struct InputCommand(InputKind Kind, short[]? Pooled, int Length);
}
