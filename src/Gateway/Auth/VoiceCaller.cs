namespace ClutchCall.Gateway.Auth;

/// <summary>Who is calling: an org, scopes, and for browser tokens the one sid they may touch.</summary>
public sealed record VoiceCaller(string OrgId, IReadOnlySet<string> Scopes, string? OnlySid)
{
    public bool Has(string scope) => Scopes.Contains(scope);
}
