using System.Collections.Immutable;
using System.Text.RegularExpressions;

namespace ClutchCall.Agents.Local;

/// <summary>Where a scripted dialogue stands: the current step (null once it has said goodbye) and the captured slots.</summary>
public sealed record IvrState(string? StepId, ImmutableDictionary<string, string> Slots)
{
    public static IvrState Start(IvrScript script) => new(script.StartStep, ImmutableDictionary<string, string>.Empty);

    public bool Finished => StepId is null;
}

/// <summary>The pure step function of a script: state + caller transcript -> new state + what to say.</summary>
public static partial class IvrDialogue
{
    /// <summary>
    /// Advances <paramref name="state"/> on one caller turn. The reply is empty once the dialogue has finished; an
    /// unmatched turn keeps the step and returns its reprompt.
    /// </summary>
    public static (IvrState State, string Reply) Next(IvrScript script, IvrState state, string transcript)
    {
        if (state.StepId is null)
        {
            return (state, string.Empty);
        }

        IvrStep step = script.Step(state.StepId);
        HashSet<string> words = Words(transcript);
        foreach (IvrChoice choice in step.Choices)
        {
            string? matched = choice.Keywords.FirstOrDefault(k => words.Contains(k.ToLowerInvariant()));
            if (matched is null)
            {
                continue;
            }

            ImmutableDictionary<string, string> slots = choice.Capture is null
                ? state.Slots
                : state.Slots.SetItem(choice.Capture, matched.ToLowerInvariant());
            return (new IvrState(choice.Next, slots), Fill(choice.Reply, slots));
        }

        return (state, Fill(step.Reprompt, state.Slots));
    }

    /// <summary>Splits a reply into sentences so the first can be spoken while the rest is synthesised.</summary>
    public static IReadOnlyList<string> Sentences(string reply) =>
        SentenceEnd().Split(reply).Select(s => s.Trim()).Where(s => s.Length > 0).ToArray();

    private static HashSet<string> Words(string transcript) =>
        new(WordPattern().Matches(transcript.ToLowerInvariant()).Select(m => m.Value), StringComparer.Ordinal);

    private static string Fill(string template, ImmutableDictionary<string, string> slots) =>
        SlotPattern().Replace(template, m => slots.TryGetValue(m.Groups[1].Value, out string? value) ? value : m.Value);

    [GeneratedRegex(@"[a-z']+")]
    private static partial Regex WordPattern();

    [GeneratedRegex(@"\{([A-Za-z0-9_]+)\}")]
    private static partial Regex SlotPattern();

    [GeneratedRegex(@"(?<=[.?!])\s+")]
    private static partial Regex SentenceEnd();
}
