using ClutchCall.Grains.Interfaces;

namespace ClutchCall.Grains.Call;

internal static class CallGuards
{
    /// <summary>A call that does not exist and a call of another org look the same: not found.</summary>
    public static CallDecision? NotFound(CallState state, string orgId) =>
        state.Exists && string.Equals(state.OrgId, orgId, StringComparison.Ordinal)
            ? null
            : CallDecision.Refuse(state, CallErrorKind.NotFound, "No such call in this org.");
}
