using Microsoft.Extensions.Options;

namespace ClutchCall.Gateway.Auth;

/// <summary>Provisioned API keys by hash (from configuration), plus the dev key of the embedded default.</summary>
public sealed class ApiKeyStore
{
    private readonly Dictionary<string, VoiceCaller> _byHash = new(StringComparer.Ordinal);

    public ApiKeyStore(IOptions<VoiceGatewayOptions> options, DevApiKey devKey)
    {
        foreach (var key in options.Value.ApiKeys)
        {
            _byHash[key.Sha256.ToLowerInvariant()] = new VoiceCaller(key.OrgId, key.Scopes.ToHashSet(StringComparer.Ordinal), null);
        }
        if (devKey.Secret is { } secret)
        {
            _byHash[ApiKeyHasher.Hash(secret)] = new VoiceCaller(devKey.OrgId, VoiceScopes.All.ToHashSet(StringComparer.Ordinal), null);
        }
    }

    public VoiceCaller? Find(string secret) => _byHash.GetValueOrDefault(ApiKeyHasher.Hash(secret));
}

/// <summary>The embedded default's key: from configuration, else generated once per process.</summary>
public sealed class DevApiKey
{
    public DevApiKey(IOptions<VoiceGatewayOptions> options)
    {
        var o = options.Value;
        OrgId = o.DevOrg;
        if (!o.EnableDevKey)
        {
            return;
        }
        Generated = string.IsNullOrEmpty(o.DevApiKey);
        Secret = Generated ? ApiKeyHasher.NewSecret() : o.DevApiKey;
    }

    public string? Secret { get; }

    public string OrgId { get; }

    /// <summary>True when the key was made up at startup and must be printed.</summary>
    public bool Generated { get; }
}
