namespace ClutchCall.Grains;

/// <summary>Configuration section "Voice:Catalog": which trunks and agents a call may name. Configured entries add to the defaults.</summary>
public sealed class CallCatalogOptions
{
    public const string Section = "Voice:Catalog";

    /// <summary>Ids of simulated trunks. Default: trunk_sim.</summary>
    public List<string> SimulatedTrunks { get; set; } = [SimulatedTrunk.DefaultTrunkId];

    /// <summary>Registered agent ids. Default: the agents named in the SDK recipes, so examples run as written.</summary>
    public List<string> Agents { get; set; } =
        ["healthcare-assistant", "appointment-reminder", "triage-bot", "human-queue", "billing-bot", "echo"];
}
