using ClutchCall.Runtime.Diagnostics;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace ClutchCall.Silo;

internal static class Telemetry
{
    /// <summary>
    /// Exports the engine's meters and traces over OTLP when OTEL_EXPORTER_OTLP_ENDPOINT is set; otherwise meters stay
    /// in-process (dotnet-counters) and spans are not recorded.
    /// </summary>
    public static IServiceCollection AddEngineTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        if (string.IsNullOrEmpty(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            return services;
        }
        services.AddSingleton(_ => Sdk.CreateMeterProviderBuilder()
            .AddMeter(RuntimeMetrics.MeterName, "ClutchCall.*")
            .AddOtlpExporter()
            .Build());
        services.AddSingleton(_ => Sdk.CreateTracerProviderBuilder()
            .AddSource(RuntimeTracing.SourceName, "ClutchCall.*")
            .AddOtlpExporter()
            .Build());
        services.AddHostedService<MeterProviderLifetime>();
        return services;
    }

    /// <summary>Creates the providers at start (they listen from then on) and flushes them at stop.</summary>
    private sealed class MeterProviderLifetime(MeterProvider meters, TracerProvider traces) : IHostedService
    {
        public Task StartAsync(CancellationToken ct) => Task.CompletedTask;

        public Task StopAsync(CancellationToken ct)
        {
            meters.ForceFlush(2000);
            traces.ForceFlush(2000);
            return Task.CompletedTask;
        }
    }
}
