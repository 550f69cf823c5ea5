using Guild.Web.Platform.Api;
using Guild.Web.Platform.Identity;
using Guild.Web.Platform.Jobs;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Guild.Web.Features.Community.Digests;

/// <summary>The community digest: a daily or weekly mail of followed threads and spaces, answered questions and questions waiting.</summary>
internal static class CommunityDigestsFeature
{
    public static IServiceCollection AddCommunityDigests(this IServiceCollection services)
    {
        services.AddScoped<CommunityDigests>();
        services.AddSingleton<DigestUnsubscribeLinks>();
        services.AddScoped<IJobHandler, CommunityDigestJob>();
        services.AddJobKind(new JobKind(CommunityDigestJob.JobKind, typeof(DigestText), Queue: JobQueues.Mail));
        services.AddRecurringJob(CommunityDigestJob.Daily);
        services.AddRecurringJob(CommunityDigestJob.Weekly);
        return services;
    }

    public static void MapCommunityDigests(this WebApplication app, RouteGroupBuilder community)
    {
        community.MapGet("/digest", GetAsync).WithName("GetCommunityDigest")
            .WithSummary("How often I get the community digest (weekly unless I chose otherwise) and when the last one went.");
        community.MapPut("/digest", SetAsync).WithName("SetCommunityDigest")
            .WithSummary("Choose the community digest: Weekly, Daily or Off.");
        // RFC 8058 one-click unsubscribe: a mail client posts "List-Unsubscribe=One-Click" without cookies, so the signed link is the
        // only credential and no antiforgery token can exist. It may only turn that person's digest off. Ordered before the page of
        // the same address, which answers the GET (opening a link must never unsubscribe: scanners open links).
        app.MapPost("/community/digest/unsubscribe/{token}", UnsubscribeAsync)
            .AllowAnonymous().DisableAntiforgery().RequireRateLimiting(GuildApi.RateLimitPolicy).WithOrder(-1)
            .WithTags("Community").WithName("UnsubscribeCommunityDigest")
            .WithSummary("One-click unsubscribe from the community digest (RFC 8058), by the signed link of the mail.")
            .ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static async Task<Ok<DigestSetting>> GetAsync(CommunityDigests digests, CancellationToken cancellationToken) =>
        TypedResults.Ok(await digests.GetMineAsync(cancellationToken));

    private static async Task<Results<Ok<DigestSetting>, ValidationProblem, ProblemHttpResult>> SetAsync(DigestSettingRequest request,
        CommunityDigests digests, CancellationToken cancellationToken) =>
        (await digests.SetMineAsync(request, cancellationToken)).ToHttpChecked(TypedResults.Ok);

    private static async Task<IResult> UnsubscribeAsync(string token, HttpRequest request, CommunityDigests digests, CancellationToken cancellationToken)
    {
        var result = await digests.UnsubscribeAsync(token, cancellationToken);
        if (!result.IsOk)
        {
            return ResultHttp.Problem(result);
        }
        // A person who pressed the page's button sees the page say so; a mail client gets a plain 200.
        var fromBrowser = request.Headers.Accept.Any(a => a?.Contains("text/html", StringComparison.OrdinalIgnoreCase) == true);
        return fromBrowser ? Results.Redirect($"/community/digest/unsubscribe/{Uri.EscapeDataString(token)}?done=true", preserveMethod: false)
            : Results.Text("Unsubscribed from the community digest.", "text/plain");
    }
}
