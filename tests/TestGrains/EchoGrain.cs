using ClutchCall.Runtime;

namespace ClutchCall.TestGrains;

/// <summary>A stateless grain: measures the runtime's own cost (routing, activation, turns) without state writes.</summary>
[GrainType("echo")]
public interface IEchoGrain : IGrainWithStringKey
{
    Task<string> EchoAsync(string text);
}

public sealed class EchoGrain : Grain, IEchoGrain
{
    public Task<string> EchoAsync(string text) => Task.FromResult(text);
}
