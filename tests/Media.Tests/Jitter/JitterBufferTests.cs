using ClutchCall.Media.Jitter;

namespace ClutchCall.Media.Tests.Jitter;

public sealed class JitterBufferTests
{
    private static readonly JitterBufferOptions Options = new() { MinDelayMs = 40, MaxDelayMs = 200, InitialDelayMs = 40 };
    private readonly byte[] _out = new byte[1500];

    [Fact]
    public void Waits_for_the_target_delay_then_plays_in_order()
    {
        var jb = new JitterBuffer(Options);
        Push(jb, 100, at: 0);
        Assert.Equal(JitterFrameKind.Empty, jb.Pop(0, _out).Kind);
        Assert.Equal(JitterFrameKind.Empty, jb.Pop(20, _out).Kind); // 20 ms held, 20 ms waited: below the 40 ms target
        Push(jb, 101, at: 30);
        JitterFrame first = jb.Pop(40, _out);
        Assert.Equal((JitterFrameKind.Frame, (ushort)100), (first.Kind, first.WireSequenceNumber));
        Assert.Equal(100, _out[0]);
    }

    [Fact]
    public void Reordered_packets_come_out_in_sequence()
    {
        var jb = new JitterBuffer(Options);
        Push(jb, 10, at: 0);
        Push(jb, 12, at: 1);
        Push(jb, 11, at: 2);
        Push(jb, 13, at: 3);
        Assert.Equal([10, 11, 12, 13], PlayAll(jb, from: 40));
    }

    [Fact]
    public void Duplicates_are_dropped_and_counted()
    {
        var jb = new JitterBuffer(Options);
        Assert.Equal(JitterPacketResult.Accepted, Push(jb, 5, at: 0));
        Assert.Equal(JitterPacketResult.Duplicate, Push(jb, 5, at: 1));
        Push(jb, 6, at: 2);
        Assert.Equal([5, 6], PlayAll(jb, from: 40));
        Assert.Equal(JitterPacketResult.Duplicate, Push(jb, 6, at: 100));
        Assert.Equal(2, jb.Stats.Duplicates);
    }

    [Fact]
    public void A_gap_is_signalled_as_loss_for_concealment()
    {
        var jb = new JitterBuffer(Options);
        Push(jb, 1, at: 0);
        Push(jb, 3, at: 1);
        Assert.Equal(JitterFrameKind.Frame, jb.Pop(40, _out).Kind);
        JitterFrame lost = jb.Pop(60, _out);
        Assert.Equal((JitterFrameKind.Lost, (ushort)2), (lost.Kind, lost.WireSequenceNumber));
        Assert.Equal(JitterFrameKind.Frame, jb.Pop(80, _out).Kind);
        Assert.Equal(1, jb.Stats.Lost);
        Assert.Equal(1.0 / 3, jb.Stats.LossRatio, 3);
    }

    [Fact]
    public void A_packet_after_its_playout_time_is_late_and_raises_the_target()
    {
        var jb = new JitterBuffer(Options);
        Push(jb, 1, at: 0);
        Push(jb, 3, at: 1);
        jb.Pop(40, _out);
        jb.Pop(60, _out); // 2 is declared lost here
        int before = jb.TargetDelayMs;
        Assert.Equal(JitterPacketResult.Late, Push(jb, 2, at: 70));
        Assert.Equal(1, jb.Stats.Late);
        Assert.True(jb.TargetDelayMs > before);
    }

    [Fact]
    public void Sequence_numbers_wrap_around()
    {
        var jb = new JitterBuffer(Options);
        // RTP timestamps run independently of sequence numbers; these ones wrap too.
        jb.Push(65534, uint.MaxValue - 159, [0], 0);
        jb.Push(0, 160, [2], 1);
        jb.Push(65535, 0, [1], 2);
        jb.Push(1, 320, [3], 3);
        var frames = new List<JitterFrame>();
        for (int now = 40; now < 200; now += 20)
        {
            var f = jb.Pop(now, _out);
            if (f.Kind == JitterFrameKind.Frame)
            {
                frames.Add(f);
            }
        }

        Assert.Equal(new ushort[] { 65534, 65535, 0, 1 }, frames.Select(f => f.WireSequenceNumber));
        Assert.Equal(65537, frames[^1].SequenceNumber);
        Assert.Equal(Options.MinDelayMs, jb.TargetDelayMs); // the timestamp wrap did not look like jitter
    }

