using ClutchCall.Runtime.Channels;
using ClutchCall.Runtime.Messaging;

namespace ClutchCall.Runtime.Activation;

internal sealed partial class Activation
{
    private readonly List<ChannelEnd> _channels = [];

    /// <summary>Open channels keep an activation from being collected as idle.</summary>
    public bool HasOpenChannels
    {
        get
        {
            lock (_channels)
            {
                return _channels.Count > 0;
            }
        }
    }

    private async Task<GrainResponse> AcceptChannelAsync(GrainRequest open, ChannelEnd end)
    {
        if (Refusal(open) is { } refused)
        {
            return refused;
        }
        if (_grain is not IGrainChannelHandler handler)
        {
            return new GrainResponse(ResponseStatus.BadRequest, _epoch, null, Serialize(new ErrorPayload("NoChannels", $"{Id.Type} accepts no channels.")));
        }
        end.Epoch = _epoch;
        lock (_channels)
        {
            _channels.Add(end);
        }
        _ = end.Completion.ContinueWith(_ =>
        {
            lock (_channels)
            {
                _channels.Remove(end);
            }
        }, TaskScheduler.Default);
        try
        {
            await handler.OnChannelOpenedAsync(end, open.Arguments);
            return GrainResponse.Of(ResponseStatus.Ok, _epoch);
        }
        catch (Exception e)
        {
            end.Finish(ChannelCloseReason.Refused);
            return Error(e);
        }
    }

    /// <summary>Ends every channel as the activation leaves; callers re-open on the next owner unless it was an ordinary close.</summary>
    private void CloseChannels()
    {
        ChannelEnd[] open;
        lock (_channels)
        {
            open = [.. _channels];
        }
        var reason = _reason is DeactivationReason.Idle or DeactivationReason.Requested ? ChannelCloseReason.Closed : ChannelCloseReason.OwnerMoved;
        foreach (var end in open)
        {
            end.Close(reason);
        }
    }
}
