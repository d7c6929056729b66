using ClutchCall.Moqt.Messages;

namespace ClutchCall.Moqt.Session;

/// <summary>A PUBLISH_NAMESPACE from the peer waiting for the application to accept or refuse it.</summary>
public sealed class IncomingNamespace
{
    private readonly MoqtSession _session;
    private int _answered;

    internal IncomingNamespace(MoqtSession session, PublishNamespace message)
    {
        _session = session;
        Message = message;
    }

    public PublishNamespace Message { get; }

    public TrackNamespace Namespace => Message.Namespace;

    public ValueTask AcceptAsync(CancellationToken cancellationToken = default) =>
        Interlocked.Exchange(ref _answered, 1) == 0
            ? _session.AnswerNamespaceAsync(this, null, cancellationToken)
            : ValueTask.CompletedTask;

    public ValueTask RejectAsync(ulong errorCode, string reason, CancellationToken cancellationToken = default) =>
        Interlocked.Exchange(ref _answered, 1) == 0
            ? _session.AnswerNamespaceAsync(this, new PublishNamespaceError(Message.RequestId, errorCode, reason), cancellationToken)
            : ValueTask.CompletedTask;
}
