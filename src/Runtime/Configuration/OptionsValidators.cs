using System.Net;
using Microsoft.Extensions.Options;

namespace ClutchCall.Runtime;

internal sealed class ClusterOptionsValidator : IValidateOptions<ClusterOptions>
{
    public ValidateOptionsResult Validate(string? name, ClusterOptions o)
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(o.ServiceId) || o.ServiceId.Contains(':'))
        {
            failures.Add("Cluster:ServiceId must be non-empty and contain no ':'.");
        }
        if (string.IsNullOrWhiteSpace(o.SiloName) || o.SiloName.Contains('@'))
        {
            failures.Add("Cluster:SiloName must be non-empty and contain no '@'.");
        }
        if (!IPAddress.TryParse(o.ListenAddress, out _))
        {
            failures.Add($"Cluster:ListenAddress '{o.ListenAddress}' is not an IP address.");
        }
        if (o.AdvertisedAddress is { } a && !IPAddress.TryParse(a, out _))
        {
            failures.Add($"Cluster:AdvertisedAddress '{a}' is not an IP address.");
        }
        if (o.SiloPort is < 0 or > 65535)
        {
            failures.Add("Cluster:SiloPort must be 0..65535.");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}

internal sealed class MembershipOptionsValidator : IValidateOptions<MembershipOptions>
{
    public ValidateOptionsResult Validate(string? name, MembershipOptions o)
    {
        if (o.HeartbeatInterval <= TimeSpan.Zero || o.MonitorInterval <= TimeSpan.Zero)
        {
            return ValidateOptionsResult.Fail("Membership intervals must be positive.");
        }
        // Two missed heartbeats must not kill a healthy silo.
        if (o.LeaseTtl < o.HeartbeatInterval * 3)
        {
            return ValidateOptionsResult.Fail("Cluster:Membership:LeaseTtl must be at least three heartbeat intervals.");
        }
        return ValidateOptionsResult.Success;
    }
}
