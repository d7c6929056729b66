using System.Reflection;
using ClutchCall.Runtime.Messaging;

namespace ClutchCall.Runtime.Activation;

/// <summary>A grain class registered with <c>AddGrain&lt;TInterface, TGrain&gt;()</c>.</summary>
public sealed record GrainRegistration(Type Interface, Type Implementation);

/// <summary>A grain class as the silo runs it: its type name and, per wire method name, the method to call.</summary>
internal sealed class GrainClass
{
    public GrainClass(GrainRegistration registration)
    {
        TypeName = new GrainInterfaceInfo(registration.Interface).GrainType;
        Implementation = registration.Implementation;
        var interfaces = new List<Type> { registration.Interface };
        if (typeof(IRemindable).IsAssignableFrom(Implementation))
        {
            interfaces.Add(typeof(IRemindable));
        }
        var methods = new Dictionary<string, (GrainMethod, MethodInfo)>(StringComparer.Ordinal);
        foreach (var iface in interfaces)
        {
            var map = Implementation.GetInterfaceMap(iface);
            foreach (var method in GrainMethod.Of(iface))
            {
                var declaring = method.Method.DeclaringType!;
                var declaringMap = declaring == iface ? map : Implementation.GetInterfaceMap(declaring);
                var index = Array.IndexOf(declaringMap.InterfaceMethods, method.Method);
                methods[method.Name] = (method, declaringMap.TargetMethods[index]);
            }
        }
        Methods = methods;
    }

    public string TypeName { get; }

    public Type Implementation { get; }

    public IReadOnlyDictionary<string, (GrainMethod Method, MethodInfo Target)> Methods { get; }
}

internal sealed class GrainTypeRegistry
{
    private readonly Dictionary<string, GrainClass> _classes = new(StringComparer.Ordinal);

    public GrainTypeRegistry(IEnumerable<GrainRegistration> registrations)
    {
        foreach (var registration in registrations)
        {
            var grainClass = new GrainClass(registration);
            if (!_classes.TryAdd(grainClass.TypeName, grainClass) && _classes[grainClass.TypeName].Implementation != grainClass.Implementation)
            {
                throw new InvalidOperationException($"Grain type '{grainClass.TypeName}' is registered twice.");
            }
        }
    }

    public bool TryGet(string typeName, out GrainClass grainClass) => _classes.TryGetValue(typeName, out grainClass!);

    public const string ReminderMethod = nameof(IRemindable) + "." + nameof(IRemindable.ReceiveReminderAsync);
}
