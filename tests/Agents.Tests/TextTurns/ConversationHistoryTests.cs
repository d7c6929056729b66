using ClutchCall.Agents.Sessions;
using ClutchCall.Agents.TextTurns;

namespace ClutchCall.Agents.Tests.TextTurns;

public sealed class ConversationHistoryTests
{
    [Fact]
    public void Keeps_the_latest_messages_oldest_first_and_skips_blank_ones()
    {
        var history = new ConversationHistory(limit: 3);
        history.Add(TranscriptRoles.Agent, "hello");
        history.Add(TranscriptRoles.Caller, "  ");
        history.Add(TranscriptRoles.Caller, "one");
        history.Add(TranscriptRoles.Agent, "two");
        history.Add(TranscriptRoles.Caller, "three");

        Assert.Equal(
            [new ConversationMessage(TranscriptRoles.Caller, "one"), new ConversationMessage(TranscriptRoles.Agent, "two"), new ConversationMessage(TranscriptRoles.Caller, "three")],
            history.Snapshot());
    }

    [Fact]
    public void Options_refuse_unsupported_rates_and_negative_limits()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new TextTurnSessionOptions { InputSampleRate = 11025 }.Validate());
        Assert.Throws<ArgumentOutOfRangeException>(() => new TextTurnSessionOptions { HistoryLimit = -1 }.Validate());
        new TextTurnSessionOptions().Validate();
    }
}
