using System.Globalization;
using System.Threading.RateLimiting;
using Guild.Web.Features.Lrs.Credentials;
using Microsoft.Extensions.Options;

namespace Guild.Web.Features.Lrs.Http;

public enum LrsResource { Statements, State, ActivityProfile, Activities, AgentProfile, Agents, About }

public sealed class LrsHttpOptions
{
    /// <summary>The largest request body (statements with attachments, documents) the LRS takes; 413 beyond.</summary>
    public long MaxRequestBytes { get; set; } = 32 * 1024 * 1024;
    /// <summary>Requests per second per client (token bucket); 429 beyond.</summary>
    public int RequestsPerSecond { get; set; } = 10_000;
    public int Burst { get; set; } = 20_000;
}

/// <summary>
/// The xAPI 1.0.3 LRS at /xapi. One group, outside /api/v1 and the OpenAPI document. Every request
/// passes the same gate — CORS, alternate syntax, version header, HTTP Basic, rate limit, scope —
/// and then its resource.
/// </summary>
public static class LrsEndpoints
{
    private static readonly string[] Methods = ["GET", "HEAD", "PUT", "POST", "DELETE", "OPTIONS"];

    public static void Map(IEndpointRouteBuilder app)
    {
        var xapi = app.MapGroup("/xapi").AllowAnonymous().ExcludeFromDescription().DisableAntiforgery();
        xapi.MapMethods("/statements", Methods, context => HandleAsync(context, LrsResource.Statements));
        xapi.MapMethods("/activities/state", Methods, context => HandleAsync(context, LrsResource.State));
        xapi.MapMethods("/activities/profile", Methods, context => HandleAsync(context, LrsResource.ActivityProfile));
        xapi.MapMethods("/activities", Methods, context => HandleAsync(context, LrsResource.Activities));
        xapi.MapMethods("/agents/profile", Methods, context => HandleAsync(context, LrsResource.AgentProfile));
        xapi.MapMethods("/agents", Methods, context => HandleAsync(context, LrsResource.Agents));
        xapi.MapMethods("/about", Methods, context => HandleAsync(context, LrsResource.About));
        xapi.MapMethods("/{**rest}", Methods, async context =>
        {
            LrsResponse.Prepare(context);
            await LrsResponse.ErrorAsync(context, 404, "There is no xAPI resource at this path.");
        });
    }

    /// <remarks>
    /// Nothing of the body is read before the credentials are checked (an unauthenticated request may not make
    /// Guild buffer more than <see cref="LrsRequest.UnauthenticatedBytes"/>): version and Basic credentials come
    /// from the headers, then the per-client rate limit and scope, and only then the body. Two exceptions, both
    /// bounded by those 4 KB: the About resource, which answers anyone; and the Alternate Request Syntax without
    /// an Authorization header, whose credentials are a form field. Its rule: a form of at most 4,096 bytes is
    /// read whole and handled as before; a longer one must have its Authorization field end within its first
    /// 4,096 bytes (put it first), else 401 asks for the header. With an Authorization header, the header
    /// authenticates and a form field, if any, must say the same (400 otherwise).
    /// </remarks>
    private static async Task HandleAsync(HttpContext context, LrsResource resource)
    {
        LrsResponse.Prepare(context);
        if (HttpMethods.IsOptions(context.Request.Method))
        {
            await LrsResponse.PreflightAsync(context);
            return;
        }
        var services = context.RequestServices;
        var options = services.GetRequiredService<IOptions<LrsHttpOptions>>().Value;
        var cancellationToken = context.RequestAborted;
        if (resource == LrsResource.Statements)
        {
            var store = services.GetRequiredService<StatementStore>();
            context.Response.OnStarting(() =>
            {
                context.Response.Headers["X-Experience-API-Consistent-Through"] = Validation.XapiFormats.FormatTimestamp(store.ConsistentThrough);
                return Task.CompletedTask;
            });
        }
        var about = resource == LrsResource.About;
        var (request, status, error) = LrsRequest.Open(context, about ? LrsRequest.UnauthenticatedBytes : options.MaxRequestBytes);
        if (request is null)
        {
            await LrsResponse.ErrorAsync(context, status, error!);
            return;
        }
        context.Items[typeof(LrsRequest)] = request;

        // The About resource answers anyone, whatever their version header (Communication 2.8.s5.b3, b4).
        if (about)
        {
            if (await request.ReadBodyAsync(cancellationToken) is { } aboutProblem)
            {
                await LrsResponse.ErrorAsync(context, aboutProblem.Status, aboutProblem.Error!);
                return;
            }
            await AboutAsync(request);
            return;
        }

        var authorization = request.HttpHeader("Authorization");
        if (request.IsAlternate && authorization is null)
        {
            (authorization, status, error) = await request.ReadAuthorizationFieldAsync(cancellationToken);
            if (error is not null)
            {
                await LrsResponse.ErrorAsync(context, status, error);
                return;
            }
        }
        // The version is known from the headers, or from a form read whole; else after the body.
        if ((!request.IsAlternate || request.IsBodyRead) && VersionProblem(request.Header("X-Experience-API-Version")) is { } versionError)
        {
            await LrsResponse.ErrorAsync(context, 400, versionError);
            return;
        }
        if (authorization is null && request.IsAlternate && !request.IsBodyRead)
        {
            await LrsResponse.ErrorAsync(context, 401,
                $"Send the key and secret of an LRS client in the Authorization header. In the alternate request syntax a form longer than " +
                $"{LrsRequest.UnauthenticatedBytes} bytes is read only after it is authenticated, so its Authorization field must end within " +
                $"its first {LrsRequest.UnauthenticatedBytes} bytes: put it first.");
            return;
        }
        var authentication = await services.GetRequiredService<LrsAuthenticator>()
            .AuthenticateAsync(authorization, context.Connection.RemoteIpAddress, cancellationToken);
        if (authentication.RetryAfter is { } wait)
        {
            context.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            await LrsResponse.ErrorAsync(context, 429, "Too many failed authentications from this address or for this key; try again after the time in Retry-After.");
            return;
        }
        if (authentication.Caller is not { } caller)
        {
            await LrsResponse.ErrorAsync(context, 401, "Authenticate with HTTP Basic: the key and secret of an LRS client.");
            return;
        }
        using (var lease = services.GetRequiredService<LrsRateLimiter>().Acquire(caller.Key, options))
        {
            if (!lease.IsAcquired)
            {
                context.Response.Headers.RetryAfter = "1";
                await LrsResponse.ErrorAsync(context, 429, "Too many requests from this client; try again shortly.");
                return;
            }
        }
        if (request.IsRead ? !caller.CanRead : !caller.CanWrite)
        {
            await LrsResponse.ErrorAsync(context, 403, request.IsRead
                ? "This LRS client may not read: its scope is write only."
                : "This LRS client may not write: its scope is read only.");
            return;
        }
        if (!request.IsBodyRead)
        {
            if (await request.ReadBodyAsync(cancellationToken) is { } problem)
            {
                await LrsResponse.ErrorAsync(context, problem.Status, problem.Error!);
                return;
            }
            if (request.IsAlternate)
            {
                if (request.FormAuthorization is { } field && authorization != field)
                {
                    await LrsResponse.ErrorAsync(context, 400,
                        "The Authorization header and the Authorization form field differ; send the credentials once.");
                    return;
                }
                if (VersionProblem(request.Header("X-Experience-API-Version")) is { } formVersionError)
                {
                    await LrsResponse.ErrorAsync(context, 400, formVersionError);
                    return;
                }
            }
        }
        switch (resource)
        {
            case LrsResource.Statements:
                await StatementsResource.HandleAsync(request, caller);
                break;
            case LrsResource.State:
            case LrsResource.ActivityProfile:
            case LrsResource.AgentProfile:
                await DocumentsResource.HandleAsync(request, resource);
                break;
            case LrsResource.Activities:
                await DocumentsResource.ActivitiesAsync(request);
                break;
            case LrsResource.Agents:
                await DocumentsResource.AgentsAsync(request);
                break;
        }
    }

