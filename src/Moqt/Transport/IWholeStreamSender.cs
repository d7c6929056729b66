namespace ClutchCall.Moqt.Transport;

/// <summary>
/// A transport that can send a whole unidirectional stream (open, data, FIN) as one unit without awaiting: the
/// audio mapping's one-object group. The caller's thread queues it and, when the link is free, writes it at once,
/// so a frame needs no hop to a serving task and no stream object.
/// </summary>
internal interface IWholeStreamSender
{
    /// <summary>
    /// Queues a new unidirectional stream carrying <paramref name="data"/> and ending there. Queued streams go out
    /// lowest <paramref name="priority"/> first (MoQT: subscriber priority, then publisher priority), in order within
    /// a priority. One still queued after <paramref name="budget"/> is dropped instead of sent. False when the
    /// transport is closed or its queue is full: the frame is then dropped, not queued behind stale ones.
    /// </summary>
    bool TrySendWholeUnidirectionalStream(ReadOnlySpan<byte> data, int priority, TimeSpan? budget);
}
