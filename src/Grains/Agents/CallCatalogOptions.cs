namespace ClutchCall.Grains;

/// <summary>Configuration section "Voice:Catalog": which trunks and agents a call may name. Configured entries add to the defaults.</summary>
public sealed class CallCatalogOptions
{
    public const string Section = "Voice:Catalog";

    /// <summary>Ids of simulated trunks. Default: trunk_sim.</summary>
    public List<string> SimulatedTrunks { get; set; } = [SimulatedTrunk.DefaultTrunkId];

    /// <summary>Ids of SIP trunks (the gateway's SIP edge dials and answers them). The engine adds every Sip:Trunks id.</summary>
    public List<string> SipTrunks { get; set; } = [];

    /// <summary>How long a SIP call's leg channel may stay closed (the gateway holding the dialog died) before the call fails with edge_lost. Default 5 s.</summary>
    public TimeSpan EdgeLostGrace { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Built-in agent ids (see BuiltInAgents): "echo", and the agents named in the SDK recipes, served by the scripted IVR, so examples run as written.</summary>
    public List<string> Agents { get; set; } =
        ["healthcare-assistant", "appointment-reminder", "triage-bot", "human-queue", "billing-bot", "echo"];
}
