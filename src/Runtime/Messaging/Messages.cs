namespace ClutchCall.Runtime.Messaging;

internal enum FrameKind : byte
{
    Request = 1,
    Response = 2,

    /// <summary>Opens a grain channel; laid out as a request (method = channel name, arguments = metadata), answered by a Response.</summary>
    ChannelOpen = 3,

    /// <summary>A frame on an open channel, either direction; the correlation is the channel id.</summary>
    ChannelData = 4,

    /// <summary>Ends a channel, either direction, with a <see cref="ChannelCloseReason"/>.</summary>
    ChannelClose = 5,
}

internal sealed record ChannelData(ReadOnlyMemory<byte> Frame);

internal sealed record ChannelClose(ChannelCloseReason Reason);

internal enum ResponseStatus : byte
{
    Ok = 0,

    /// <summary>The grain method threw; the payload is a serialized <see cref="ErrorPayload"/>.</summary>
    ApplicationError = 1,

    /// <summary>This silo does not own the grain; OwnerHint names the owner when known. Not delivered.</summary>
    NotOwner = 2,

    /// <summary>The request carried an older epoch than the owner's; Epoch is the current one. Not delivered.</summary>
    StaleEpoch = 3,

    /// <summary>The activation lost ownership while running the request; its effects were not persisted.</summary>
    Fenced = 4,

    /// <summary>The silo is stopping or not serving; try again elsewhere. Not delivered.</summary>
    Unavailable = 5,

    /// <summary>Unknown grain type or method, or arguments that do not bind. Not delivered.</summary>
    BadRequest = 6,
}

internal sealed record ErrorPayload(string Type, string Message);

/// <summary>A call of one grain method. Epoch 0 means "the caller does not know the owner's epoch".</summary>
internal sealed record GrainRequest(GrainId Grain, long Epoch, string Method, ReadOnlyMemory<byte> Arguments)
{
    /// <summary>The caller's W3C trace context, so a call is one trace across processes.</summary>
    public string? TraceParent { get; init; }

    /// <summary>Grains (comma-separated ids) whose turns are waiting on this call: a cycle would never finish.</summary>
    public string? CallChain { get; init; }
}

internal sealed record GrainResponse(ResponseStatus Status, long Epoch, string? OwnerHint, ReadOnlyMemory<byte> Payload)
{
    public static GrainResponse Of(ResponseStatus status, long epoch = 0, string? ownerHint = null) =>
        new(status, epoch, ownerHint, ReadOnlyMemory<byte>.Empty);

    /// <summary>True when the grain certainly did not run the request, so it is safe to send again.</summary>
    public bool NotDelivered => Status is ResponseStatus.NotOwner or ResponseStatus.StaleEpoch or ResponseStatus.Unavailable;
}

/// <summary>Whatever serves grain requests: the local catalog on a silo.</summary>
internal interface IGrainRequestHandler
{
    Task<GrainResponse> HandleAsync(GrainRequest request);

    /// <summary>Offers a channel to the grain (open.Method is the channel name, open.Arguments its metadata).</summary>
    Task<GrainResponse> OpenChannelAsync(GrainRequest open, Channels.ChannelEnd grainSide);
}
