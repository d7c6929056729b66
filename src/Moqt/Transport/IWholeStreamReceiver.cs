namespace ClutchCall.Moqt.Transport;

/// <summary>
/// A transport that can hand a peer's unidirectional stream that arrived whole (open, data and FIN in one frame: the
/// audio mapping's one-object group) straight to the session, without a stream object, a pipe or the accept queue.
/// </summary>
internal interface IWholeStreamReceiver
{
    void SetWholeStreamHandler(IWholeStreamHandler handler);
}

/// <summary>The session side of <see cref="IWholeStreamReceiver"/>; both calls come from the transport's receiving thread.</summary>
internal interface IWholeStreamHandler
{
    /// <summary>Takes a whole stream; false leaves it to the ordinary path (a stream object on the accept queue).</summary>
    bool TryReceiveWholeUnidirectionalStream(ReadOnlySpan<byte> data);

    /// <summary>A unidirectional stream was put on the accept queue (so streams after it must wait for it to join its track).</summary>
    void OnUnidirectionalStreamAnnounced();
}
