using Microsoft.AspNetCore.Http;

namespace ClutchCall.Gateway.OpenApi;

/// <summary>Serves the hand-written OpenAPI 3.1 document embedded in the assembly.</summary>
internal static class OpenApiDocument
{
    public static IResult Serve()
    {
        using var stream = typeof(OpenApiDocument).Assembly.GetManifestResourceStream("openapi.json")
            ?? throw new InvalidOperationException("openapi.json is not embedded.");
        using var reader = new StreamReader(stream);
        return Results.Text(reader.ReadToEnd(), "application/json");
    }
}
