using ClutchCall.Grains.Interfaces;
using ClutchCall.Sip.Transport;
using ClutchCall.Sip.UserAgent;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ClutchCall.Gateway.Trunks;

/// <summary>
/// Keeps the SIP user agent's trunks in step with the trunk registry, without a restart: at start and on every change
/// the <see cref="TrunkDirectory"/> sees (its 2 s poll, or a PUT/DELETE on this gateway). A registry trunk overrides a
/// configured one (<c>Sip:Trunks</c>) with the same id; deleting it from the registry brings the configured one back.
/// Trunks nobody registered or configured (added through <see cref="SipUserAgent.UpsertTrunk"/> by hand) are left alone.
/// </summary>
internal sealed partial class SipTrunkSync(
    SipUserAgent agent,
    TrunkDirectory directory,
    IOptions<SipUserAgentOptions> options,
    ILogger<SipTrunkSync> logger) : IHostedService
{
    private readonly Lock _lock = new();
    private HashSet<string> _applied = new(StringComparer.Ordinal);

    public Task StartAsync(CancellationToken cancellationToken)
    {
        directory.Changed += Apply;
        Apply(directory.Current); // a refresh may have run before we subscribed; applying twice is harmless
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        directory.Changed -= Apply;
        return Task.CompletedTask;
    }

    internal void Apply(TrunkSnapshot snapshot)
    {
        lock (_lock)
        {
            var next = new HashSet<string>(snapshot.Trunks.Select(t => t.Id), StringComparer.Ordinal);
            foreach (var gone in _applied.Where(id => !next.Contains(id)))
            {
                if (options.Value.Trunks.FirstOrDefault(t => t.Id == gone) is { } configured)
                {
                    agent.UpsertTrunk(configured);
                }
                else
                {
                    agent.RemoveTrunk(gone);
                }
            }
            foreach (var trunk in snapshot.Trunks)
            {
                agent.UpsertTrunk(ToOptions(trunk));
            }
            _applied = next;
            LogApplied(snapshot.Version, snapshot.Trunks.Count);
        }
    }

    internal static SipTrunkOptions ToOptions(TrunkDefinition t) => new()
    {
        Id = t.Id,
        Host = t.Host,
        Port = t.Port,
        Transport = t.Transport == "tcp" ? SipTransportKind.Tcp : SipTransportKind.Udp,
        Username = t.Username,
        Password = t.Password,
        CallerId = t.CallerId,
        CallerIdName = t.CallerIdName,
        Codecs = [.. t.Codecs ?? TrunkDefinition.DefaultCodecs],
        MaxConcurrentCalls = t.MaxConcurrentCalls,
        InboundAllowedCidrs = [.. t.InboundAllowedCidrs ?? []],
        InboundUsername = t.InboundUsername,
        InboundPassword = t.InboundPassword,
    };

    [LoggerMessage(Level = LogLevel.Information, Message = "SIP trunks: registry version {Version} applied ({Count} registry trunks)")]
    private partial void LogApplied(long version, int count);
}
