using System.Collections.Concurrent;
using ClutchCall.Grains.Interfaces;
using ClutchCall.Runtime;
using ClutchCall.Sip.UserAgent;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ClutchCall.Gateway.Sip;

/// <summary>
/// The gateway's SIP edge: it dials originated calls on SIP trunks (<see cref="Dial"/>, called by the gateway that
/// accepted the originate, once, when the grain created the call) and turns inbound INVITEs into ringing calls.
/// Each call is a <see cref="SipLeg"/>; the call grain decides, the edge does SIP and RTP.
/// </summary>
public sealed partial class SipEdge(
    SipUserAgent agent,
    IGrainFactory grains,
    IGrainChannelFactory channels,
    IOptions<SipEdgeOptions> options,
    TimeProvider time,
    SipEdgeMetrics metrics,
    ILogger<SipEdge> logger) : BackgroundService
{
    private readonly ConcurrentDictionary<string, SipLeg> _legs = new(StringComparer.Ordinal);

    internal SipUserAgent Agent => agent;
    internal IGrainFactory Grains => grains;
    internal IGrainChannelFactory Channels => channels;
    internal SipEdgeOptions Options => options.Value;
    internal TimeProvider Time => time;
    internal SipEdgeMetrics Metrics => metrics;
    internal ILogger Logger => logger;

    /// <summary>Calls this edge holds a dialog for.</summary>
    public int ActiveLegs => _legs.Count;

    /// <summary>Whether <paramref name="trunkId"/> is one of this edge's SIP trunks.</summary>
    public bool Handles(string trunkId) => agent.Trunks.Any(t => t.Id == trunkId);

    /// <summary>Places the INVITE for a call the grain just created. Returns at once; the leg reports to the grain.</summary>
    public void Dial(string sid, OriginateCall request)
    {
        var leg = new SipLeg(this, sid, "outbound");
        if (!_legs.TryAdd(sid, leg))
        {
            return; // already dialling this sid
        }
        LogDial(sid, request.TrunkId, request.To);
        _ = Task.Run(() => leg.RunOutboundAsync(request));
    }

    /// <summary>
    /// Dials the original callee of an inbound call (the <c>connect</c> command) on the trunk the call came in on, as
    /// a second leg of the same sid; it opens <c>leg:callee</c> and reports its progress with that leg's name.
    /// </summary>
    internal void DialCallee(string sid, string trunkId, string to, string callerId, int ringSeconds)
    {
        var leg = new SipLeg(this, sid, "outbound", LegNames.Callee);
        if (!_legs.TryAdd(leg.Key, leg))
        {
            return; // already dialling this call's callee
        }
        LogDial(sid, trunkId, to);
        var request = new OriginateCall("", to, callerId, trunkId, null, null, ringSeconds);
        _ = Task.Run(() => leg.RunOutboundAsync(request));
    }

    internal static string LegKey(string sid, string legName) => legName == LegNames.Caller ? sid : sid + "/" + legName;

    /// <summary>Diagnostics and tests: the SIP dialog of a call this edge holds.</summary>
    public SipCall? FindCall(string sid) => _legs.TryGetValue(sid, out var leg) ? leg.Call : null;

    /// <summary>Diagnostics and tests: re-opens and the longest gap of a call's leg channel.</summary>
    public (int Reopens, TimeSpan LongestGap)? ChannelStats(string sid) =>
        _legs.TryGetValue(sid, out var leg) && leg.Channel is { } c ? (c.Reopens, c.LongestGap) : null;

    internal void Forget(SipLeg leg) => _legs.TryRemove(KeyValuePair.Create(leg.Key, leg));

    /// <summary>Diagnostics and tests: the SIP dialog of a call's callee (after connect).</summary>
    public SipCall? FindCallee(string sid) => _legs.TryGetValue(LegKey(sid, LegNames.Callee), out var leg) ? leg.Call : null;

    /// <summary>Refer-To for a number: the trunk's host (a carrier routes the number), unless Sip:Edge:ReferTargets names another.</summary>
    internal string ReferTarget(string trunkId, string number)
    {
        if (Options.ReferTargets.TryGetValue(trunkId, out var hostPort))
        {
            return $"sip:{number}@{hostPort}";
        }
        var trunk = agent.Trunks.First(t => t.Id == trunkId);
        return $"sip:{number}@{trunk.Host}:{trunk.Port}";
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var incoming in agent.IncomingCalls.ReadAllAsync(stoppingToken))
            {
                var sid = CallSid.New();
                var leg = new SipLeg(this, sid, "inbound");
                _legs[sid] = leg;
                LogIncoming(sid, incoming.TrunkId, incoming.From.Uri.User ?? "-", incoming.To.Uri.User ?? "-");
                _ = Task.Run(() => leg.RunInboundAsync(incoming), CancellationToken.None);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Call {Sid}: dialling {To} on trunk {Trunk}")]
    private partial void LogDial(string sid, string trunk, string to);

    [LoggerMessage(Level = LogLevel.Information, Message = "Call {Sid}: INVITE on trunk {Trunk} from {From} to {To}")]
    private partial void LogIncoming(string sid, string trunk, string from, string to);
}
