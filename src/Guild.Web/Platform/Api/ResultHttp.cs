using Microsoft.AspNetCore.Http.HttpResults;

namespace Guild.Web.Platform.Api;

/// <summary>
/// Turns a service <see cref="Result{T}"/> into a handler's typed answer: the success the handler chooses (Ok, Created,
/// Accepted…) or problem details for every refusal. The success is a type in the handler's <c>Results&lt;…&gt;</c>, so the
/// OpenAPI document takes it from the code; the refusals a service can answer (403, 404, 409) are declared beside the
/// mapping with <c>ProducesProblem</c>.
/// </summary>
public static class ResultHttp
{
    /// <summary>For services that refuse (not found, forbidden, conflict) but check no fields of a request.</summary>
    public static Results<TSuccess, ProblemHttpResult> ToHttp<T, TSuccess>(this Result<T> result, Func<T, TSuccess> success)
        where TSuccess : IResult =>
        result.IsOk ? success(result.Value!) : Problem(result);

    /// <summary>For services that check what was sent: their field errors are a validation problem (400, by field).</summary>
    public static Results<TSuccess, ValidationProblem, ProblemHttpResult> ToHttpChecked<T, TSuccess>(this Result<T> result, Func<T, TSuccess> success)
        where TSuccess : IResult => result.Status switch
        {
            ResultStatus.Ok => success(result.Value!),
            ResultStatus.Invalid => Invalid(result.Errors),
            _ => Problem(result),
        };

    public static ValidationProblem Invalid(IReadOnlyDictionary<string, string[]> errors) =>
        TypedResults.ValidationProblem(errors.ToDictionary(pair => pair.Key, pair => pair.Value), title: "The request has invalid fields.");

    public static ValidationProblem Invalid(string field, string message) => Invalid(new Dictionary<string, string[]> { [field] = [message] });

    /// <summary>Problem details for a refusal (field errors included, in the same shape as a validation problem).</summary>
    public static ProblemHttpResult Problem<T>(Result<T> result) => result.Status switch
    {
        ResultStatus.NotFound => TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found."),
        ResultStatus.Forbidden => TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "You may not do this.", detail: result.Message),
        ResultStatus.Conflict => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Conflict.", detail: result.Message),
        ResultStatus.Invalid => TypedResults.Problem(new HttpValidationProblemDetails(result.Errors.ToDictionary(pair => pair.Key, pair => pair.Value))
        {
            Status = StatusCodes.Status400BadRequest,
            Title = "The request has invalid fields.",
        }),
        _ => throw new InvalidOperationException($"{result.Status} is not a refusal."),
    };
}
