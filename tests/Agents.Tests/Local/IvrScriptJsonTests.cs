using ClutchCall.Agents.Local;

namespace ClutchCall.Agents.Tests.Local;

public sealed class IvrScriptJsonTests
{
    [Fact]
    public void The_appointment_script_round_trips_through_json()
    {
        string json = IvrScriptJson.Write(IvrScripts.Appointment);

        IvrScript parsed = IvrScriptJson.Parse(json);

        Assert.Equal(json, IvrScriptJson.Write(parsed));
        Assert.Contains("\"startStep\":\"start\"", json, StringComparison.Ordinal);
        (IvrState state, string reply) = IvrDialogue.Next(parsed, IvrState.Start(parsed), "book an appointment for friday");
        Assert.Equal(("confirm", "Okay, friday. Is that right?"), (state.StepId, reply));
    }

    [Fact]
    public void An_operator_script_needs_only_the_essentials()
    {
        const string json = """
            {"name":"hours","greeting":"Hi. Do you want our opening hours?","startStep":"ask",
             "steps":[{"id":"ask","reprompt":"Yes or no?","choices":[
               {"keywords":["yes"],"reply":"We are open nine to five. Goodbye.","next":null},
               {"keywords":["no"],"reply":"Goodbye.","next":null}]}]}
            """;

        IvrScript script = IvrScriptJson.Parse(json);

        Assert.Equal("We are open nine to five. Goodbye.", IvrDialogue.Next(script, IvrState.Start(script), "yes please").Reply);
        Assert.Contains("(yes)", JsgfGrammar.ForStep(script.Step("ask")), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{not json")]
    [InlineData("""{"name":"x","greeting":"hi","startStep":"a","steps":[{"id":"a","reprompt":"?","choices":[{"keywords":["yes"],"reply":"ok","next":"b"}]}]}""")]
    [InlineData("""{"name":"x","greeting":"hi","startStep":"a","steps":[{"id":"a","reprompt":"?"}]}""")]
    public void Bad_scripts_are_argument_errors(string json) =>
        Assert.Throws<ArgumentException>(() => IvrScriptJson.Parse(json));
}
