namespace ClutchCall.Runtime.Membership;

public enum LocalSiloState
{
    Joining,
    Serving,

    /// <summary>The lease could not be renewed for too long: turns are refused until it is renewed.</summary>
    Suspended,
    Stopping,

    /// <summary>The cluster declared this silo dead; it never serves again (a new process gets a new id).</summary>
    Dead,
}

/// <summary>This process's identity as a silo and whether it may serve turns right now.</summary>
public sealed class LocalSilo
{
    private volatile string? _id;
    private volatile string? _endpoint;
    private volatile LocalSiloState _state = LocalSiloState.Joining;

    public string? Id => _id;

    public string? Endpoint => _endpoint;

    public LocalSiloState State => _state;

    public bool IsServing => _state == LocalSiloState.Serving;

    internal void Joined(string id, string endpoint)
    {
        _id = id;
        _endpoint = endpoint;
        _state = LocalSiloState.Serving;
    }

    internal void Set(LocalSiloState state)
    {
        // Death is final.
        if (_state != LocalSiloState.Dead)
        {
            _state = state;
        }
    }
}
