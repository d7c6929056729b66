using ClutchCall.Moqt.Coding;
using ClutchCall.Moqt.Data;
using ClutchCall.Moqt.Model;
using ClutchCall.Moqt.Transport;

namespace ClutchCall.Moqt.Session;

/// <summary>
/// Receiving a data stream that arrived whole (the audio mapping: one object, then FIN, in one transport frame):
/// decoded straight from the transport's buffer on its receiving thread and published to the track, with no stream
/// object, pipe or task. Anything unusual (unknown alias, a decode error, an earlier stream still joining its track)
/// is left to the ordinary path, which waits, orders and reports errors.
/// </summary>
public sealed partial class MoqtSession : IWholeStreamHandler
{
    // Streams on the accept queue that have not joined their track yet: while any is, a later stream must not
    // overtake it (a track refuses groups older than one it already has).
    private int _joining;
    private bool _wholeStreams;

    private void EnableWholeStreams()
    {
        if (_transport is not IWholeStreamReceiver receiver) return;
        _wholeStreams = true;
        receiver.SetWholeStreamHandler(this);
    }

    void IWholeStreamHandler.OnUnidirectionalStreamAnnounced() => Interlocked.Increment(ref _joining);

    bool IWholeStreamHandler.TryReceiveWholeUnidirectionalStream(ReadOnlySpan<byte> data)
    {
        if (Volatile.Read(ref _joining) != 0) return false;
        if (SubgroupHeader.TryDecode(data, out SubgroupHeader header, out int headerLength, out _) != DecodeStatus.Done) return false;
        PendingSubscription? target;
        lock (_gate) _byAlias.TryGetValue(header.TrackAlias, out target);
        if (target is null) return false;

        Group? group = null;
        if (!target.Subscription.IsClosedLocally)
        {
            group = new Group(header.GroupId);
            ulong? previous = null;
            int used;
            try
            {
                used = DecodeObjects(data[headerLength..], header, group, ref previous, _metrics);
            }
            catch (MoqtException)
            {
                return false; // the ordinary path decodes it again and closes the session with the error
            }

            if (headerLength + used != data.Length) return false; // ends inside an object: a violation, reported there
            group.Close();
        }

        bool last = CountStream(target);
        if (group is not null)
        {
            try
            {
                target.Subscription.Producer.TryAddGroup(group); // false: older than a group already delivered
            }
            catch (InvalidOperationException)
            {
                // Unsubscribed meanwhile: the frame has nobody to go to.
            }
        }

        if (last) FinishSubscription(target);
        return true;
    }

    /// <summary>The accept loop's promise that a stream joined its track (or gave up), released exactly once.</summary>
    private sealed class JoinTicket(MoqtSession session)
    {
        private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Task => _done.Task;

        public void TrySetResult()
        {
            if (!_done.TrySetResult() || !session._wholeStreams) return;

            // Never below zero: a stream announced before the handler was set was not counted.
            int current;
            do
            {
                current = Volatile.Read(ref session._joining);
                if (current == 0) return;
            }
            while (Interlocked.CompareExchange(ref session._joining, current - 1, current) != current);
        }
    }
}
