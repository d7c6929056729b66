using System.Runtime.CompilerServices;
using ClutchCall.Agents.Local;
using ClutchCall.Agents.Sessions;
using ClutchCall.Agents.Speech;
using ClutchCall.Agents.Tests.Speech;
using ClutchCall.Agents.TextTurns;

namespace ClutchCall.Agents.Tests.TextTurns;

public sealed class TextTurnSessionTests
{
    private const int Rate = 8000;
    private static readonly string ConfirmGrammar = JsgfGrammar.ForStep(IvrScripts.Appointment.Step("confirm"));

    [PocketSphinxFact]
    public async Task The_ivr_agent_holds_a_spoken_appointment_conversation()
    {
        await using TextTurnSession session = LocalAgents.CreateIvr(
            new TextTurnSessionOptions { CallSid = "CA1", OrgId = "org1", InputSampleRate = Rate, OutputSampleRate = Rate },
            SpeechTestAudio.Synthesizer);
        await session.StartAsync(CancellationToken.None);

        List<AgentOutput> greeting = await OutputReader.ResponseAsync(session.Outputs);
        Assert.Equal([IvrScripts.Appointment.Greeting], OutputReader.AgentLines(greeting));
        Assert.True(greeting.OfType<AgentAudio>().Sum(a => a.Pcm.Length) > Rate, "the greeting is more than a second of speech");

        await SayAsync(session, "book an appointment for monday");
        Assert.Equal(new AgentTranscript(TranscriptRoles.Caller, "book an appointment for monday", true), await OutputReader.NextAsync(session.Outputs));
        List<AgentOutput> reply = await OutputReader.ResponseAsync(session.Outputs);
        Assert.Equal(["Okay, monday.", "Is that right?"], OutputReader.AgentLines(reply));
        // Speech starts with the first sentence: audio, its transcript, then the next sentence's audio.
        Assert.IsType<AgentAudio>(reply[0]);
        Assert.IsType<AgentTranscript>(reply[1]);
        Assert.IsType<AgentAudio>(reply[2]);
        Assert.Equal(new AgentResponseDone(false), reply[^1]);

        await SayAsync(session, "yes that is right");
        Assert.Equal(new AgentTranscript(TranscriptRoles.Caller, "yes that is right", true), await OutputReader.NextAsync(session.Outputs));
        reply = await OutputReader.ResponseAsync(session.Outputs);
        Assert.Equal(["Great.", "You are booked for monday.", "Goodbye."], OutputReader.AgentLines(reply));

        Assert.Equal(
            [TranscriptRoles.Agent, TranscriptRoles.Caller, TranscriptRoles.Agent, TranscriptRoles.Caller, TranscriptRoles.Agent],
            session.History.Select(m => m.Role));
    }

    [PocketSphinxFact]
    public async Task A_failing_agent_turn_gives_an_error_and_the_fallback_and_the_next_turn_works()
    {
        var agent = new FailsFirstTurnAgent();
        await using var session = new TextTurnSession(
            new PocketSphinxRecognizer(new PocketSphinxOptions { JsgfGrammar = ConfirmGrammar }),
            agent,
            SpeechTestAudio.Synthesizer,
            new TextTurnSessionOptions { InputSampleRate = Rate, OutputSampleRate = Rate });
        await session.StartAsync(CancellationToken.None);

        await SayAsync(session, "yes");
        Assert.Equal(new AgentTranscript(TranscriptRoles.Caller, "yes", true), await OutputReader.NextAsync(session.Outputs));
        List<AgentOutput> failed = await OutputReader.ResponseAsync(session.Outputs);
        Assert.Equal(new AgentError("http_500", "the webhook answered 500", Fatal: false), failed[0]);
        Assert.IsType<AgentAudio>(failed[1]);
        Assert.Equal([TextTurnSessionOptions.DefaultFallbackLine], OutputReader.AgentLines(failed));
        Assert.Equal(new AgentResponseDone(false), failed[^1]);

        await SayAsync(session, "no");
        Assert.Equal(new AgentTranscript(TranscriptRoles.Caller, "no", true), await OutputReader.NextAsync(session.Outputs));
        List<AgentOutput> recovered = await OutputReader.ResponseAsync(session.Outputs);
        Assert.Equal(["You said no."], OutputReader.AgentLines(recovered));
        Assert.IsType<AgentAudio>(recovered[0]);

        // The second turn saw the first one, including the fallback the caller heard.
        Assert.Equal(
            [new ConversationMessage(TranscriptRoles.Caller, "yes"), new ConversationMessage(TranscriptRoles.Agent, TextTurnSessionOptions.DefaultFallbackLine)],
            agent.Turns[1].RecentHistory);
    }

