namespace ClutchCall.Runtime;

/// <summary>Marker for grain interfaces. Methods return Task, Task&lt;T&gt;, ValueTask or ValueTask&lt;T&gt;; arguments travel as JSON.</summary>
public interface IGrainWithStringKey;

/// <summary>Names the grain type of an interface; the grain id of key k is "name/k".</summary>
[AttributeUsage(AttributeTargets.Interface, Inherited = false)]
public sealed class GrainTypeAttribute(string name) : Attribute
{
    public string Name { get; } = name;
}

/// <summary>Implemented by grains that use persistent reminders.</summary>
public interface IRemindable
{
    Task ReceiveReminderAsync(string name);
}
