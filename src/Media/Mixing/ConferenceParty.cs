namespace ClutchCall.Media.Mixing;

/// <summary>Mixer slots of a three-party call, in the order <see cref="RoutingMatrix.For"/> uses.</summary>
public enum ConferenceParty
{
    Caller = 0,
    Callee = 1,
    Agent = 2,
}
