namespace ClutchCall.Gateway.Auth;

public static class VoiceScopes
{
    /// <summary>Originate, read, list, transfer, hang up, inbound commands, events.</summary>
    public const string Calls = "voice:calls";

    /// <summary>Open the audio bridge (data plane).</summary>
    public const string Bridge = "voice:bridge";

    /// <summary>Attach and detach agents.</summary>
    public const string Agents = "voice:agents";

    /// <summary>Operator actions such as ringing in a simulated call.</summary>
    public const string Admin = "voice:admin";

    public static readonly IReadOnlyList<string> All = [Calls, Bridge, Agents, Admin];

    /// <summary>What a browser token may carry: never agents or admin.</summary>
    public static readonly IReadOnlyList<string> BrowserAllowed = [Calls, Bridge];
}
