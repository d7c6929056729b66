using System.Collections.Concurrent;
using System.Threading.Channels;
using ClutchCall.Agents.Local;
using ClutchCall.Agents.Sessions;
using ClutchCall.Agents.Turns;
using ClutchCall.Grains.Agents;
using ClutchCall.Grains.Tests.Media;
using Microsoft.Extensions.Logging.Abstractions;

namespace ClutchCall.Grains.Tests.Agents;

/// <summary>
/// The agent runner ticked by hand with the real echo agent and the real turn engine: what it plays and when it stops.
/// Caller "speech" is a 300 Hz tone over a faint noise floor, 16 kHz, one 20 ms frame per tick.
/// </summary>
public sealed class AgentRunnerTests
{
    private const long T0Us = 1_700_000_000_000_000;
    private readonly ConcurrentQueue<AgentActivity> _sink = new();
    private readonly Random _noise = new(7);

    private AgentRunner Runner(TurnPolicy policy, IAgentSession? session = null) => new("CA_runner",
        new AgentRunSettings("echo", policy, null, AgentRunSettings.DefaultFallback, null, null, null),
        session ?? LocalAgents.CreateEcho(new EchoAgentOptions { SampleRate = 16000, Paced = false }), _sink, null, NullLogger.Instance);

    /// <summary>The real echo agent, told how much of a cut reply was played (as a realtime model is).</summary>
    private sealed class PlayoutAwareEcho(EchoAgentSession echo) : IAgentSession, IPlayoutAware
    {
        public List<TimeSpan> Cuts { get; } = [];
        public int InputSampleRate => echo.InputSampleRate;
        public int OutputSampleRate => echo.OutputSampleRate;
        public ChannelReader<AgentOutput> Outputs => echo.Outputs;
        public Task StartAsync(CancellationToken ct) => echo.StartAsync(ct);
        public void AppendCallerAudio(ReadOnlySpan<short> pcm) => echo.AppendCallerAudio(pcm);
        public void CommitTurn() => echo.CommitTurn();
        public void ClearInput() => echo.ClearInput();
        public void CancelResponse() => echo.CancelResponse();
        public void OnPlayoutCut(TimeSpan played) => Cuts.Add(played);
        public ValueTask DisposeAsync() => echo.DisposeAsync();
    }

    private short[] Frame(bool speech, int tick)
    {
        var frame = speech ? AudioProbe.Tone(300, 16000, 320, 6000, tick * 320) : new short[320];
        for (var i = 0; i < frame.Length; i++)
        {
            frame[i] += (short)_noise.Next(-40, 41);
        }
        return frame;
    }

    /// <summary>Runs ticks [from, to) with caller speech where <paramref name="speaking"/> says; returns the ticks the agent spoke on.</summary>
    private List<int> Run(AgentRunner runner, int from, int to, Func<int, bool> speaking)
    {
        var spoke = new List<int>();
        var agentOut = new short[320];
        for (var t = from; t < to; t++)
        {
            var us = T0Us + t * 20_000L;
            runner.Hear(Frame(speaking(t), t), us);
            if (runner.TrySpeak(agentOut, us))
            {
                spoke.Add(t);
            }
        }
        return spoke;
    }

    private List<(string Type, long Ms)> Turns() =>
        [.. _sink.OfType<AgentTurnActivity>().Select(a => (a.Type, (a.At.ToUnixTimeMilliseconds() - T0Us / 1000) / 20))];

