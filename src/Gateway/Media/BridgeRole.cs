using ClutchCall.Moqt.Audio;

namespace ClutchCall.Gateway.Media;

/// <summary>
/// The two ends an audio bridge can be: <c>attach</c> (a server: hears the caller on uplink, speaks on downlink) and
/// <c>attachCaller</c> (a browser softphone: speaks the caller's mic on uplink, hears downlink).
/// </summary>
public enum BridgeRole
{
    Attach,
    AttachCaller,
}

public static class BridgeRoles
{
    public const string AttachWire = "attach";
    public const string AttachCallerWire = "attachCaller";

    public static string ToWireName(this BridgeRole role) => role == BridgeRole.Attach ? AttachWire : AttachCallerWire;

    public static bool TryParse(string? wire, out BridgeRole role)
    {
        switch (wire)
        {
            case AttachWire: role = BridgeRole.Attach; return true;
            case AttachCallerWire: role = BridgeRole.AttachCaller; return true;
            default: role = default; return false;
        }
    }

    /// <summary>The grain channel name of the bridge channel contract.</summary>
    public static string ChannelName(this BridgeRole role) => role == BridgeRole.Attach ? "bridge:attach" : "bridge:caller";

    /// <summary>The track the gateway publishes and the client may subscribe to.</summary>
    public static string ServedTrack(this BridgeRole role) => role == BridgeRole.Attach ? VoiceTracks.Uplink : VoiceTracks.Downlink;

    /// <summary>The track the client publishes and the gateway subscribes to.</summary>
    public static string ClientTrack(this BridgeRole role) => role == BridgeRole.Attach ? VoiceTracks.Downlink : VoiceTracks.Uplink;
}
