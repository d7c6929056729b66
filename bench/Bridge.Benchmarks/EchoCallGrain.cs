using ClutchCall.Grains.Interfaces;
using ClutchCall.Runtime;

namespace ClutchCall.Bridge.Benchmarks;

/// <summary>Grain type "call" for the load run: an answered call whose bridge channels echo every frame back (downlink to uplink).</summary>
[GrainType("call")]
public interface IEchoCall : IGrainWithStringKey
{
    Task AnswerAsync(string orgId);
}

public sealed class EchoCallGrain : Grain<CallState>, IEchoCall, IGrainChannelHandler
{
    public async Task AnswerAsync(string orgId)
    {
        State = new CallState { Sid = Context.Id.Key, OrgId = orgId, Status = CallStatus.InProgress, StartedAt = DateTimeOffset.UtcNow };
        await WriteStateAsync();
    }

    public Task OnChannelOpenedAsync(IGrainChannel channel, ReadOnlyMemory<byte> metadata)
    {
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
