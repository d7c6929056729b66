using System.Reflection;
using System.Text.Json;

namespace ClutchCall.Runtime.Messaging;

/// <summary>The object behind a grain reference: turns an interface call into a routed request.</summary>
public class GrainProxy : DispatchProxy
{
    private static readonly MethodInfo TypedCall = typeof(GrainProxy).GetMethod(nameof(CallTyped), BindingFlags.NonPublic | BindingFlags.Instance)!;

    private GrainId _grain;
    private MessageRouter? _router;
    private GrainInterfaceInfo? _info;

    internal void Bind(GrainId grain, MessageRouter router, GrainInterfaceInfo info)
    {
        _grain = grain;
        _router = router;
        _info = info;
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        if (targetMethod is null || !_info!.Methods.TryGetValue(targetMethod, out var method))
        {
            throw new NotSupportedException($"{targetMethod?.Name} is not a grain method.");
        }
        var payload = GrainJson.SerializeArguments(args, method.ParameterTypes);
        if (method.ResultType is null)
        {
            var call = CallVoid(method.Name, payload);
            return method.ReturnsValueTask ? new ValueTask(call) : call;
        }
        var typed = TypedCall.MakeGenericMethod(method.ResultType).Invoke(this, [method.Name, payload, method.ReturnsValueTask])!;
        return typed;
    }

    private async Task CallVoid(string method, byte[] payload) => await _router!.InvokeAsync(_grain, method, payload);

    private object CallTyped<T>(string method, byte[] payload, bool valueTask)
    {
        var task = Call<T>(method, payload);
        return valueTask ? new ValueTask<T>(task) : task;
    }

    private async Task<T> Call<T>(string method, byte[] payload)
    {
        var result = await _router!.InvokeAsync(_grain, method, payload);
        return JsonSerializer.Deserialize<T>(result.Span, GrainJson.Options)!;
    }
}
