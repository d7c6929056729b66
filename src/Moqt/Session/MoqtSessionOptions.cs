namespace ClutchCall.Moqt.Session;

/// <summary>Settings of a MoQT session.</summary>
public sealed class MoqtSessionOptions
{
    /// <summary>How many request ids the peer may use ahead of the ones it has used. 100 by default.</summary>
    public ulong RequestIdWindow { get; set; } = 100;

    /// <summary>Time allowed for the setup exchange. 5 seconds by default.</summary>
    public TimeSpan SetupTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Time allowed for a SUBSCRIBE or PUBLISH_NAMESPACE to be answered. 5 seconds by default.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Objects older than this (by capture timestamp) are dropped instead of sent, unless the subscriber asked for
    /// its own DELIVERY_TIMEOUT. Null (the default) sends everything.
    /// </summary>
    public TimeSpan? DefaultDeliveryTimeout { get; set; }

    /// <summary>Groups a slow subscriber may have queued before the oldest is dropped. 8 by default.</summary>
    public int SubscriberQueueCapacity { get; set; } = 8;

    /// <summary>PATH setup parameter sent by a client over raw QUIC; null omits it.</summary>
    public string? Path { get; set; }

    /// <summary>AUTHORIZATION_TOKEN setup parameter value sent by a client; null omits it.</summary>
    public byte[]? AuthorizationToken { get; set; }
}
