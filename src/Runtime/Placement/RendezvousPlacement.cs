using System.Text;
using ClutchCall.Runtime.Storage;

namespace ClutchCall.Runtime.Placement;

/// <summary>
/// Highest-random-weight placement: each grain goes to the silo with the highest hash of (grain, silo).
/// Deterministic with no lookup, and when a silo leaves only its own grains move. A hint: the claim decides.
/// </summary>
public static class RendezvousPlacement
{
    public static SiloInfo? Pick(GrainId grain, IReadOnlyList<SiloInfo> silos)
    {
        SiloInfo? best = null;
        ulong bestScore = 0;
        var grainHash = Hash(Fnv(grain.ToString()));
        foreach (var silo in silos)
        {
            var score = Hash(grainHash ^ Fnv(silo.Id));
            if (best is null || score > bestScore)
            {
                best = silo;
                bestScore = score;
            }
        }
        return best;
    }

    private static ulong Fnv(string s)
    {
        var hash = 14695981039346656037UL;
        Span<byte> buffer = stackalloc byte[256];
        var bytes = Encoding.UTF8.GetByteCount(s) <= buffer.Length ? buffer[..Encoding.UTF8.GetBytes(s, buffer)] : Encoding.UTF8.GetBytes(s);
        foreach (var b in bytes)
        {
            hash = (hash ^ b) * 1099511628211UL;
        }
        return hash;
    }

    // SplitMix64 finalizer: FNV alone mixes the high bits poorly.
    private static ulong Hash(ulong x)
    {
        x ^= x >> 30;
        x *= 0xbf58476d1ce4e5b9UL;
        x ^= x >> 27;
        x *= 0x94d049bb133111ebUL;
        x ^= x >> 31;
        return x;
    }
}
