using System.Reflection;

namespace ClutchCall.Runtime.Messaging;

/// <summary>What a caller needs to know about a grain interface: its grain type name and its methods.</summary>
internal sealed class GrainInterfaceInfo
{
    public GrainInterfaceInfo(Type type)
    {
        var attribute = type.GetCustomAttribute<GrainTypeAttribute>()
            ?? throw new InvalidOperationException($"{type.Name} needs [GrainType(\"name\")] to be used as a grain interface.");
        GrainType = attribute.Name;
        Methods = GrainMethod.Of(type).ToDictionary(m => m.Method, m => m);
        var duplicates = Methods.Values.GroupBy(m => m.Name).FirstOrDefault(g => g.Count() > 1);
        if (duplicates is not null)
        {
            throw new InvalidOperationException($"{duplicates.Key} is overloaded; grain methods need distinct names.");
        }
    }

    public string GrainType { get; }

    public IReadOnlyDictionary<MethodInfo, GrainMethod> Methods { get; }
}
