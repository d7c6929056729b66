using System.Collections.Concurrent;
using System.Reflection;

namespace ClutchCall.Runtime.Messaging;

internal sealed class GrainFactory(MessageRouter router) : IGrainFactory
{
    private readonly ConcurrentDictionary<Type, GrainInterfaceInfo> _interfaces = new();

    public TGrain GetGrain<TGrain>(string key) where TGrain : IGrainWithStringKey
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        var info = _interfaces.GetOrAdd(typeof(TGrain), t => new GrainInterfaceInfo(t));
        var proxy = DispatchProxy.Create<TGrain, GrainProxy>();
        ((GrainProxy)(object)proxy!).Bind(new GrainId(info.GrainType, key), router, info);
        return proxy;
    }
}
