namespace ClutchCall.Agents.Local;

/// <summary>
/// A keyword-driven dialogue for <see cref="ScriptedAgent"/>: the agent speaks <see cref="Greeting"/>, then on each caller
/// turn the current step's first choice whose keyword appears in the transcript gives the reply and the next step. A turn
/// matching nothing gets the step's reprompt. Operators define their own scripts as data; <see cref="IvrScripts.Appointment"/>
/// is the built-in one.
/// </summary>
/// <param name="Name">Short identifier (<c>appointment</c>).</param>
/// <param name="Greeting">What the agent says first, before the caller speaks.</param>
/// <param name="StartStep">The <see cref="IvrStep.Id"/> the dialogue begins in (the greeting asks its question).</param>
/// <param name="Steps">All steps; ids are unique.</param>
public sealed record IvrScript(string Name, string Greeting, string StartStep, IReadOnlyList<IvrStep> Steps)
{
    public IvrStep Step(string id) =>
        Steps.FirstOrDefault(s => s.Id == id) ?? throw new KeyNotFoundException($"script '{Name}' has no step '{id}'");

    /// <summary>Throws <see cref="ArgumentException"/> naming the first problem: duplicate or unknown step ids, empty keywords, bad grammar words.</summary>
    public void Validate()
    {
        if (Steps.Count == 0 || string.IsNullOrWhiteSpace(Greeting))
        {
            throw new ArgumentException($"script '{Name}' needs a greeting and at least one step");
        }

        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (IvrStep step in Steps)
        {
            if (!ids.Add(step.Id))
            {
                throw new ArgumentException($"script '{Name}' defines step '{step.Id}' twice");
            }
        }

        if (!ids.Contains(StartStep))
        {
            throw new ArgumentException($"script '{Name}' starts in unknown step '{StartStep}'");
        }

        foreach (IvrStep step in Steps)
        {
            if (step.Choices.Count == 0)
            {
                throw new ArgumentException($"step '{step.Id}' has no choices");
            }

            foreach (IvrChoice choice in step.Choices)
            {
                if (choice.Keywords.Count == 0 || choice.Keywords.Any(k => string.IsNullOrWhiteSpace(k) || k.Contains(' ', StringComparison.Ordinal)))
                {
                    throw new ArgumentException($"step '{step.Id}': every choice needs single-word keywords");
                }

                if (choice.Next is not null && !ids.Contains(choice.Next))
                {
                    throw new ArgumentException($"step '{step.Id}' goes to unknown step '{choice.Next}'");
                }
            }

            JsgfGrammar.ForStep(step); // throws on words or syntax a JSGF grammar cannot hold
        }
    }
}

/// <summary>One question of a script and the answers it understands.</summary>
/// <param name="Id">Unique within the script.</param>
/// <param name="Choices">Tried in order; the first whose keyword is in the transcript wins.</param>
/// <param name="Reprompt">Said when nothing matched; the step stays. May use captured <c>{slot}</c> values.</param>
public sealed record IvrStep(string Id, IReadOnlyList<IvrChoice> Choices, string Reprompt)
{
    /// <summary>A complete JSGF grammar for this step's answers, instead of the one built from the choices' phrases. Default: null.</summary>
    public string? Grammar { get; init; }
}

/// <summary>One understood answer.</summary>
/// <param name="Keywords">Single lowercase words; any of them in the transcript selects this choice.</param>
/// <param name="Reply">What the agent says. <c>{slot}</c> is replaced by a captured value. Sentences are spoken as they are ready.</param>
/// <param name="Next">The step after this reply; null ends the dialogue (the reply is the goodbye).</param>
public sealed record IvrChoice(IReadOnlyList<string> Keywords, string Reply, string? Next)
{
    /// <summary>Stores the matched keyword under this slot name for later replies (<c>{day}</c>). Default: null.</summary>
    public string? Capture { get; init; }

    /// <summary>
    /// What callers say for this choice, as JSGF expansions (words, <c>[optional]</c>, <c>( a | b )</c>), for the
    /// recognizer grammar. Default: empty, meaning any one keyword.
    /// </summary>
    public IReadOnlyList<string> Phrases
    {
        get => _phrases;
        init => _phrases = value ?? []; // JSON without "phrases" sets null
    }

    private readonly IReadOnlyList<string> _phrases = [];
}
