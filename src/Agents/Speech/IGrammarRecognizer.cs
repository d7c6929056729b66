using ClutchCall.Agents.Sessions;

namespace ClutchCall.Agents.Speech;

/// <summary>A recognizer that can be constrained to a JSGF grammar between utterances (one per dialogue step).</summary>
public interface IGrammarRecognizer : ISpeechRecognizer
{
    /// <summary>
    /// Searches <paramref name="jsgf"/> from the next utterance on; null goes back to open recognition. An utterance in
    /// progress keeps the search it started with.
    /// </summary>
    void UseGrammar(string? jsgf);
}

/// <summary>A text agent that knows which JSGF grammar the caller's next answer should follow (null: any speech).</summary>
public interface IGrammarSource
{
    string? CurrentGrammar { get; }
}
