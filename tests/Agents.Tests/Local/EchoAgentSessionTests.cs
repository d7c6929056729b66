using ClutchCall.Agents.Local;
using ClutchCall.Agents.Sessions;
using ClutchCall.Agents.Tests.TextTurns;

namespace ClutchCall.Agents.Tests.Local;

public sealed class EchoAgentSessionTests
{
    private const int Rate = 8000;
    private const int Frame = Rate / 50;

    [Fact]
    public async Task A_committed_turn_is_played_back_in_20_ms_frames_then_done()
    {
        await using var echo = new EchoAgentSession(new EchoAgentOptions { SampleRate = Rate });
        short[] turn = Ramp(Rate / 5); // 200 ms
        Feed(echo, turn);

        echo.CommitTurn();
        List<AgentOutput> response = await OutputReader.ResponseAsync(echo.Outputs);

        AgentAudio[] frames = response.OfType<AgentAudio>().ToArray();
        Assert.Equal(10, frames.Length);
        Assert.All(frames, f => Assert.Equal(Frame, f.Pcm.Length));
        Assert.Equal(turn, frames.SelectMany(f => f.Pcm.ToArray()));
        Assert.Equal(new AgentResponseDone(false), response[^1]);
        Assert.Equal(11, response.Count);
    }

    [Fact]
    public async Task Cancel_stops_the_echo_mid_way()
    {
        await using var echo = new EchoAgentSession(new EchoAgentOptions { SampleRate = Rate });
        Feed(echo, Ramp(5 * Rate)); // 5 s: far longer than the test waits
        echo.CommitTurn();
        Assert.IsType<AgentAudio>(await OutputReader.NextAsync(echo.Outputs));

        echo.CancelResponse();

        var after = new List<AgentOutput>();
        while (echo.Outputs.TryRead(out AgentOutput? item))
        {
            after.Add(item);
        }

        Assert.Equal(new AgentResponseDone(Cancelled: true), after[^1]);
        Assert.True(after.Count < 100, $"{after.Count} outputs after the first frame; the echo kept going");
        await Task.Delay(100);
        Assert.False(echo.Outputs.TryRead(out _), "no frame follows the cancel");
    }

    [Fact]
    public async Task Unpaced_echo_is_emitted_inside_commit_and_capped()
    {
        await using var echo = new EchoAgentSession(new EchoAgentOptions { SampleRate = Rate, Paced = false, MaxEcho = TimeSpan.FromMilliseconds(100) });
        Feed(echo, Ramp(Rate)); // 1 s, capped to the first 100 ms

        echo.CommitTurn();

        var items = new List<AgentOutput>();
        while (echo.Outputs.TryRead(out AgentOutput? item))
        {
            items.Add(item);
        }

        Assert.Equal(Ramp(Rate / 10), items.OfType<AgentAudio>().SelectMany(f => f.Pcm.ToArray()));
        Assert.Equal(new AgentResponseDone(false), items[^1]);
    }

    [Fact]
    public async Task Cleared_and_empty_turns_echo_nothing()
    {
        await using var echo = new EchoAgentSession(new EchoAgentOptions { SampleRate = Rate, Paced = false });
        Feed(echo, Ramp(Rate / 10));
        echo.ClearInput();
        echo.CommitTurn();
        echo.CommitTurn();

        Assert.False(echo.Outputs.TryRead(out _));

        Feed(echo, Ramp(Frame));
        echo.CommitTurn();
        Assert.Equal(Ramp(Frame), Assert.IsType<AgentAudio>(await OutputReader.NextAsync(echo.Outputs)).Pcm.ToArray());
    }

    [Fact]
    public async Task A_new_commit_cancels_the_echo_in_progress()
    {
        await using var echo = new EchoAgentSession(new EchoAgentOptions { SampleRate = Rate });
        Feed(echo, Ramp(5 * Rate));
        echo.CommitTurn();
        Assert.IsType<AgentAudio>(await OutputReader.NextAsync(echo.Outputs));

        Feed(echo, Ramp(Frame));
        echo.CommitTurn();

        List<AgentOutput> first = await OutputReader.ResponseAsync(echo.Outputs);
        Assert.Equal(new AgentResponseDone(true), first[^1]);
        List<AgentOutput> second = await OutputReader.ResponseAsync(echo.Outputs);
        Assert.Equal([Ramp(Frame)], second.OfType<AgentAudio>().Select(a => a.Pcm.ToArray()));
    }

    private static void Feed(EchoAgentSession echo, short[] pcm)
    {
        for (int offset = 0; offset < pcm.Length; offset += Frame)
        {
            echo.AppendCallerAudio(pcm.AsSpan(offset, Math.Min(Frame, pcm.Length - offset)));
        }
    }

    private static short[] Ramp(int length) => Enumerable.Range(0, length).Select(i => (short)(i % 20000)).ToArray();
}
