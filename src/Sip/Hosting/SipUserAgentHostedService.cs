using ClutchCall.Sip.UserAgent;
using Microsoft.Extensions.Hosting;

namespace ClutchCall.Sip.Hosting;

/// <summary>Binds the agent's sockets when the host starts and ends every call when it stops.</summary>
internal sealed class SipUserAgentHostedService(SipUserAgent agent) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => agent.StartAsync(cancellationToken);

    public async Task StopAsync(CancellationToken cancellationToken) => await agent.DisposeAsync();
}
