using System.Runtime.CompilerServices;
using ClutchCall.Agents.Sessions;
using ClutchCall.Agents.Speech;

namespace ClutchCall.Agents.Local;

/// <summary>
/// The <c>ivr</c> built-in: a keyword-driven <see cref="IvrScript"/> as an <see cref="ITextAgent"/>. It holds one call's
/// dialogue state, so use one instance per call. Replies are streamed a sentence at a time. <see cref="CurrentGrammar"/>
/// gives the JSGF grammar of the step awaiting an answer, for a grammar-constrained recognizer.
/// </summary>
public sealed class ScriptedAgent : ITextAgent, IGrammarSource
{
    private readonly Dictionary<string, string> _grammars;
    private IvrState _state;

    public ScriptedAgent(IvrScript? script = null)
    {
        Script = script ?? IvrScripts.Appointment;
        Script.Validate();
        _grammars = Script.Steps.ToDictionary(s => s.Id, JsgfGrammar.ForStep, StringComparer.Ordinal);
        _state = IvrState.Start(Script);
    }

    public IvrScript Script { get; }

    /// <summary>The dialogue state; replaced atomically on each turn, so it can be read from any thread.</summary>
    public IvrState State => Volatile.Read(ref _state);

    /// <summary>The grammar of the step awaiting the caller's answer; null once the dialogue is over.</summary>
    public string? CurrentGrammar => State.StepId is { } id ? _grammars[id] : null;

    public async IAsyncEnumerable<ReplyChunk> ReplyAsync(TextTurn turn, [EnumeratorCancellation] CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(turn);
        ct.ThrowIfCancellationRequested();
        (IvrState next, string reply) = IvrDialogue.Next(Script, State, turn.Text);
        Volatile.Write(ref _state, next);
        IReadOnlyList<string> sentences = IvrDialogue.Sentences(reply);
        for (int i = 0; i < sentences.Count; i++)
        {
            ct.ThrowIfCancellationRequested();
            yield return new ReplyChunk(sentences[i], Interim: i < sentences.Count - 1);
        }

        await Task.CompletedTask.ConfigureAwait(false);
    }
}