    [Fact]
    public void Target_grows_with_jitter_and_stays_within_bounds()
    {
        var calm = new JitterBuffer(Options);
        var rough = new JitterBuffer(Options);
        var random = new Random(1);
        for (int i = 0; i < 500; i++)
        {
            Push(calm, (ushort)i, at: i * 20);
            Push(rough, (ushort)i, at: (i * 20) + random.Next(120));
        }

        Assert.Equal(Options.MinDelayMs, calm.TargetDelayMs);
        Assert.InRange(rough.TargetDelayMs, 120, Options.MaxDelayMs);
        Assert.True(rough.Stats.JitterMs > 20, $"jitter {rough.Stats.JitterMs}");
    }

    [Fact]
    public void Target_shrinks_again_when_the_network_calms_down()
    {
        var jb = new JitterBuffer(Options);
        var random = new Random(2);
        int now = 0;
        ushort seq = 0;
        for (; now < 10_000; now += 20, seq++)
        {
            Push(jb, seq, at: now + random.Next(100));
            jb.Pop(now, _out);
        }

        int rough = jb.TargetDelayMs;
        for (; now < 30_000; now += 20, seq++)
        {
            Push(jb, seq, at: now);
            jb.Pop(now, _out);
        }

        Assert.True(jb.TargetDelayMs < rough, $"{jb.TargetDelayMs} !< {rough}");
        Assert.True(jb.DepthMs <= jb.TargetDelayMs + 40, $"depth {jb.DepthMs} vs target {jb.TargetDelayMs}");
    }

    [Fact]
    public void A_long_pause_rebuffers_instead_of_declaring_everything_late()
    {
        var jb = new JitterBuffer(Options);
        Push(jb, 1, at: 0);
        Push(jb, 2, at: 20);
        PlayAll(jb, from: 40);
        // The sender stops (DTX / hold) for 5 s, then continues with the next sequence number.
        for (int now = 200; now < 5000; now += 20)
        {
            Assert.NotEqual(JitterFrameKind.Frame, jb.Pop(now, _out).Kind);
        }

        Assert.Equal(JitterPacketResult.Accepted, Push(jb, 3, at: 5000));
        Push(jb, 4, at: 5020);
        Assert.Equal([3, 4], PlayAll(jb, from: 5040));
        Assert.Equal(0, jb.Stats.Late);
    }

    [Fact]
    public void A_huge_sequence_jump_resyncs()
    {
        var jb = new JitterBuffer(Options);
        Push(jb, 100, at: 0);
        Assert.Equal(JitterPacketResult.OutOfWindow, Push(jb, 30000, at: 20));
        Assert.Equal(JitterPacketResult.Resynced, Push(jb, 30001, at: 40));
        Push(jb, 30002, at: 60);
        Assert.Equal([30001, 30002], PlayAll(jb, from: 80));
        Assert.Equal(1, jb.Stats.Resyncs);
    }

    [Fact]
    public void A_single_far_off_straggler_does_not_restart_the_stream()
    {
        var jb = new JitterBuffer(Options);
        Push(jb, 100, at: 0);
        Push(jb, 101, at: 20);
        Assert.Equal(JitterPacketResult.OutOfWindow, Push(jb, 40000, at: 30));
        Push(jb, 102, at: 40);
        Assert.Equal([100, 101, 102], PlayAll(jb, from: 40));
        Assert.Equal(0, jb.Stats.Resyncs);
    }

    [Fact]
    public void Oversized_payload_is_refused()
    {
        var jb = new JitterBuffer(Options with { MaxPayloadBytes = 10 });
        Assert.Equal(JitterPacketResult.TooLarge, jb.Push(1, 0, new byte[11], 0));
    }

    [Theory]
    [InlineData(20, 10, 200, 40)]
    [InlineData(20, 60, 40, 60)]
    [InlineData(20, 40, 200, 300)]
    [InlineData(25, 40, 200, 60)]
    public void Inconsistent_options_are_rejected(int frameMs, int min, int max, int initial) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new JitterBuffer(new JitterBufferOptions { FrameMs = frameMs, MinDelayMs = min, MaxDelayMs = max, InitialDelayMs = initial }));

    private static JitterPacketResult Push(JitterBuffer jb, ushort seq, long at) =>
        jb.Push(seq, (uint)(seq * 160), [(byte)seq], at);

    private List<int> PlayAll(JitterBuffer jb, long from)
    {
        var played = new List<int>();
        for (long now = from; now < from + 400; now += 20)
        {
            JitterFrame f = jb.Pop(now, _out);
            if (f.Kind == JitterFrameKind.Frame)
            {
                played.Add(f.WireSequenceNumber);
            }
        }

        return played;
    }
}
