using System.Reflection;
using System.Text.Json;

namespace ClutchCall.Runtime.Messaging;

/// <summary>One method of a grain interface: its wire name, its parameters and how to await and serialize its result.</summary>
internal sealed class GrainMethod
{
    private static readonly MethodInfo AwaitTaskOfT = typeof(GrainMethod).GetMethod(nameof(AwaitResult), BindingFlags.NonPublic | BindingFlags.Static)!;
    private static readonly MethodInfo AwaitValueTaskOfT = typeof(GrainMethod).GetMethod(nameof(AwaitValueResult), BindingFlags.NonPublic | BindingFlags.Static)!;

    private readonly Func<object, Task<byte[]>> _awaitAndSerialize;

    public GrainMethod(Type grainInterface, MethodInfo method)
    {
        Name = WireName(grainInterface, method);
        Method = method;
        ParameterTypes = method.GetParameters().Select(p => p.ParameterType).ToArray();
        if (ParameterTypes.Any(t => t == typeof(CancellationToken)))
        {
            throw new InvalidOperationException($"{Name}: grain methods cannot take a CancellationToken.");
        }
        var ret = method.ReturnType;
        if (ret == typeof(Task))
        {
            ResultType = null;
            _awaitAndSerialize = async t => { await (Task)t; return "null"u8.ToArray(); };
        }
        else if (ret == typeof(ValueTask))
        {
            ResultType = null;
            _awaitAndSerialize = async t => { await (ValueTask)t; return "null"u8.ToArray(); };
        }
        else if (ret.IsGenericType && ret.GetGenericTypeDefinition() == typeof(Task<>))
        {
            ResultType = ret.GetGenericArguments()[0];
            _awaitAndSerialize = AwaitTaskOfT.MakeGenericMethod(ResultType).CreateDelegate<Func<object, Task<byte[]>>>();
        }
        else if (ret.IsGenericType && ret.GetGenericTypeDefinition() == typeof(ValueTask<>))
        {
            ResultType = ret.GetGenericArguments()[0];
            _awaitAndSerialize = AwaitValueTaskOfT.MakeGenericMethod(ResultType).CreateDelegate<Func<object, Task<byte[]>>>();
        }
        else
        {
            throw new InvalidOperationException($"{Name}: grain methods return Task, Task<T>, ValueTask or ValueTask<T>, not {ret.Name}.");
        }
    }

    public string Name { get; }

    public MethodInfo Method { get; }

    public Type[] ParameterTypes { get; }

    /// <summary>Null for methods that return no value.</summary>
    public Type? ResultType { get; }

    public bool ReturnsValueTask => Method.ReturnType == typeof(ValueTask) ||
        (Method.ReturnType.IsGenericType && Method.ReturnType.GetGenericTypeDefinition() == typeof(ValueTask<>));

    public static string WireName(Type grainInterface, MethodInfo method) => grainInterface.Name + "." + method.Name;

    /// <summary>Runs the method on a grain (the target is the implementation's method) and serializes what it returns.</summary>
    public Task<byte[]> InvokeAsync(object grain, MethodInfo target, object?[] args)
    {
        object returned;
        try
        {
            returned = target.Invoke(grain, args)!;
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            return Task.FromException<byte[]>(e.InnerException);
        }
        return _awaitAndSerialize(returned);
    }

    private static async Task<byte[]> AwaitResult<T>(object task) =>
        JsonSerializer.SerializeToUtf8Bytes(await (Task<T>)task, GrainJson.Options);

    private static async Task<byte[]> AwaitValueResult<T>(object task) =>
        JsonSerializer.SerializeToUtf8Bytes(await (ValueTask<T>)task, GrainJson.Options);

    /// <summary>Every method callable through a grain interface, including inherited grain interfaces.</summary>
    public static IEnumerable<GrainMethod> Of(Type grainInterface)
    {
        foreach (var iface in new[] { grainInterface }.Concat(grainInterface.GetInterfaces()))
        {
            if (iface == typeof(IGrainWithStringKey))
            {
                continue;
            }
            foreach (var m in iface.GetMethods())
            {
                yield return new GrainMethod(iface, m);
            }
        }
    }
}
