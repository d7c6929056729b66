using System.Net;
using ClutchCall.Sip.UserAgent;
using Microsoft.Extensions.Options;

namespace ClutchCall.Sip.Hosting;

/// <summary>Refuses configurations the stack cannot run, naming the bad field.</summary>
public sealed class SipUserAgentOptionsValidator : IValidateOptions<SipUserAgentOptions>
{
    private static readonly HashSet<string> Codecs = new(["PCMU", "PCMA", "OPUS", "TELEPHONE-EVENT"], StringComparer.OrdinalIgnoreCase);

    public ValidateOptionsResult Validate(string? name, SipUserAgentOptions o)
    {
        var errors = new List<string>();
        if (!IPAddress.TryParse(o.BindAddress, out _)) errors.Add($"BindAddress '{o.BindAddress}' is not an IP address");
        if (o.UdpPort is < 0 or > 65535) errors.Add("UdpPort must be 0-65535");
        if (o.TcpPort is < 0 or > 65535) errors.Add("TcpPort must be 0-65535");
        if (o.TlsPort is < 0 or > 65535) errors.Add("TlsPort must be 0-65535");
        if (o.TlsPort is not null && o.Tls.ServerCertificate is null) errors.Add("TlsPort needs Tls.ServerCertificate");
        if (o.RtpPortMin < 1024 || o.RtpPortMax > 65534 || o.RtpPortMax - o.RtpPortMin < 2) errors.Add("RtpPortMin/RtpPortMax must span at least one even/odd pair inside 1024-65534");
        if (o.Timers.T1 <= TimeSpan.Zero || o.Timers.T2 < o.Timers.T1 || o.Timers.T4 <= TimeSpan.Zero) errors.Add("Timers need T1 > 0, T2 >= T1, T4 > 0");
        if (o.RingTimeout <= TimeSpan.Zero) errors.Add("RingTimeout must be positive");
        if (o.InboundRingTimeout <= TimeSpan.Zero) errors.Add("InboundRingTimeout must be positive");
        if (o.RtcpInterval <= TimeSpan.Zero) errors.Add("RtcpInterval must be positive");
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var t in o.Trunks)
        {
            if (string.IsNullOrWhiteSpace(t.Id) || !ids.Add(t.Id)) errors.Add($"Trunk id '{t.Id}' is empty or duplicated");
            if (string.IsNullOrWhiteSpace(t.Host)) errors.Add($"Trunk '{t.Id}': Host is required");
            if (t.Port is < 1 or > 65535) errors.Add($"Trunk '{t.Id}': Port must be 1-65535");
            if (t.MaxConcurrentCalls < 0) errors.Add($"Trunk '{t.Id}': MaxConcurrentCalls cannot be negative");
            if (t.Codecs.Count == 0 || t.Codecs.All(c => c.Equals("telephone-event", StringComparison.OrdinalIgnoreCase))) errors.Add($"Trunk '{t.Id}': at least one audio codec is required");
            foreach (var c in t.Codecs.Where(c => !Codecs.Contains(c))) errors.Add($"Trunk '{t.Id}': codec '{c}' is not supported (PCMU, PCMA, opus, telephone-event)");
            foreach (var cidr in t.InboundAllowedCidrs.Where(c => !IPNetwork.TryParse(c, out _))) errors.Add($"Trunk '{t.Id}': '{cidr}' is not a CIDR");
            if ((t.Username is null) != (t.Password is null)) errors.Add($"Trunk '{t.Id}': Username and Password go together");
            if ((t.InboundUsername is null) != (t.InboundPassword is null)) errors.Add($"Trunk '{t.Id}': InboundUsername and InboundPassword go together");
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
