using System.Diagnostics;

namespace ClutchCall.Runtime.Diagnostics;

/// <summary>
/// Spans for grain calls on the ActivitySource "ClutchCall.Runtime": a client span where a call leaves,
/// a server span around the turn that runs it, linked by the W3C trace context carried in the request.
/// </summary>
public sealed class RuntimeTracing : IDisposable
{
    public const string SourceName = "ClutchCall.Runtime";

    private readonly ActivitySource _source = new(SourceName);

    internal Activity? StartClient(GrainId grain, string method)
    {
        var activity = _source.StartActivity(method, ActivityKind.Client);
        activity?.SetTag("clutchcall.grain", grain.ToString());
        return activity;
    }

    internal Activity? StartServer(GrainId grain, string method, string? traceParent, long epoch)
    {
        ActivityContext.TryParse(traceParent, null, out var parent);
        var activity = _source.StartActivity(method, ActivityKind.Server, parent);
        activity?.SetTag("clutchcall.grain", grain.ToString());
        activity?.SetTag("clutchcall.epoch", epoch);
        return activity;
    }

    public void Dispose() => _source.Dispose();
}

/// <summary>The grains whose turns are waiting further up this async flow (set while a turn runs), newline-separated.</summary>
internal sealed class CallChain
{
    private readonly AsyncLocal<string?> _current = new();

    public string? Current => _current.Value;

    // Newline separates ids: it cannot occur in a grain id that came through a URL or SIP header.
    public void Enter(string? inherited, GrainId grain) => _current.Value = string.IsNullOrEmpty(inherited) ? grain.ToString() : inherited + "\n" + grain;

    public static bool Contains(string? chain, GrainId grain)
    {
        if (string.IsNullOrEmpty(chain))
        {
            return false;
        }
        var id = grain.ToString();
        foreach (var range in chain.AsSpan().Split('\n'))
        {
            if (chain.AsSpan()[range].SequenceEqual(id))
            {
                return true;
            }
        }
        return false;
    }
}
