using ClutchCall.Sip.Hosting;
using ClutchCall.Sip.UserAgent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace ClutchCall.Sip.Tests;

public class HostingTests
{
    [Fact]
    public async Task The_agent_starts_and_stops_with_the_host()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddSipUserAgent(o =>
        {
            o.UdpPort = 0;
            o.TcpPort = 0;
            o.Trunks.Add(new SipTrunkOptions { Id = "t", Host = "127.0.0.1", Codecs = ["PCMA"] });
        });
        using var host = builder.Build();
        await host.StartAsync();
        var agent = host.Services.GetRequiredService<SipUserAgent>();
        Assert.NotNull(agent.UdpEndPoint);
        Assert.NotNull(agent.TcpEndPoint);
        Assert.Equal("t", Assert.Single(agent.Trunks).Id);
        await host.StopAsync();
    }

    [Fact]
    public void The_validator_names_every_bad_field()
    {
        var options = new SipUserAgentOptions { BindAddress = "nope", RtpPortMin = 5000, RtpPortMax = 5001 };
        options.Trunks.Add(new SipTrunkOptions { Id = "a", Host = "", Codecs = ["G729"], InboundAllowedCidrs = ["10.0.0.0/33"], Username = "u" });
        options.Trunks.Add(new SipTrunkOptions { Id = "a", Host = "h" });
        var result = new SipUserAgentOptionsValidator().Validate(null, options);
        Assert.True(result.Failed);
        var text = string.Join("\n", result.Failures!);
        foreach (var fragment in new[] { "BindAddress", "RtpPortMin", "Host is required", "G729", "10.0.0.0/33", "Username and Password", "duplicated" })
        {
            Assert.Contains(fragment, text);
        }
        Assert.True(new SipUserAgentOptionsValidator().Validate(null, new SipUserAgentOptions()).Succeeded);
    }

    [Fact]
    public async Task An_invalid_configuration_stops_the_host_from_starting()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddSipUserAgent(o => o.BindAddress = "not-an-ip");
        using var host = builder.Build();
        await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());
    }
}
