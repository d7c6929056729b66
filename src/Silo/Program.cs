using ClutchCall.Silo;

// Composition root. Configuration (appsettings, environment "Cluster__Redis", command line "--Cluster:Redis=...")
// selects the embedded default (no Redis: one process, in-memory store) or a Redis-backed cluster member.
var app = EngineHost.Build(args);
await app.StartAsync();
EngineHost.AnnounceStarted(app);
await app.WaitForShutdownAsync();
Console.WriteLine($"#### STOPPED {Environment.ExitCode}");
return Environment.ExitCode;
