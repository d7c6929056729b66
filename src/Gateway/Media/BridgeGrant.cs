namespace ClutchCall.Gateway.Media;

/// <summary>What a valid bridge token allows: one role on one call of one org.</summary>
public sealed record BridgeGrant(string OrgId, string Sid, BridgeRole Role);
