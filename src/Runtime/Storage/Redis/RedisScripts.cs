using System.Reflection;
using StackExchange.Redis;

namespace ClutchCall.Runtime.Storage.Redis;

/// <summary>The Lua scripts of the Redis store, each prefixed with the shared helpers and loaded once per server.</summary>
internal sealed class RedisScripts
{
    private readonly Dictionary<string, string> _sources = new(StringComparer.Ordinal);

    public RedisScripts()
    {
        var assembly = typeof(RedisScripts).Assembly;
        var common = Read(assembly, "_common.lua");
        foreach (var name in new[]
                 {
                     "join", "heartbeat", "leave", "detect", "view", "forget", "claim", "release", "write",
                     "reminder_set", "reminder_take", "reminder_complete", "retain",
                 })
        {
            _sources[name] = common + "\n" + Read(assembly, name + ".lua");
        }
    }

    public Task<RedisResult> RunAsync(IDatabaseAsync db, string name, params RedisValue[] args) =>
        db.ScriptEvaluateAsync(_sources[name], null, args);

    private static string Read(Assembly assembly, string resource)
    {
        using var stream = assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"Embedded script {resource} is missing.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