    [PocketSphinxFact]
    public async Task A_session_that_takes_over_a_call_passes_the_prior_conversation_on()
    {
        var agent = new FailsFirstTurnAgent();
        ConversationMessage[] prior = [new(TranscriptRoles.Agent, "Hello, how can I help?"), new(TranscriptRoles.Caller, "I need a dentist")];
        await using var session = new TextTurnSession(
            new PocketSphinxRecognizer(new PocketSphinxOptions { JsgfGrammar = ConfirmGrammar }),
            agent,
            SpeechTestAudio.Synthesizer,
            new TextTurnSessionOptions { InputSampleRate = Rate, OutputSampleRate = Rate, PriorHistory = prior });
        await session.StartAsync(CancellationToken.None);

        await SayAsync(session, "yes");
        await OutputReader.NextAsync(session.Outputs);
        await OutputReader.ResponseAsync(session.Outputs);

        Assert.Equal(prior, agent.Turns[0].RecentHistory);
    }

    [PocketSphinxFact]
    public async Task Cancel_stops_the_reply_and_silence_gets_no_reply()
    {
        var agent = new SlowSecondChunkAgent();
        await using var session = new TextTurnSession(
            new PocketSphinxRecognizer(new PocketSphinxOptions { JsgfGrammar = ConfirmGrammar }),
            agent,
            SpeechTestAudio.Synthesizer,
            new TextTurnSessionOptions { InputSampleRate = Rate, OutputSampleRate = Rate });
        await session.StartAsync(CancellationToken.None);

        // Silence only: nothing recognised, nothing said; the next output belongs to the real turn below.
        SpeechTestAudio.FeedFrames(f => session.AppendCallerAudio(f), new short[Rate], Rate);
        session.CommitTurn();

        await SayAsync(session, "no");
        Assert.Equal(new AgentTranscript(TranscriptRoles.Caller, "no", true), await OutputReader.NextAsync(session.Outputs));
        Assert.IsType<AgentAudio>(await OutputReader.NextAsync(session.Outputs));
        Assert.Equal(new AgentTranscript(TranscriptRoles.Agent, "First part.", true), await OutputReader.NextAsync(session.Outputs));

        session.CancelResponse();

        Assert.Equal(new AgentResponseDone(Cancelled: true), await OutputReader.NextAsync(session.Outputs));
        Assert.True(await agent.Cancelled.Task.WaitAsync(TimeSpan.FromSeconds(10)), "the agent's token was cancelled");
        Assert.Single(agent.Turns);

        // The session carries on: clear drops an unwanted utterance, and the next turn is answered.
        await SayAsync(session, "yes", commit: false);
        session.ClearInput();
        await SayAsync(session, "no");
        Assert.Equal(new AgentTranscript(TranscriptRoles.Caller, "no", true), await OutputReader.NextAsync(session.Outputs));
        Assert.IsType<AgentAudio>(await OutputReader.NextAsync(session.Outputs));
        Assert.Equal(2, agent.Turns.Count);
    }

