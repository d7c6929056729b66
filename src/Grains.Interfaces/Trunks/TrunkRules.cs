using System.Net;

namespace ClutchCall.Grains.Interfaces;

/// <summary>What a trunk definition must satisfy before it is stored (the same rules as Sip:Trunks on start). Errors name the field.</summary>
public static class TrunkRules
{
    public static readonly IReadOnlyList<string> Transports = ["udp", "tcp"];
    public static readonly IReadOnlyList<string> Codecs = ["PCMU", "PCMA", "opus", "telephone-event"];

    /// <summary>Trunk ids: 1-64 of a-z, A-Z, 0-9, '-', '_' and '.', so they are safe in URLs, keys and configuration.</summary>
    public static bool IsValidId(string? id) =>
        id is { Length: > 0 and <= 64 } && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');

    public static CallError? Check(TrunkDefinition t)
    {
        if (!IsValidId(t.Id)) return Invalid("trunkId", "Trunk ids are 1-64 characters of letters, digits, '-', '_' and '.'.");
        if (string.IsNullOrWhiteSpace(t.Host) || t.Host.Any(char.IsWhiteSpace)) return Invalid("host", "host is required: an IP address or DNS name.");
        if (t.Port is < 1 or > 65535) return Invalid("port", "port must be 1-65535.");
        if (!Transports.Contains(t.Transport)) return Invalid("transport", "transport must be \"udp\" or \"tcp\".");
        if (string.IsNullOrWhiteSpace(t.CallerId)) return Invalid("callerId", "callerId cannot be empty.");
        if (t.Codecs is { } codecs)
        {
            for (var i = 0; i < codecs.Count; i++)
            {
                if (!Codecs.Contains(codecs[i], StringComparer.OrdinalIgnoreCase))
                {
                    return Invalid($"codecs[{i}]", $"'{codecs[i]}' is not a supported codec (PCMU, PCMA, opus, telephone-event).");
                }
            }
            if (codecs.All(c => c.Equals("telephone-event", StringComparison.OrdinalIgnoreCase)))
            {
                return Invalid("codecs", "At least one audio codec (PCMU, PCMA, opus) is required.");
            }
        }
        if (t.MaxConcurrentCalls < 0) return Invalid("maxConcurrentCalls", "maxConcurrentCalls cannot be negative (0 means no limit).");
        var cidrs = t.InboundAllowedCidrs ?? [];
        for (var i = 0; i < cidrs.Count; i++)
        {
            if (!IPNetwork.TryParse(cidrs[i], out _)) return Invalid($"inboundAllowedCidrs[{i}]", $"'{cidrs[i]}' is not a CIDR such as 203.0.113.0/24.");
        }
        if ((t.Username is null) != (t.Password is null)) return Invalid(t.Username is null ? "username" : "password", "username and password go together.");
        if ((t.InboundUsername is null) != (t.InboundPassword is null))
        {
            return Invalid(t.InboundUsername is null ? "inboundUsername" : "inboundPassword", "inboundUsername and inboundPassword go together.");
        }
        return null;
    }

    private static CallError Invalid(string field, string detail) => new(CallErrorKind.Invalid, detail, field);
}
