using System.Buffers.Binary;
using ClutchCall.Media.Jitter;
using FsCheck;
using FsCheck.Fluent;
using Microsoft.FSharp.Core;

namespace ClutchCall.Media.Tests.Jitter;

/// <summary>Random reorder, duplicate and loss schedules (FsCheck, fixed seed so runs are repeatable).</summary>
public sealed class JitterBufferPropertyTests
{
    private static readonly JitterBufferOptions Options = new() { FrameMs = 20, ClockRate = 8000, MinDelayMs = 40, MaxDelayMs = 200, InitialDelayMs = 60 };

    private static Config Config(ulong seed) =>
        FsCheck.Config.QuickThrowOnFailure.WithMaxTest(300)
            .WithReplay(FSharpOption<Replay>.Some(new Replay(new Rnd(seed, 0x9E3779B97F4A7C15UL | 1), FSharpOption<int>.None)));

    [Fact]
    public void Output_is_in_order_unique_intact_and_within_delay_bounds()
    {
        var arbitrary = JitterSchedule.Generator(maxJitterMs: 150).ToArbitrary();
        Check.One(Config(20261121), Prop.ForAll(arbitrary, schedule =>
        {
            var outcome = Run(schedule);
            return outcome.Violation is null ? true : throw new InvalidOperationException($"{outcome.Violation} in {schedule}");
        }));
    }

    [Fact]
    public void Without_jitter_or_loss_every_packet_is_played()
    {
        var arbitrary = (from first in Gen.Choose(0, 65535) from n in Gen.Choose(5, 120) select (first, n)).ToArbitrary();
        Check.One(Config(7), Prop.ForAll(arbitrary, input =>
        {
            var arrivals = Enumerable.Range(0, input.n).Select(i => (i, i * JitterSchedule.FrameMs)).ToList();
            var outcome = Run(new JitterSchedule((ushort)input.first, input.n, arrivals));
            return outcome.Violation is null && outcome.Played.Count == input.n && outcome.Stats.Lost == 0
                ? true
                : throw new InvalidOperationException($"{outcome.Violation}; played {outcome.Played.Count}/{input.n}; {outcome.Stats}");
        }));
    }

    [Fact]
    public void A_failing_schedule_would_be_reported()
    {
        // Guards the checker itself: a buffer that replays a frame must trip the invariant check.
        var played = new List<int> { 1, 2, 2 };
        Assert.NotNull(CheckOrder(played));
    }

    internal sealed record Outcome(List<int> Played, JitterBufferStats Stats, string? Violation);

    internal static Outcome Run(JitterSchedule schedule)
    {
        var buffer = new JitterBuffer(Options);
        var played = new List<int>();
        var payload = new byte[4];
        var destination = new byte[Options.MaxPayloadBytes];
        int next = 0;
        int end = schedule.Packets * JitterSchedule.FrameMs + 1000;
        long lastSeq = long.MinValue;
        var firstArrival = new Dictionary<int, int>();
        for (int now = 0; now <= end; now += JitterSchedule.FrameMs)
        {
            // Everything that arrived up to this tick goes in first, then one frame slot is played.
            while (next < schedule.Arrivals.Count && schedule.Arrivals[next].ArrivalMs <= now)
            {
                int index = schedule.Arrivals[next].Index;
                firstArrival.TryAdd(index, schedule.Arrivals[next].ArrivalMs);
                BinaryPrimitives.WriteInt32LittleEndian(payload, index);
                buffer.Push((ushort)(schedule.FirstSequence + index), (uint)(index * 160), payload, schedule.Arrivals[next].ArrivalMs);
                next++;
                if (Bounds(buffer) is { } bad)
                {
                    return new Outcome(played, buffer.Stats, bad);
                }
            }

            JitterFrame frame = buffer.Pop(now, destination);
            if (frame.Kind is JitterFrameKind.Frame or JitterFrameKind.Lost)
            {
                if (frame.SequenceNumber <= lastSeq)
                {
                    return new Outcome(played, buffer.Stats, $"sequence went back from {lastSeq} to {frame.SequenceNumber}");
                }

                lastSeq = frame.SequenceNumber;
            }

            if (frame.Kind == JitterFrameKind.Frame)
            {
                int index = BinaryPrimitives.ReadInt32LittleEndian(destination);
                if (frame.PayloadLength != 4 || frame.WireSequenceNumber != (ushort)(schedule.FirstSequence + index))
                {
                    return new Outcome(played, buffer.Stats, $"frame {frame} carries the payload of packet {index}");
                }

                played.Add(index);

                // Playout runs on a 20 ms cadence, so a frame may wait up to one tick beyond the bound.
                int waited = now - firstArrival[index];
                if (waited > Options.MaxDelayMs + JitterSchedule.FrameMs)
                {
                    return new Outcome(played, buffer.Stats, $"packet {index} waited {waited} ms");
                }
            }

            if ((CheckOrder(played) ?? Bounds(buffer)) is { } violation)
            {
                return new Outcome(played, buffer.Stats, violation);
            }
        }

        return new Outcome(played, buffer.Stats, null);
    }

    private static string? CheckOrder(List<int> played)
    {
        int n = played.Count;
        return n >= 2 && played[n - 1] <= played[n - 2] ? $"packet {played[n - 1]} played after {played[n - 2]}" : null;
    }

    private static string? Bounds(JitterBuffer buffer)
    {
        if (buffer.TargetDelayMs < Options.MinDelayMs || buffer.TargetDelayMs > Options.MaxDelayMs)
        {
            return $"target delay {buffer.TargetDelayMs} ms outside {Options.MinDelayMs}..{Options.MaxDelayMs}";
        }

        return buffer.DepthMs > Options.MaxDelayMs ? $"buffer holds {buffer.DepthMs} ms, more than {Options.MaxDelayMs}" : null;
    }
}
