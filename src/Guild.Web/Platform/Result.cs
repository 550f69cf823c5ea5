namespace Guild.Web.Platform;

public enum ResultStatus { Ok, NotFound, Forbidden, Invalid, Conflict }

/// <summary>
/// What a feature service answers: the value, or why not. Pages turn it into a form error or a
/// status page, the API into RFC 9457 problem details (see <c>Platform/Api/ResultHttp</c>).
/// </summary>
public sealed class Result<T>
{
    private Result(ResultStatus status, T? value, IReadOnlyDictionary<string, string[]>? errors, string? message)
    {
        Status = status;
        Value = value;
        Errors = errors ?? new Dictionary<string, string[]>();
        Message = message;
    }

    public ResultStatus Status { get; }
    public T? Value { get; }
    /// <summary>Field name to messages, for <see cref="ResultStatus.Invalid"/>.</summary>
    public IReadOnlyDictionary<string, string[]> Errors { get; }
    public string? Message { get; }
    public bool IsOk => Status == ResultStatus.Ok;

    public static Result<T> Ok(T value) => new(ResultStatus.Ok, value, null, null);
    public static Result<T> NotFound() => new(ResultStatus.NotFound, default, null, null);
    /// <param name="message">Why, when the caller can do something about it (problem details' detail).</param>
    public static Result<T> Forbidden(string? message = null) => new(ResultStatus.Forbidden, default, null, message);
    public static Result<T> Conflict(string message) => new(ResultStatus.Conflict, default, null, message);
    public static Result<T> Invalid(IReadOnlyDictionary<string, string[]> errors) => new(ResultStatus.Invalid, default, errors, null);
    public static Result<T> Invalid(string field, string message) => Invalid(new Dictionary<string, string[]> { [field] = [message] });
}
