using ClutchCall.Moqt.Coding;
using ClutchCall.Moqt.Messages;

namespace ClutchCall.Moqt.Session;

public sealed partial class MoqtSession
{
    private readonly Dictionary<ulong, TaskCompletionSource<ControlMessage>> _pendingNamespaces = [];
    private readonly HashSet<TrackNamespace> _peerNamespaces = [];
    private readonly HashSet<TrackNamespace> _localNamespaces = [];

    /// <summary>Namespaces the peer announced and this side accepted (until PUBLISH_NAMESPACE_DONE or a cancel).</summary>
    public IReadOnlyCollection<TrackNamespace> PeerNamespaces
    {
        get
        {
            lock (_gate) return [.. _peerNamespaces];
        }
    }

    /// <summary>Namespaces this side announced and the peer accepted (until withdrawn or cancelled by the peer).</summary>
    public IReadOnlyCollection<TrackNamespace> LocalNamespaces
    {
        get
        {
            lock (_gate) return [.. _localNamespaces];
        }
    }

    /// <summary>Announces a namespace to the peer (PUBLISH_NAMESPACE) and waits for its answer.</summary>
    public async Task PublishNamespaceAsync(TrackNamespace ns, MoqtParameters? parameters = null, CancellationToken cancellationToken = default)
    {
        ulong id = await AllocateRequestIdAsync(cancellationToken).ConfigureAwait(false);
        var reply = new TaskCompletionSource<ControlMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate) _pendingNamespaces[id] = reply;
        await WriteControlAsync(new PublishNamespace(id, ns, parameters ?? new MoqtParameters()), cancellationToken).ConfigureAwait(false);
        ControlMessage answer = await reply.Task.WaitAsync(_options.RequestTimeout, cancellationToken).ConfigureAwait(false);
        if (answer is PublishNamespaceError error) throw new MoqtRequestException(error.ErrorCode, error.Reason);
        lock (_gate) _localNamespaces.Add(ns);
    }

    /// <summary>Withdraws a namespace (PUBLISH_NAMESPACE_DONE).</summary>
    public ValueTask PublishNamespaceDoneAsync(TrackNamespace ns, CancellationToken cancellationToken = default)
    {
        lock (_gate) _localNamespaces.Remove(ns);
        return WriteControlAsync(new PublishNamespaceDone(ns), cancellationToken);
    }

    /// <summary>Stops accepting a namespace the peer announced (PUBLISH_NAMESPACE_CANCEL).</summary>
    public ValueTask CancelNamespaceAsync(TrackNamespace ns, ulong errorCode, string reason, CancellationToken cancellationToken = default)
    {
        lock (_gate) _peerNamespaces.Remove(ns);
        return WriteControlAsync(new PublishNamespaceCancel(ns, errorCode, reason), cancellationToken);
    }

    /// <summary>Asks the peer to move to another session.</summary>
    public ValueTask GoAwayAsync(string newSessionUri, CancellationToken cancellationToken = default) =>
        WriteControlAsync(new GoAway(newSessionUri), cancellationToken);

    internal async ValueTask AnswerNamespaceAsync(IncomingNamespace incoming, PublishNamespaceError? error, CancellationToken cancellationToken)
    {
        if (error is null)
        {
            lock (_gate) _peerNamespaces.Add(incoming.Namespace);
            await WriteControlAsync(new PublishNamespaceOk(incoming.Message.RequestId), cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await WriteControlAsync(error, cancellationToken).ConfigureAwait(false);
        }
    }

    private async ValueTask HandleControlAsync(ControlMessage message)
    {
        switch (message)
        {
            case Subscribe subscribe:
                await AcceptNewRequestAsync(subscribe.RequestId).ConfigureAwait(false);
                await HandleSubscribeAsync(subscribe).ConfigureAwait(false);
                break;
            case Unsubscribe unsubscribe:
                await HandleUnsubscribeAsync(unsubscribe).ConfigureAwait(false);
                break;
            case SubscribeOk ok:
                HandleSubscribeOk(ok);
                break;
            case SubscribeError error:
                HandleSubscribeError(error);
                break;
            case PublishDone done:
                HandlePublishDone(done);
                break;
            case PublishNamespace announce:
                await AcceptNewRequestAsync(announce.RequestId).ConfigureAwait(false);
                _incomingNamespaces.Writer.TryWrite(new IncomingNamespace(this, announce));
                break;
            case PublishNamespaceOk or PublishNamespaceError:
                CompleteNamespaceRequest(((IRequestMessage)message).RequestId, message);
                break;
            case PublishNamespaceDone done:
                lock (_gate) _peerNamespaces.Remove(done.Namespace);
                break;
            case PublishNamespaceCancel cancel:
                // Our broadcast stays in Origin (existing subscriptions keep running); the peer just stops routing to it.
                lock (_gate) _localNamespaces.Remove(cancel.Namespace);
                break;
            case GoAway goAway:
                if (IsServer && goAway.NewSessionUri.Length > 0) throw new MoqtException(MoqtErrorCode.ProtocolViolation, "a client's GOAWAY must not carry a URI");
                lock (_gate) GoAwayUri = goAway.NewSessionUri;
                _goAway.TrySetResult(goAway.NewSessionUri);
                break;
            case MaxRequestId max:
                lock (_gate)
                {
                    if (!_outgoing.TryRaise(max.RequestId, out OutgoingRequestIds next)) throw new MoqtException(MoqtErrorCode.ProtocolViolation, "MAX_REQUEST_ID decreased");
                    _outgoing = next;
                    _blockedSent = false;
                    _requestCredit.TrySetResult();
                    _requestCredit = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                }

                break;
            case RequestsBlocked:
                // The window is re-granted as requests arrive; a blocked peer is only worth a log line.
                LogPeerBlocked(_logger);
                break;
            case ClientSetup or ServerSetup:
                throw new MoqtException(MoqtErrorCode.ProtocolViolation, $"{message.Type} after setup");
        }
    }

    private async ValueTask AcceptNewRequestAsync(ulong requestId)
    {
        ulong? grant;
        lock (_gate)
        {
            MoqtErrorCode code = _incoming.Accept(requestId, out IncomingRequestIds next, out grant);
            if (code != MoqtErrorCode.NoError) throw new MoqtException(code, $"request id {requestId} refused (expected {_incoming.Expected}, below {_incoming.Granted})");
            _incoming = next;
        }

        if (grant is { } max) await WriteControlAsync(new MaxRequestId(max), _shutdown.Token).ConfigureAwait(false);
    }

    private void CompleteNamespaceRequest(ulong requestId, ControlMessage answer)
    {
        TaskCompletionSource<ControlMessage>? pending;
        lock (_gate)
        {
            if (!_pendingNamespaces.Remove(requestId, out pending)) throw new MoqtException(MoqtErrorCode.ProtocolViolation, $"answer to unknown request {requestId}");
        }

        pending.TrySetResult(answer);
    }

    [Microsoft.Extensions.Logging.LoggerMessage(Level = Microsoft.Extensions.Logging.LogLevel.Debug, Message = "Peer reports REQUESTS_BLOCKED")]
    private static partial void LogPeerBlocked(Microsoft.Extensions.Logging.ILogger logger);
}

/// <summary>The peer refused a request (SUBSCRIBE_ERROR, PUBLISH_NAMESPACE_ERROR) or ended it.</summary>
public sealed class MoqtRequestException(ulong errorCode, string reason) : Exception($"request refused: {errorCode} {reason}")
{
    public ulong ErrorCode { get; } = errorCode;

    public string Reason { get; } = reason;
}
