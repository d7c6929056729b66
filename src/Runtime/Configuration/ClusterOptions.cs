namespace ClutchCall.Runtime;

public enum ClusterRole
{
    /// <summary>Hosts grains and routes calls.</summary>
    Silo,

    /// <summary>Routes calls to silos and hosts nothing (a gateway).</summary>
    Client,
}

/// <summary>Configuration section "Cluster".</summary>
public sealed class ClusterOptions
{
    public const string Section = "Cluster";

    /// <summary>Redis connection string. Empty (the default) selects the in-memory store: one silo, no Redis.</summary>
    public string? Redis { get; set; }

    /// <summary>Prefix of every Redis key, so several clusters can share one Redis. Default "cc".</summary>
    public string ServiceId { get; set; } = "cc";

    public ClusterRole Role { get; set; } = ClusterRole.Silo;

    /// <summary>Human-readable silo name; the silo id is "{SiloName}@{incarnation}". Default: the host name.</summary>
    public string SiloName { get; set; } = Environment.MachineName;

    /// <summary>Address the silo listens on for grain messages. Default 127.0.0.1.</summary>
    public string ListenAddress { get; set; } = "127.0.0.1";

    /// <summary>Address other processes use to reach this silo. Default: ListenAddress (in Kubernetes: the pod IP).</summary>
    public string? AdvertisedAddress { get; set; }

    /// <summary>TCP port for grain messages; 0 (default) picks a free one.</summary>
    public int SiloPort { get; set; }
}

/// <summary>Configuration section "Cluster:Membership". Defaults meet a 3 s failover target.</summary>
public sealed class MembershipOptions
{
    /// <summary>How often a silo renews its liveness lease. Default 500 ms.</summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Lifetime of a liveness lease; a silo that has not renewed for this long is declared dead. Default 2 s.</summary>
    public TimeSpan LeaseTtl { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How often each process reads the membership view and looks for expired leases. Default 250 ms.</summary>
    public TimeSpan MonitorInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>How long records of dead or departed silos are kept (they fence zombies). Default 10 minutes.</summary>
    public TimeSpan DefunctSiloRetention { get; set; } = TimeSpan.FromMinutes(10);
}

/// <summary>Configuration section "Cluster:Activation".</summary>
public sealed class ActivationOptions
{
    /// <summary>An activation with no message for this long is deactivated, unless it asked to be kept alive. Default 5 minutes.</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How often the idle collector runs. Default 10 s.</summary>
    public TimeSpan CollectionInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Upper bound on OnActivate/OnDeactivate and on the release of ownership. Default 10 s.</summary>
    public TimeSpan LifecycleTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How many orphaned grains a silo re-activates at once after a failover. Default 64.</summary>
    public int FailoverConcurrency { get; set; } = 64;

    /// <summary>How often due reminders are collected. Default 200 ms.</summary>
    public TimeSpan ReminderPollInterval { get; set; } = TimeSpan.FromMilliseconds(200);
}

/// <summary>Configuration section "Cluster:Messaging".</summary>
public sealed class MessagingOptions
{
    /// <summary>How long a caller keeps trying to reach a live owner before GrainUnavailableException. Default 10 s.</summary>
    public TimeSpan ResponseTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Largest frame accepted on a silo connection. Default 16 MiB.</summary>
    public int MaxFrameBytes { get; set; } = 16 * 1024 * 1024;
}
