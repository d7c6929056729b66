namespace ClutchCall.Grains.Interfaces;

/// <summary>Names of event streams and indexes the call grain writes to.</summary>
public static class CallStreams
{
    public const string GrainType = "call";

    /// <summary>The grain's own stream: "call/{sid}".</summary>
    public static string ForCall(string sid) => GrainType + "/" + sid;

    /// <summary>Every event of every call of an org: "org/{orgId}".</summary>
    public static string ForOrg(string orgId) => "org/" + orgId;

    /// <summary>Sorted set of an org's calls: member sid, score <see cref="IndexScore"/>.</summary>
    public static string OrgCallsIndex(string orgId) => "org/" + orgId + "/calls";

    /// <summary>Org ids are short slugs: letters, digits, '_' and '-', 1..64 characters.</summary>
    public static bool IsValidOrgId(string? orgId)
    {
        if (string.IsNullOrEmpty(orgId) || orgId.Length > 64)
        {
            return false;
        }
        foreach (var c in orgId)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not '_' and not '-')
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>
    /// The org index orders calls by start time in microseconds since the epoch (exact in a double for centuries), so
    /// "newest first" holds for calls started within the same millisecond; equal scores are ordered by sid.
    /// </summary>
    public static double IndexScore(DateTimeOffset startedAt) => (startedAt - DateTimeOffset.UnixEpoch).Ticks / 10;
}
