namespace ClutchCall.Sip.Messages;

public static class SipStatus
{
    public const int Trying = 100, Ringing = 180, SessionProgress = 183, Ok = 200, Accepted = 202;
    public const int BadRequest = 400, Unauthorized = 401, Forbidden = 403, NotFound = 404, MethodNotAllowed = 405;
    public const int ProxyAuthenticationRequired = 407, RequestTimeout = 408, TemporarilyUnavailable = 480;
    public const int CallDoesNotExist = 481, BusyHere = 486, RequestTerminated = 487, NotAcceptableHere = 488;
    public const int ServerInternalError = 500, NotImplemented = 501, ServiceUnavailable = 503, BusyEverywhere = 600, Decline = 603;

    public static string ReasonPhrase(int code) => code switch
    {
        100 => "Trying", 180 => "Ringing", 181 => "Call Is Being Forwarded", 182 => "Queued", 183 => "Session Progress",
        200 => "OK", 202 => "Accepted",
        400 => "Bad Request", 401 => "Unauthorized", 403 => "Forbidden", 404 => "Not Found", 405 => "Method Not Allowed",
        407 => "Proxy Authentication Required", 408 => "Request Timeout", 415 => "Unsupported Media Type",
        420 => "Bad Extension", 480 => "Temporarily Unavailable", 481 => "Call/Transaction Does Not Exist",
        482 => "Loop Detected", 483 => "Too Many Hops", 486 => "Busy Here", 487 => "Request Terminated",
        488 => "Not Acceptable Here", 491 => "Request Pending",
        500 => "Server Internal Error", 501 => "Not Implemented", 503 => "Service Unavailable", 504 => "Server Time-out",
        600 => "Busy Everywhere", 603 => "Decline", 604 => "Does Not Exist Anywhere", 606 => "Not Acceptable",
        _ => code switch { < 200 => "Progress", < 300 => "OK", < 400 => "Redirect", < 500 => "Client Error", < 600 => "Server Error", _ => "Global Failure" },
    };
}
