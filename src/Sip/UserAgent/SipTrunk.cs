using ClutchCall.Sip.Auth;
using ClutchCall.Sip.Sdp;

namespace ClutchCall.Sip.UserAgent;

/// <summary>A trunk's options resolved into what the stack uses: codec list, credentials, inbound rule.</summary>
internal sealed class SipTrunk
{
    public SipTrunk(SipTrunkOptions options, string realm)
    {
        Options = options;
        Codecs = [.. options.Codecs.Select(ToCodec)];
        OutboundCredentials = options.Username is { } u ? new DigestCredentials(u, options.Password ?? "") : null;
        var inbound = options.InboundUsername is { } iu ? new DigestCredentials(iu, options.InboundPassword ?? "") : null;
        InboundRule = new InboundRule(options.InboundAllowedCidrs, inbound, realm);
    }

    public SipTrunkOptions Options { get; }
    public string Id => Options.Id;
    public IReadOnlyList<SdpCodec> Codecs { get; }
    public DigestCredentials? OutboundCredentials { get; }
    public InboundRule InboundRule { get; }

    private static SdpCodec ToCodec(string name) => name.ToUpperInvariant() switch
    {
        "PCMU" => SdpCodec.Pcmu,
        "PCMA" => SdpCodec.Pcma,
        "OPUS" => SdpCodec.Opus,
        "TELEPHONE-EVENT" => SdpCodec.TelephoneEvent,
        _ => throw new ArgumentException($"Unsupported codec '{name}' (use PCMU, PCMA, opus, telephone-event)."),
    };
}
