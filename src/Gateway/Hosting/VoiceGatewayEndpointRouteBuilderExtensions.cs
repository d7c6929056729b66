using ClutchCall.Gateway.Auth;
using ClutchCall.Gateway.Agents;
using ClutchCall.Gateway.Calls;
using ClutchCall.Gateway.Events;
using ClutchCall.Gateway.Media;
using ClutchCall.Gateway.OpenApi;
using ClutchCall.Grains.Interfaces;
using ClutchCall.Moqt.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Microsoft.AspNetCore.Builder;

public static class VoiceGatewayEndpointRouteBuilderExtensions
{
    private const string WebSocketsAdded = "clutchcall.websockets";

    /// <summary>
    /// Maps every control-plane route under /v1/orgs/{orgId}, the OpenAPI document at /openapi.json and the MoQT audio
    /// bridge at /moq (adds the WebSocket middleware when <paramref name="app"/> is also the application builder).
    /// </summary>
    public static IEndpointRouteBuilder MapVoiceGateway(this IEndpointRouteBuilder app)
    {
        if (app is IApplicationBuilder pipeline && !pipeline.Properties.ContainsKey(WebSocketsAdded))
        {
            pipeline.Properties[WebSocketsAdded] = true;
            pipeline.UseWebSockets();
        }
        app.MapGet("/openapi.json", OpenApiDocument.Serve);
        app.MapMoqt(MoqtBridgeEdge.Path, MoqtBridgeEdge.HandleAsync, MoqtBridgeEdge.OnSetupAsync);

        var org = app.MapGroup("/v1/orgs/{orgId}");
        org.MapPost("/calls", CallCommands.OriginateAsync).RequireVoiceScope(VoiceScopes.Calls);
        org.MapGet("/calls", CallQueries.ListAsync).RequireVoiceScope(VoiceScopes.Calls);
        org.MapGet("/calls/{sid}", CallQueries.GetAsync).RequireVoiceScope(VoiceScopes.Calls);
        org.MapPost("/calls/{sid}/hangup", CallCommands.HangupAsync).RequireVoiceScope(VoiceScopes.Calls);
        org.MapPost("/calls/{sid}/transfer", CallCommands.TransferAsync).RequireVoiceScope(VoiceScopes.Calls);
        org.MapGet("/agents/{agentId}", AgentEndpoints.GetAsync).RequireVoiceScope(VoiceScopes.Agents);
        org.MapPut("/agents/{agentId}", AgentEndpoints.PutAsync).RequireVoiceScope(VoiceScopes.Agents);
        org.MapDelete("/agents/{agentId}", AgentEndpoints.DeleteAsync).RequireVoiceScope(VoiceScopes.Agents);
        org.MapGet("/trunks", ClutchCall.Gateway.Trunks.TrunkEndpoints.ListAsync).RequireVoiceScope(VoiceScopes.Admin);
        org.MapGet("/trunks/{trunkId}", ClutchCall.Gateway.Trunks.TrunkEndpoints.GetAsync).RequireVoiceScope(VoiceScopes.Admin);
        org.MapPut("/trunks/{trunkId}", ClutchCall.Gateway.Trunks.TrunkEndpoints.PutAsync).RequireVoiceScope(VoiceScopes.Admin);
        org.MapDelete("/trunks/{trunkId}", ClutchCall.Gateway.Trunks.TrunkEndpoints.DeleteAsync).RequireVoiceScope(VoiceScopes.Admin);
        org.MapPost("/calls/{sid}/agent", CallCommands.AttachAgentAsync).RequireVoiceScope(VoiceScopes.Agents);
        org.MapDelete("/calls/{sid}/agent", CallCommands.DetachAgentAsync).RequireVoiceScope(VoiceScopes.Agents);
        foreach (var command in Enum.GetValues<InboundCommand>())
        {
            var name = command.ToString().ToLowerInvariant();
            org.MapPost("/calls/{sid}/" + name, (string orgId, string sid, HttpContext http) => CallCommands.InboundAsync(orgId, sid, command, http))
                .RequireVoiceScope(VoiceScopes.Calls);
        }
        org.MapPost("/calls/{sid}/dtmf", ClutchCall.Gateway.Sip.DtmfEndpoint.SendAsync).RequireVoiceScope(VoiceScopes.Calls);
        org.MapPost("/calls/{sid}/token", BrowserTokenEndpoint.IssueAsync).RequireVoiceScope(VoiceScopes.Calls);
        org.MapPost("/calls/{sid}/bridge-token", BridgeTokenEndpoint.IssueAsync).RequireVoiceScope(VoiceScopes.Bridge);
        org.MapGet("/calls/{sid}/events", EventStreams.CallAsync).RequireVoiceScope(VoiceScopes.Calls, allowQueryToken: true);
        org.MapGet("/events", EventStreams.OrgAsync).RequireVoiceScope(VoiceScopes.Calls, allowQueryToken: true);
        org.MapPost("/trunks/{trunkId}/incoming", CallCommands.RingInAsync).RequireVoiceScope(VoiceScopes.Admin);
        return app;
    }
}
