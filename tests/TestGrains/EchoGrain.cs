using ClutchCall.Runtime;

namespace ClutchCall.TestGrains;

/// <summary>A stateless grain: measures the runtime's own cost (routing, activation, turns) without state writes.</summary>
[GrainType("echo")]
public interface IEchoGrain : IGrainWithStringKey
{
    Task<string> EchoAsync(string text);

    /// <summary>Ends this activation (and so its channels) after the turn.</summary>
    Task EndAsync();
}

/// <summary>Echoes calls, and echoes every frame of every channel opened to it back on that channel.</summary>
public sealed class EchoGrain : Grain, IEchoGrain, IGrainChannelHandler
{
    public Task<string> EchoAsync(string text) => Task.FromResult(text);

    public Task EndAsync()
    {
        DeactivateOnIdle();
        return Task.CompletedTask;
    }

    public Task OnChannelOpenedAsync(IGrainChannel channel, ReadOnlyMemory<byte> metadata)
    {
        if (metadata.Span.SequenceEqual("refuse"u8))
        {
            throw new InvalidOperationException("refused by request");
        }
        _ = Task.Run(async () =>
        {
            await foreach (var frame in channel.Incoming.ReadAllAsync())
            {
                channel.TrySend(frame);
            }
        });
        return Task.CompletedTask;
    }
}
