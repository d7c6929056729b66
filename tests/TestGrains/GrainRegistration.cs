using ClutchCall.TestGrains;

namespace Microsoft.Extensions.DependencyInjection;

public static class TestGrainsServiceCollectionExtensions
{
    public static IServiceCollection AddTestGrains(this IServiceCollection services) =>
        services.AddGrain<ICounterGrain, CounterGrain>().AddGrain<IEchoGrain, EchoGrain>();
}