    /// <summary>Communication 3.3.s3: 1.0 and 1.0.x are accepted; anything else, or nothing, is a 400.</summary>
    public static string? VersionProblem(string? version)
    {
        if (string.IsNullOrWhiteSpace(version))
        {
            return "The X-Experience-API-Version header is required (use 1.0.3).";
        }
        version = version.Trim();
        if (version == "1.0")
        {
            return null;
        }
        if (version.StartsWith("1.0.", StringComparison.Ordinal) && version.Length > 4 && version[4..].All(char.IsAsciiDigit))
        {
            return null;
        }
        return $"X-Experience-API-Version {version} is not supported; this LRS speaks 1.0.3 (any 1.0.x is accepted).";
    }

    private static async Task AboutAsync(LrsRequest request)
    {
        if (!request.IsRead)
        {
            await LrsResponse.ErrorAsync(request.Context, 405, "The About resource only answers GET.");
            return;
        }
        if (request.Parameters.Count > 0)
        {
            await LrsResponse.ErrorAsync(request.Context, 400, $"The About resource takes no parameters ({string.Join(", ", request.Parameters.Keys)}).");
            return;
        }
        var organisation = await request.Context.RequestServices.GetRequiredService<Platform.Organisation.OrganisationProfile>()
            .GetAsync(request.Context.RequestAborted);
        await LrsResponse.JsonAsync(request.Context, new Dictionary<string, object>
        {
            ["version"] = new[] { LrsResponse.Version },
            ["extensions"] = new Dictionary<string, object>
            {
                [organisation.LearningRecordBaseIri.TrimEnd('/') + "/xapi/about/lrs"] = new Dictionary<string, object>
                {
                    ["name"] = "Guild",
                    ["organisation"] = organisation.Name,
                },
            },
        });
    }
}

/// <summary>Per-client token buckets for the LRS (Communication 3.2.s3.b13: 429 when a client sends too much).</summary>
public sealed class LrsRateLimiter : IDisposable
{
    private PartitionedRateLimiter<string>? _limiter;
    private readonly Lock _gate = new();

    public RateLimitLease Acquire(string client, LrsHttpOptions options)
    {
        if (_limiter is null)
        {
            lock (_gate)
            {
                _limiter ??= PartitionedRateLimiter.Create<string, string>(key => RateLimitPartition.GetTokenBucketLimiter(key, _ =>
                    new TokenBucketRateLimiterOptions
                    {
                        TokenLimit = Math.Max(1, options.Burst),
                        TokensPerPeriod = Math.Max(1, options.RequestsPerSecond),
                        ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                        QueueLimit = 0,
                        AutoReplenishment = true,
                    }));
            }
        }
        return _limiter.AttemptAcquire(client);
    }

    public void Dispose() => _limiter?.Dispose();
}

internal static class LrsParameters
{
    public static bool TryBool(string value, out bool result)
    {
        result = value == "true";
        return value is "true" or "false";
    }

    public static bool TryLimit(string value, out int limit) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out limit);
}
