using FsCheck;
using FsCheck.Fluent;

namespace ClutchCall.Media.Tests.Jitter;

/// <summary>A random network: which packets are lost or duplicated and how late each copy arrives.</summary>
public sealed record JitterSchedule(ushort FirstSequence, int Packets, IReadOnlyList<(int Index, int ArrivalMs)> Arrivals)
{
    public const int FrameMs = 20;

    public static Gen<JitterSchedule> Generator(int maxJitterMs) =>
        from first in Gen.Choose(0, 65535)
        from packets in Gen.Choose(5, 150)
        from lossPercent in Gen.Choose(0, 30)
        from dupPercent in Gen.Choose(0, 20)
        from jitter in Gen.Choose(0, maxJitterMs)
        from seed in Gen.Choose(0, int.MaxValue)
        select Build((ushort)first, packets, lossPercent, dupPercent, jitter, seed);

    private static JitterSchedule Build(ushort first, int packets, int lossPercent, int dupPercent, int jitterMs, int seed)
    {
        var random = new Random(seed);
        var arrivals = new List<(int, int)>();
        for (int i = 0; i < packets; i++)
        {
            if (random.Next(100) < lossPercent)
            {
                continue;
            }

            int sent = i * FrameMs;
            arrivals.Add((i, sent + random.Next(jitterMs + 1)));
            if (random.Next(100) < dupPercent)
            {
                arrivals.Add((i, sent + random.Next(jitterMs + 1)));
            }
        }

        arrivals.Sort((a, b) => a.Item2.CompareTo(b.Item2));
        return new JitterSchedule(first, packets, arrivals);
    }

    public override string ToString() =>
        $"first={FirstSequence} packets={Packets} arrivals=[{string.Join(' ', Arrivals.Select(a => $"{a.Index}@{a.ArrivalMs}"))}]";
}
