using System.Net;
using ClutchCall.Sip.Messages;
using ClutchCall.Sip.Parsing;

namespace ClutchCall.Sip.Transport;

/// <summary>One received frame: the parse outcome (a message or a refusal) and where it came from.</summary>
public sealed record SipInbound(SipParseResult Parse, IPEndPoint Remote, ISipTransport Transport);

/// <summary>A SIP transport bound to a local endpoint. Messages arrive through the handler given to <see cref="Start"/>.</summary>
public interface ISipTransport : IAsyncDisposable
{
    SipTransportKind Kind { get; }

    /// <summary>Stream transports keep retransmissions off (RFC 3261 §17.1.1.2: timers A/E/G only run on unreliable ones).</summary>
    bool IsReliable { get; }

    IPEndPoint LocalEndPoint { get; }

    void Start(Action<SipInbound> onMessage);

    ValueTask SendAsync(SipMessage message, IPEndPoint remote, CancellationToken cancellationToken = default);
}
