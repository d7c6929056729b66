using ClutchCall.Runtime;

namespace ClutchCall.Grains.Interfaces;

/// <summary>
/// The cluster's SIP trunks: one grain, key <see cref="Key"/>. Trunks are shared infrastructure, not an org's resource,
/// so ids are cluster-wide (the HTTP routes keep the org prefix only for consistency). One grain rather than one per
/// trunk: a list and a change counter come from one place, which is what gateways poll.
/// </summary>
[GrainType("trunks")]
public interface ITrunkRegistryGrain : IGrainWithStringKey
{
    public const string Key = "cluster";

    /// <summary>All trunks with their secrets and the change counter. For the engine (the SIP edge needs the credentials), not for views.</summary>
    Task<TrunkSnapshot> ListAsync();

    /// <summary>Validates and creates or replaces a trunk; returns it redacted and whether it was created, or the error naming the field.</summary>
    Task<TrunkPutResult> PutAsync(TrunkDefinition trunk);

    /// <summary>True when there was a trunk to delete.</summary>
    Task<bool> DeleteAsync(string trunkId);
}

/// <summary>Every trunk at one <paramref name="Version"/>; the version grows with each change.</summary>
public sealed record TrunkSnapshot(long Version, IReadOnlyList<TrunkDefinition> Trunks)
{
    public static readonly TrunkSnapshot Empty = new(0, []);
}

public sealed record TrunkPutResult(TrunkView? Trunk, bool Created, CallError? Error = null);