    [PocketSphinxFact]
    public async Task An_utterance_begun_under_one_step_is_decoded_again_when_the_step_changes()
    {
        var agent = new ScriptedAgent();
        await using var session = new TextTurnSession(
            new PocketSphinxRecognizer(new PocketSphinxOptions { JsgfGrammar = agent.CurrentGrammar }),
            agent,
            SpeechTestAudio.Synthesizer,
            new TextTurnSessionOptions { InputSampleRate = Rate, OutputSampleRate = Rate });
        await session.StartAsync(CancellationToken.None);

        // The caller answers the confirm question while the agent is still in its first step (the start grammar has no
        // "that is right"); the agent then reaches the confirm step before the turn is committed.
        await SayAsync(session, "yes that is right", commit: false);
        // Let the worker decode those frames under the start grammar first (the result is the same if it has not, only
        // the re-decode path goes unexercised).
        await Task.Delay(500);
        await foreach (ReplyChunk _ in agent.ReplyAsync(new TextTurn("CA1", "org", "book an appointment for monday", []), CancellationToken.None))
        {
        }

        SpeechTestAudio.FeedFrames(f => session.AppendCallerAudio(f), new short[Rate / 10], Rate);
        session.CommitTurn();

        Assert.Equal(new AgentTranscript(TranscriptRoles.Caller, "yes that is right", true), await OutputReader.NextAsync(session.Outputs));
        Assert.Equal(["Great.", "You are booked for monday.", "Goodbye."], OutputReader.AgentLines(await OutputReader.ResponseAsync(session.Outputs)));
    }

    [PocketSphinxFact]
    public async Task A_grammar_the_recognizer_rejects_is_one_error_and_recognition_goes_on()
    {
        await using var session = new TextTurnSession(
            new PocketSphinxRecognizer(new PocketSphinxOptions { JsgfGrammar = ConfirmGrammar }),
            new BadGrammarAgent(),
            SpeechTestAudio.Synthesizer,
            new TextTurnSessionOptions { InputSampleRate = Rate, OutputSampleRate = Rate });
        await session.StartAsync(CancellationToken.None);

        await SayAsync(session, "yes");

        var error = Assert.IsType<AgentError>(await OutputReader.NextAsync(session.Outputs));
        Assert.Equal(("asr_failed", false), (error.Code, error.Fatal));
        Assert.Equal(new AgentTranscript(TranscriptRoles.Caller, "yes", true), await OutputReader.NextAsync(session.Outputs));
        Assert.Equal(["Okay."], OutputReader.AgentLines(await OutputReader.ResponseAsync(session.Outputs)));
    }

    private static async Task SayAsync(TextTurnSession session, string text, bool commit = true)
    {
        short[] pcm = await SpeechTestAudio.SpeakAsync(text, Rate);
        SpeechTestAudio.FeedFrames(f => session.AppendCallerAudio(f), pcm, Rate);
        if (commit)
        {
            session.CommitTurn();
        }
    }

    /// <summary>A text agent whose first turn fails the way a webhook returning 500 does.</summary>
    private sealed class FailsFirstTurnAgent : ITextAgent
    {
        public List<TextTurn> Turns { get; } = [];

        public async IAsyncEnumerable<ReplyChunk> ReplyAsync(TextTurn turn, [EnumeratorCancellation] CancellationToken ct)
        {
            Turns.Add(turn);
            await Task.Yield();
            if (Turns.Count == 1)
            {
                throw new AgentReplyException("http_500", "the webhook answered 500");
            }

            yield return new ReplyChunk($"You said {turn.Text}.", Interim: false);
        }
    }

    /// <summary>A text agent asking for a grammar with a word no dictionary has.</summary>
    private sealed class BadGrammarAgent : ITextAgent, IGrammarSource
    {
        public string? CurrentGrammar => "#JSGF V1.0;\ngrammar bad;\npublic <a> = yes | zqxjvkw;\n";

        public async IAsyncEnumerable<ReplyChunk> ReplyAsync(TextTurn turn, [EnumeratorCancellation] CancellationToken ct)
        {
            await Task.Yield();
            yield return new ReplyChunk("Okay.", Interim: false);
        }
    }

    /// <summary>A text agent that streams one chunk, then waits for more until cancelled.</summary>
    private sealed class SlowSecondChunkAgent : ITextAgent
    {
        public List<TextTurn> Turns { get; } = [];

        public TaskCompletionSource<bool> Cancelled { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public async IAsyncEnumerable<ReplyChunk> ReplyAsync(TextTurn turn, [EnumeratorCancellation] CancellationToken ct)
        {
            Turns.Add(turn);
            yield return new ReplyChunk("First part.", Interim: true);
            if (Turns.Count == 1)
            {
                using CancellationTokenRegistration registration = ct.Register(() => Cancelled.TrySetResult(true));
                await Task.Delay(Timeout.Infinite, ct);
            }

            yield return new ReplyChunk("Second part.", Interim: false);
        }
    }
}
