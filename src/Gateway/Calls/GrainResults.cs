using Microsoft.Extensions.DependencyInjection;
using ClutchCall.Gateway.Problems;
using ClutchCall.Gateway.Validation;
using ClutchCall.Grains.Interfaces;
using ClutchCall.Runtime;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace ClutchCall.Gateway.Calls;

/// <summary>Turns grain results and runtime failures into HTTP: domain errors map to 404/409/422, an unreachable owner to 503.</summary>
internal static partial class GrainResults
{
    public static async Task<IResult> RunAsync(HttpContext http, Func<Task<CallResult>> call, int successStatus = StatusCodes.Status200OK)
    {
        try
        {
            var result = await call();
            if (result.Error is { } error)
            {
                return ToProblem(error);
            }
            if (successStatus == StatusCodes.Status201Created)
            {
                http.Response.Headers.Location = $"/v1/orgs/{result.Call!.OrgId}/calls/{result.Call.Sid}";
            }
            return Results.Json(result.Call, VoiceJson.Options, statusCode: successStatus);
        }
        catch (GrainUnavailableException e)
        {
            return ApiProblem.Unavailable(e.MaybeDelivered
                ? "The call's owner stopped answering; the command may have run. Read the call before retrying."
                : "The call's owner is not reachable right now; retry shortly.");
        }
        catch (GrainCallException e) when (e.ErrorType == typeof(GrainFencedException).FullName || e.ErrorType == typeof(GrainVersionConflictException).FullName)
        {
            // The owner lost the call to another silo mid-command; nothing was committed. A retry reaches the new owner.
            return ApiProblem.Unavailable("The call moved to another silo while the command ran; nothing changed. Retry.");
        }
        catch (GrainCallException e)
        {
            LogGrainFailure(Logger(http), e.ErrorType, e.Message);
            return new ApiProblem(500, "internal", "The call grain failed", "An internal error occurred; it has been logged.");
        }
    }

    public static ApiProblem ToProblem(CallError error) => error.Kind switch
    {
        CallErrorKind.NotFound => ApiProblem.NotFound(error.Detail),
        CallErrorKind.Conflict => ApiProblem.Conflict(error.Detail, error.Field),
        _ => ApiProblem.Invalid(error.Field ?? "body", error.Detail),
    };

    private static ILogger Logger(HttpContext http) =>
        http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("ClutchCall.Gateway.Calls");

    [LoggerMessage(Level = LogLevel.Error, Message = "Call grain threw {ErrorType}: {Message}")]
    private static partial void LogGrainFailure(ILogger logger, string errorType, string message);
}
