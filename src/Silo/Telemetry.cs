using ClutchCall.Runtime.Diagnostics;
using OpenTelemetry;
using OpenTelemetry.Metrics;

namespace ClutchCall.Silo;

internal static class Telemetry
{
    /// <summary>Exports the engine's meters over OTLP when OTEL_EXPORTER_OTLP_ENDPOINT is set; otherwise they stay in-process (dotnet-counters).</summary>
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
        services.AddHostedService<MeterProviderLifetime>();
        return services;
    }

    private sealed class MeterProviderLifetime(MeterProvider provider) : IHostedService
    {
        public Task StartAsync(CancellationToken ct) => Task.CompletedTask;

        public Task StopAsync(CancellationToken ct)
        {
            provider.ForceFlush(2000);
            return Task.CompletedTask;
        }
    }
}
