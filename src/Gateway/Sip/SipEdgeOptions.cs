namespace ClutchCall.Gateway.Sip;

/// <summary>Configuration section "Sip:Edge": how the gateway's SIP edge maps trunks to orgs. The trunks themselves are "Sip:Trunks".</summary>
public sealed class SipEdgeOptions
{
    public const string Section = "Sip:Edge";

    /// <summary>The org that owns calls arriving on a trunk not named in <see cref="TrunkOrgs"/>. Default org_dev (the embedded default's org).</summary>
    public string InboundOrgId { get; set; } = "org_dev";

    /// <summary>Trunk id -> org id for inbound calls.</summary>
    public Dictionary<string, string> TrunkOrgs { get; set; } = [];

    /// <summary>Extra ring time our own INVITE timer allows beyond the call's ringTimeoutSec, so the grain's ring timeout decides (and CANCELs). Default 5 s.</summary>
    public TimeSpan RingTimeoutMargin { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a REFER may take to reach a final NOTIFY. Default 30 s.</summary>
    public TimeSpan TransferTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Trunk id -> "host:port" for Refer-To URIs, when a carrier wants transfers addressed somewhere other than the trunk's host.</summary>
    public Dictionary<string, string> ReferTargets { get; set; } = [];

    public string OrgFor(string trunkId) => TrunkOrgs.TryGetValue(trunkId, out var org) ? org : InboundOrgId;
}
