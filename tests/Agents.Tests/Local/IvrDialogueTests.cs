using ClutchCall.Agents.Local;
using ClutchCall.Agents.Sessions;

namespace ClutchCall.Agents.Tests.Local;

public sealed class IvrDialogueTests
{
    private static readonly IvrScript Script = IvrScripts.Appointment;

    [Fact]
    public void The_appointment_script_books_a_day_through_ask_confirm_goodbye()
    {
        IvrState state = IvrState.Start(Script);

        (state, string reply) = IvrDialogue.Next(Script, state, "yes i would like to book an appointment");
        Assert.Equal(("day", "Sure. Which day would you like?"), (state.StepId, reply));

        (state, reply) = IvrDialogue.Next(Script, state, "on wednesday please");
        Assert.Equal(("confirm", "Okay, wednesday. Is that right?"), (state.StepId, reply));

        (state, reply) = IvrDialogue.Next(Script, state, "no that is not right");
        Assert.Equal(("day", "No problem. Which day would you like instead?"), (state.StepId, reply));

        (state, reply) = IvrDialogue.Next(Script, state, "friday");
        (state, reply) = IvrDialogue.Next(Script, state, "yes that is right");
        Assert.Equal("Great. You are booked for friday. Goodbye.", reply);
        Assert.True(state.Finished);

        Assert.Equal(string.Empty, IvrDialogue.Next(Script, state, "hello?").Reply);
    }

    [Fact]
    public void A_day_in_the_first_answer_skips_the_question_and_unmatched_turns_reprompt()
    {
        IvrState state = IvrState.Start(Script);

        (IvrState same, string reprompt) = IvrDialogue.Next(Script, state, "what is the weather");
        Assert.Equal(state, same);
        Assert.Equal("Sorry, I didn't catch that. Would you like to book an appointment?", reprompt);

        (state, string reply) = IvrDialogue.Next(Script, state, "book an appointment for Monday");
        Assert.Equal("confirm", state.StepId);
        Assert.Equal("monday", state.Slots["day"]);
        Assert.Equal("Please say yes or no. Is monday right?", IvrDialogue.Next(Script, state, "maybe").Reply);
        Assert.Equal("Okay, monday. Is that right?", reply);
    }

    [Fact]
    public async Task The_scripted_agent_streams_one_sentence_per_chunk_and_tracks_the_step_grammar()
    {
        var agent = new ScriptedAgent();
        string? startGrammar = agent.CurrentGrammar;

        var chunks = new List<ReplyChunk>();
        await foreach (ReplyChunk chunk in agent.ReplyAsync(new TextTurn("CA1", "org", "book an appointment", []), CancellationToken.None))
        {
            chunks.Add(chunk);
        }

        Assert.Equal([new ReplyChunk("Sure.", true), new ReplyChunk("Which day would you like?", false)], chunks);
        Assert.Equal(JsgfGrammar.ForStep(Script.Step("day")), agent.CurrentGrammar);
        Assert.NotEqual(startGrammar, agent.CurrentGrammar);
    }

    [Fact]
    public void Step_grammars_hold_the_phrases_and_refuse_injected_syntax()
    {
        string grammar = JsgfGrammar.ForStep(Script.Step("start"));
        Assert.StartsWith("#JSGF V1.0;\ngrammar step_start;\npublic <answer> = [<lead>] (", grammar, StringComparison.Ordinal);
        Assert.Contains("appointment for (monday | tuesday | wednesday | thursday | friday)", grammar, StringComparison.Ordinal);

        var injected = new IvrStep("x", [new IvrChoice(["yes"], "ok", null) { Phrases = ["yes; public <b> = no"] }], "again");
        Assert.Throws<ArgumentException>(() => JsgfGrammar.ForStep(injected));
        var unbalanced = new IvrStep("x", [new IvrChoice(["yes"], "ok", null) { Phrases = ["[yes"] }], "again");
        Assert.Throws<ArgumentException>(() => JsgfGrammar.ForStep(unbalanced));
    }

    [Fact]
    public void Invalid_scripts_are_refused_with_the_problem_named()
    {
        IvrStep step = Script.Step("confirm");
        var unknownNext = Script with { Steps = [step with { Choices = [new IvrChoice(["yes"], "ok", "nowhere")] }], StartStep = "confirm" };
        var duplicate = Script with { Steps = [step, step], StartStep = "confirm" };
        var spacedKeyword = Script with { Steps = [step with { Choices = [new IvrChoice(["yes please"], "ok", null)] }], StartStep = "confirm" };

        Assert.Contains("nowhere", Assert.Throws<ArgumentException>(() => new ScriptedAgent(unknownNext)).Message, StringComparison.Ordinal);
        Assert.Contains("twice", Assert.Throws<ArgumentException>(() => new ScriptedAgent(duplicate)).Message, StringComparison.Ordinal);
        Assert.Contains("single-word", Assert.Throws<ArgumentException>(() => new ScriptedAgent(spacedKeyword)).Message, StringComparison.Ordinal);
    }
}
