using ClutchCall.Runtime.Placement;
using ClutchCall.Runtime.Storage;

namespace ClutchCall.Runtime.Tests.Placement;

public sealed class RendezvousPlacementTests
{
    private static readonly SiloInfo[] Silos = Enumerable.Range(1, 4).Select(i => new SiloInfo($"silo{i}@{i}", $"127.0.0.1:{1000 + i}")).ToArray();
    private static readonly GrainId[] Grains = Enumerable.Range(0, 10_000).Select(i => new GrainId("call", $"CA{i:x8}")).ToArray();

    [Fact]
    public void Placement_is_deterministic_and_independent_of_list_order()
    {
        var reversed = Silos.Reverse().ToArray();
        Assert.All(Grains.Take(500), g => Assert.Equal(RendezvousPlacement.Pick(g, Silos), RendezvousPlacement.Pick(g, reversed)));
    }

    [Fact]
    public void Grains_spread_evenly_over_silos()
    {
        var counts = Grains.GroupBy(g => RendezvousPlacement.Pick(g, Silos)!.Id).ToDictionary(x => x.Key, x => x.Count());
        Assert.Equal(4, counts.Count);
        Assert.All(counts.Values, c => Assert.InRange(c, 2_250, 2_750));
    }

    [Fact]
    public void Removing_a_silo_moves_only_its_own_grains()
    {
        var without = Silos.Where(s => s.Id != "silo2@2").ToArray();
        foreach (var g in Grains)
        {
            var before = RendezvousPlacement.Pick(g, Silos)!;
            var after = RendezvousPlacement.Pick(g, without)!;
            if (before.Id != "silo2@2")
            {
                Assert.Equal(before, after);
            }
        }
    }

    [Fact]
    public void No_silos_means_no_placement() => Assert.Null(RendezvousPlacement.Pick(Grains[0], []));
}
