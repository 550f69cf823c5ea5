namespace Guild.Web.Platform.Api;

/// <summary>Turns a service <see cref="Result{T}"/> into an HTTP answer with problem details for every failure.</summary>
public static class ResultHttp
{
    public static IResult ToHttp<T>(this Result<T> result, Func<T, IResult> ok) => result.Status switch
    {
        ResultStatus.Ok => ok(result.Value!),
        ResultStatus.NotFound => TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found."),
        ResultStatus.Forbidden => TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "You may not do this.", detail: result.Message),
        ResultStatus.Conflict => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Conflict.", detail: result.Message),
        ResultStatus.Invalid => TypedResults.ValidationProblem(
            result.Errors.ToDictionary(pair => pair.Key, pair => pair.Value), title: "The request has invalid fields."),
        _ => throw new InvalidOperationException($"Unknown result status {result.Status}."),
    };
}
