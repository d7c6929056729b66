using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Text;
using ClutchCall.Grains.Interfaces;
using ClutchCall.Runtime;

namespace ClutchCall.Testing.Bridge;

/// <summary>
/// A stand-in for the call grain's side of the bridge channel contract (the real one is written separately): grain
/// type "call", persisted as a CallState so the control plane finds the call, and an IGrainChannelHandler that
/// accepts "bridge:attach" / "bridge:caller" only while in progress, sends a numbered tone frame every 20 ms and
/// echoes every frame it receives straight back. Ending the call closes every bridge channel with Closed.
/// </summary>
[GrainType("call")]
public interface IBridgeTestCall : IGrainWithStringKey
{
    Task AnswerAsync(string orgId);

    Task CreateRingingAsync(string orgId);

    Task EndAsync();
}

public sealed class BridgeTestCallGrain(BridgeProbe probe) : Grain<CallState>, IBridgeTestCall, IGrainChannelHandler
{
    private readonly List<IGrainChannel> _bridges = [];

    public Task AnswerAsync(string orgId) => SetAsync(orgId, CallStatus.InProgress);

    public Task CreateRingingAsync(string orgId) => SetAsync(orgId, CallStatus.Ringing);

    public async Task EndAsync()
    {
        State = State with { Status = CallStatus.Completed };
        await WriteStateAsync();
        foreach (var channel in _bridges)
        {
            channel.Close(ChannelCloseReason.Closed);
        }
        _bridges.Clear();
    }

    public Task OnChannelOpenedAsync(IGrainChannel channel, ReadOnlyMemory<byte> metadata)
    {
        if (channel.Name is not ("bridge:attach" or "bridge:caller"))
        {
            throw new InvalidOperationException($"unknown channel {channel.Name}");
        }
        if (State.Status != CallStatus.InProgress)
        {
            throw new InvalidOperationException(State.Status == CallStatus.Completed ? "call ended" : "call not answered");
        }
        var sid = Context.Id.Key;
        probe.Opened(sid, channel.Name, Encoding.UTF8.GetString(metadata.Span));
        _bridges.Add(channel);
        KeepAlive(true);
        _ = Task.Run(() => ToneAsync(channel));
        _ = Task.Run(async () =>
        {
            await foreach (var frame in channel.Incoming.ReadAllAsync())
            {
                probe.Received(sid, channel.Name, frame);
                channel.TrySend(frame);
            }
        });
        return Task.CompletedTask;
    }

    private async Task SetAsync(string orgId, CallStatus status)
    {
        State = new CallState { Sid = Context.Id.Key, OrgId = orgId, Status = status, StartedAt = DateTimeOffset.UtcNow };
        await WriteStateAsync();
    }

    private static async Task ToneAsync(IGrainChannel channel)
    {
        for (uint i = 0; !channel.Completion.IsCompleted; i++)
        {
            channel.TrySend(BridgeProbe.ToneFrame(i, (ulong)(DateTimeOffset.UtcNow - DateTimeOffset.UnixEpoch).Ticks / 10));
            await Task.Delay(20);
        }
    }
}

/// <summary>What the stand-in grain saw: the metadata of each opened bridge and every frame received, per sid.</summary>
public sealed class BridgeProbe
{
    public const int ToneLength = 32;

    private readonly ConcurrentDictionary<string, ConcurrentQueue<(string Name, string Metadata)>> _opened = new();
    private readonly ConcurrentDictionary<string, ConcurrentQueue<(string Name, byte[] Frame)>> _received = new();

    public void Opened(string sid, string name, string metadata) => _opened.GetOrAdd(sid, _ => new()).Enqueue((name, metadata));

    public void Received(string sid, string name, ReadOnlyMemory<byte> frame) => _received.GetOrAdd(sid, _ => new()).Enqueue((name, frame.ToArray()));

    public IReadOnlyList<(string Name, string Metadata)> OpenedFor(string sid) => _opened.TryGetValue(sid, out var q) ? [.. q] : [];

    /// <summary>Channel frames as received: 8-byte little-endian timestamp, then the payload.</summary>
    public IReadOnlyList<(string Name, byte[] Frame)> ReceivedFor(string sid) => _received.TryGetValue(sid, out var q) ? [.. q] : [];

    /// <summary>A channel frame of the contract: timestamp, then 'T', the big-endian index and a pattern from it.</summary>
    public static byte[] ToneFrame(uint index, ulong micros)
    {
        var frame = new byte[8 + ToneLength];
        BinaryPrimitives.WriteUInt64LittleEndian(frame, micros);
        var payload = frame.AsSpan(8);
        payload[0] = (byte)'T';
        BinaryPrimitives.WriteUInt32BigEndian(payload[1..], index);
        for (var k = 5; k < payload.Length; k++)
        {
            payload[k] = (byte)((index * 13) + k);
        }
        return frame;
    }

    /// <summary>True when the payload (without the timestamp) is an intact tone frame.</summary>
    public static bool IsTone(ReadOnlySpan<byte> payload) =>
        payload.Length == ToneLength && payload[0] == 'T' && payload.SequenceEqual(ToneFrame(BinaryPrimitives.ReadUInt32BigEndian(payload[1..]), 0).AsSpan(8));
}
