using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace ClutchCall.Gateway.Tests;

public sealed class OpenApiTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    [Fact]
    public async Task The_document_describes_every_mapped_route_and_nothing_else()
    {
        var doc = JsonNode.Parse(await fixture.Host.Client(apiKey: null).GetStringAsync("/openapi.json"))!;
        var documented = doc["paths"]!.AsObject()
            .SelectMany(p => p.Value!.AsObject().Select(m => $"{m.Key.ToUpperInvariant()} {p.Key}"))
            .ToHashSet();
        var mapped = fixture.Host.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"]).Select(m => $"{m} {e.RoutePattern.RawText}"))
            .ToHashSet();

        Assert.Equal("3.1.0", (string?)doc["openapi"]);
        Assert.Empty(mapped.Except(documented));
        Assert.Empty(documented.Except(mapped));
        Assert.True(mapped.Count >= 17, string.Join(", ", mapped));
    }

    [Fact]
    public async Task Every_schema_reference_resolves()
    {
        var text = await fixture.Host.Client(apiKey: null).GetStringAsync("/openapi.json");
        var schemas = JsonNode.Parse(text)!["components"]!["schemas"]!.AsObject().Select(s => s.Key).ToHashSet();

        var refs = System.Text.RegularExpressions.Regex.Matches(text, "#/components/schemas/([A-Za-z0-9]+)").Select(m => m.Groups[1].Value).Distinct();

        Assert.All(refs, r => Assert.Contains(r, schemas));
    }
}
