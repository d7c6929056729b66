using ClutchCall.Agents.Connectors.Chat;

namespace ClutchCall.Agents.Tests.Connectors;

public sealed class SentenceChunkerTests
{
    [Theory]
    [InlineData("Hi. How are you? Fine!", new[] { "Hi.", "How are you?" }, "Fine!")]
    [InlineData("It costs 3.50 today. Ok", new[] { "It costs 3.50 today." }, "Ok")]
    [InlineData("Ask Dr. Smith, e.g. at 9 a.m. tomorrow. Bye", new[] { "Ask Dr. Smith, e.g. at 9 a.m. tomorrow." }, "Bye")]
    [InlineData("He said \"stop.\" Then left", new[] { "He said \"stop.\"" }, "Then left")]
    [InlineData("Wait... what?! Yes", new[] { "Wait...", "what?!" }, "Yes")]
    [InlineData("line one\nline two", new[] { "line one" }, "line two")]
    [InlineData("No end yet", new string[0], "No end yet")]
    public void SentencesEndAtPunctuationFollowedBySpace(string text, string[] sentences, string rest)
    {
        var chunker = new SentenceChunker();
        chunker.Append(text);
        var taken = new List<string>();
        while (chunker.TryTakeSentence(out string sentence))
        {
            taken.Add(sentence);
        }

        Assert.Equal(sentences, taken);
        Assert.Equal(rest, chunker.TakeRest());
    }

    [Fact]
    public void PunctuationAtTheEndOfADeltaWaitsForTheNextCharacter()
    {
        var chunker = new SentenceChunker();
        chunker.Append("It is 3.");
        Assert.False(chunker.TryTakeSentence(out _));

        chunker.Append("5 dollars. Next");
        Assert.True(chunker.TryTakeSentence(out string sentence));
        Assert.Equal("It is 3.5 dollars.", sentence);
        Assert.Equal("Next", chunker.TakeRest());
    }
}
