namespace ClutchCall.Runtime;

/// <summary>Hands out references to grains. A reference does no I/O until it is called; placement is hidden.</summary>
public interface IGrainFactory
{
    TGrain GetGrain<TGrain>(string key) where TGrain : IGrainWithStringKey;
}