    [Fact]
    public void A_committed_turn_is_echoed_and_a_sustained_barge_in_cuts_it_on_the_confirming_tick()
    {
        var policy = TurnPolicy.Default with { MicGuard = TimeSpan.Zero };
        var runner = Runner(policy);

        // Caller speaks ticks 25..74 (1 s); the turn commits after 500 ms of silence; the echo plays from then on.
        var spoke = Run(runner, 0, 130, t => t is >= 25 and < 75);
        // The caller speaks again at tick 130 while the echo plays; hold-and-confirm needs 400 ms (20 ticks).
        spoke.AddRange(Run(runner, 130, 200, t => t < 170));
        runner.Complete();

        var turns = Turns();
        var committed = turns.First(e => e.Type == "turn.committed").Ms;
        var bargeStarted = turns.First(e => e.Type == "barge.started").Ms;
        var confirmed = turns.First(e => e.Type == "barge.confirmed").Ms;
        Assert.InRange(committed, 102, 104); // speech ends at 75, plus the VAD hangover (60 ms) and 500 ms of silence
        Assert.Equal(committed - 1, spoke.First()); // the same tick: events are stamped at the end of the frame that decided them
        Assert.Equal(committed, turns.First(e => e.Type == "agent.speech.started").Ms);
        // The reply refers back to the commit it answers: since = the commit, so at - since is the response latency.
        var reply = _sink.OfType<AgentTurnActivity>().First(a => a.Type == "agent.speech.started");
        Assert.Equal(_sink.OfType<AgentTurnActivity>().First(a => a.Type == "turn.committed").At, reply.Since);
        Assert.InRange(bargeStarted, 130, 131);
        Assert.InRange(confirmed - bargeStarted, 19, 21);
        var nextTurn = turns.Where(e => e.Type == "turn.committed").Skip(1).Select(e => e.Ms).DefaultIfEmpty(long.MaxValue).First();
        // Paused at the first speech frame, then cut; the next sound is the echo of the interrupting turn.
        Assert.DoesNotContain(spoke, t => t >= bargeStarted - 1 && t < nextTurn - 1);
        Assert.Equal(confirmed, turns.First(e => e.Type == "agent.speech.ended").Ms);
    }

    [Fact]
    public void A_cut_reply_tells_the_model_how_much_of_it_the_caller_heard()
    {
        var echo = new PlayoutAwareEcho(LocalAgents.CreateEcho(new EchoAgentOptions { SampleRate = 16000, Paced = false }));
        var runner = Runner(TurnPolicy.Default with { MicGuard = TimeSpan.Zero }, echo);

        var spoke = Run(runner, 0, 130, t => t is >= 25 and < 75);
        spoke.AddRange(Run(runner, 130, 160, t => t < 155));
        runner.Complete();

        // Played from the reply's first tick until the barge-in paused it (hold-and-confirm pauses on the first frame).
        var played = spoke.Count(t => t < 131);
        Assert.Equal([TimeSpan.FromMilliseconds(played * 20)], echo.Cuts);
    }

    [Fact]
    public void A_short_interjection_is_a_false_barge_in_and_the_agent_resumes()
    {
        var runner = Runner(TurnPolicy.Default with { MicGuard = TimeSpan.Zero });

        var spoke = Run(runner, 0, 130, t => t is >= 25 and < 75);
        spoke.AddRange(Run(runner, 130, 220, t => t is >= 130 and < 135)); // 100 ms: "mm"
        runner.Complete();

        var types = Turns().Select(e => e.Type).ToList();
        Assert.Contains("barge.started", types);
        Assert.Contains("barge.false", types);
        Assert.DoesNotContain("barge.confirmed", types);
        Assert.Contains(spoke, t => t > 150); // resumed after the resume delay
    }

    [Fact]
    public void Instant_barge_in_cuts_on_the_first_speech_frame()
    {
        var runner = Runner(TurnPolicy.EchoCancelled);

        var spoke = Run(runner, 0, 130, t => t is >= 25 and < 75);
        spoke.AddRange(Run(runner, 130, 160, t => t is >= 130 and < 150));
        runner.Complete();

        var turns = Turns();
        var confirmed = turns.First(e => e.Type == "barge.confirmed").Ms;
        Assert.InRange(confirmed, 130, 131);
        Assert.DoesNotContain(spoke, t => t >= confirmed - 1);
    }
}
