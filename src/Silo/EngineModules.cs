namespace ClutchCall.Silo;

/// <summary>The product modules this executable hosts: call grains and the HTTP edge.</summary>
internal static class EngineModules
{
    public static void AddServices(IServiceCollection services, IConfiguration configuration)
    {
    }

    public static void MapEndpoints(WebApplication app)
    {
    }
}
