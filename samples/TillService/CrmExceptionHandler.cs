using System.Text.Json;
using Crm.Churn;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace Crm.Samples.TillService;

/// <summary>
/// Turns every exception the library throws on purpose into RFC 9457 problem details, with the library's stable
/// error code in <c>code</c> (a till switches on it; the message may change) and, when the error is about one field,
/// its path in <c>field</c>.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item><see cref="CrmValidationException"/>: 400; 404 for the <c>*.not_found</c> codes (an unknown customer, a refund of a purchase never recorded).</item>
/// <item><see cref="CrmConcurrencyException"/>: 409. The managers retried already (<see cref="CrmOptions.MaxConcurrencyRetries"/>); the till may send the same fact again, as facts are idempotent.</item>
/// <item><see cref="CrmStorageException"/>: 503 with Retry-After when <see cref="CrmStorageException.IsTransient"/>, else 500.</item>
/// <item><see cref="CrmModelFitException"/> and any other <see cref="CrmException"/>: 500 with the code.</item>
/// <item>A body that is not JSON or does not fit the request (a missing field, money in a currency the library does not know):
/// 400 with the sample's own code <c>request.malformed</c>, as the library never saw it.</item>
/// </list>
/// Anything else is not ours to explain: it goes on to the default handler (500 without details).
/// </remarks>
internal sealed partial class CrmExceptionHandler(IProblemDetailsService problems, ILogger<CrmExceptionHandler> logger) : IExceptionHandler
{
    /// <summary>The code of a request the JSON reader refused before the library saw it.</summary>
    public const string RequestMalformed = "request.malformed";

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var problem = exception switch
        {
            CrmValidationException e when e.ErrorCode.EndsWith("not_found", StringComparison.Ordinal) => Problem(StatusCodes.Status404NotFound, "Not found", e.ErrorCode, e.Field, e.Message),
            CrmValidationException e => Problem(StatusCodes.Status400BadRequest, "Invalid input", e.ErrorCode, e.Field, e.Message),
            CrmConcurrencyException e => Problem(StatusCodes.Status409Conflict, "Concurrent update", e.ErrorCode, null, e.Message),
            CrmStorageException { IsTransient: true } e => Problem(StatusCodes.Status503ServiceUnavailable, "Storage unavailable", e.ErrorCode, null, "The database could not do the work for now; retry shortly."),
            CrmStorageException e => Problem(StatusCodes.Status500InternalServerError, "Storage failed", e.ErrorCode, null, "The database refused the work; an operator should look at the log."),
            CrmModelFitException e => Problem(StatusCodes.Status500InternalServerError, "Model fit failed", e.ErrorCode, null, e.Message),
            CrmException e => Problem(StatusCodes.Status500InternalServerError, "CRM error", e.ErrorCode, null, e.Message),
            BadHttpRequestException { InnerException: JsonException json } => Problem(StatusCodes.Status400BadRequest, "Malformed request", RequestMalformed, json.Path, json.Message),
            BadHttpRequestException e => Problem(e.StatusCode, "Bad request", RequestMalformed, null, e.Message),
            _ => null,
        };
        if (problem is null)
        {
            return false;
        }

        if (problem.Status >= StatusCodes.Status500InternalServerError)
        {
            LogFailure(logger, exception, (string)problem.Extensions["code"]!);
        }

        if (exception is CrmStorageException { IsTransient: true })
        {
            httpContext.Response.Headers.RetryAfter = "5";
        }

        httpContext.Response.StatusCode = problem.Status!.Value;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem, Exception = exception });
    }

    private static ProblemDetails Problem(int status, string title, string code, string? field, string detail)
    {
        var problem = new ProblemDetails { Status = status, Title = title, Detail = detail };
        problem.Extensions["code"] = code;
        if (field is not null)
        {
            problem.Extensions["field"] = field;
        }

        return problem;
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Error, Message = "Request failed with {Code}")]
    private static partial void LogFailure(ILogger logger, Exception exception, string code);
}
