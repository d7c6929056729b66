namespace ClutchCall.Gateway.Auth;

/// <summary>
/// Who is calling: an org, scopes, and for browser tokens the one sid they may touch; bridge tokens also name the
/// bridge role they may open (<c>attach</c> or <c>attachCaller</c>).
/// </summary>
public sealed record VoiceCaller(string OrgId, IReadOnlySet<string> Scopes, string? OnlySid, string? BridgeRole = null)
{
    public bool Has(string scope) => Scopes.Contains(scope);
}
