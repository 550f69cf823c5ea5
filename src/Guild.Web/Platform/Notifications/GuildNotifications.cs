using Guild.Web.Platform.Api;
using Guild.Web.Platform.Jobs;
using Guild.Web.Platform.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Guild.Web.Platform.Notifications;

public static class GuildNotifications
{
    public static IServiceCollection AddGuildNotifications(this IServiceCollection services)
    {
        services.AddSingleton<NotificationTexts>();
        services.AddScoped<Notifier>();
        services.AddScoped<NotificationCentre>();
        services.AddScoped<NotificationPreferences>();
        services.AddScoped<IJobHandler, NotificationMailJob>();
        services.AddScoped<IJobHandler, NotificationDigestJob>();
        services.AddJobKind(new JobKind(NotificationMailJob.JobKind, typeof(NotificationText), Queue: JobQueues.Mail));
        services.AddJobKind(new JobKind(NotificationDigestJob.JobKind, typeof(NotificationText), Queue: JobQueues.Mail));
        services.AddRecurringJob(NotificationDigestJob.Daily);
        services.AddRecurringJob(NotificationDigestJob.Weekly);
        services.AddNotificationKind(AccountNotifications.RoleGrantedKind);
        services.AddScoped<Demo.IDemoContent, NotificationsDemoContent>();
        return services;
    }

    public static IEndpointRouteBuilder MapGuildNotifications(this IEndpointRouteBuilder endpoints)
    {
        // Opening marks the entry read, then goes where it points.
        endpoints.MapGet("/notifications/{id:guid}", async (Guid id, NotificationCentre centre, CancellationToken cancellationToken) =>
            await centre.OpenAsync(id, cancellationToken) is { } link && Identity.Accounts.IsLocal(link)
                ? Results.LocalRedirect(link)
                : Results.NotFound());
        endpoints.MapPost("/notifications/{id:guid}/read", async (Guid id, NotificationCentre centre, CancellationToken cancellationToken) =>
            (await centre.MarkReadAsync(id, cancellationToken)).IsOk ? Results.LocalRedirect("/notifications") : Results.NotFound())
            .RequireAntiforgery();
        endpoints.MapPost("/notifications/read-all", async (NotificationCentre centre, CancellationToken cancellationToken) =>
        {
            await centre.MarkAllReadAsync(cancellationToken);
            return Results.LocalRedirect("/notifications");
        }).RequireAntiforgery();

        var api = endpoints.MapApiGroup("/notifications", "Notifications");
        api.MapGet("/", ListAsync).WithName("ListNotifications")
            .WithSummary("Your notifications, unread first, then newest first; events about one subject are grouped into one entry.");
        api.MapGet("/unread-count", UnreadCountAsync).WithName("CountUnreadNotifications")
            .WithSummary("How many of your notifications are unread (the bell's number).");
        api.MapPost("/{id:guid}/read", MarkReadAsync).ProducesProblem(StatusCodes.Status404NotFound).WithName("MarkNotificationRead")
            .WithSummary("Marks one of your notifications as read.");
        api.MapPost("/read-all", MarkAllReadAsync).WithName("MarkAllNotificationsRead")
            .WithSummary("Marks all your notifications as read.");
        return endpoints;
    }

    /// <summary>The bell's number.</summary>
    /// <param name="Unread">How many of your notifications are unread.</param>
    public sealed record UnreadCount(int Unread);

    /// <summary>What marking all as read changed.</summary>
    /// <param name="Marked">How many notifications were unread and are now read.</param>
    public sealed record MarkedRead(int Marked);

    private static async Task<Ok<Paged<NotificationItem>>> ListAsync([AsParameters] PageRequest page, NotificationCentre centre,
        CancellationToken cancellationToken) =>
        TypedResults.Ok(await centre.ListAsync(page, cancellationToken));

    private static async Task<Ok<UnreadCount>> UnreadCountAsync(NotificationCentre centre, CancellationToken cancellationToken) =>
        TypedResults.Ok(new UnreadCount(await centre.UnreadCountAsync(cancellationToken)));

    private static async Task<Results<Ok<NotificationItem>, ProblemHttpResult>> MarkReadAsync(Guid id, NotificationCentre centre, CancellationToken cancellationToken) =>
        (await centre.MarkReadAsync(id, cancellationToken)).ToHttp(TypedResults.Ok);

    private static async Task<Ok<MarkedRead>> MarkAllReadAsync(NotificationCentre centre, CancellationToken cancellationToken) =>
        TypedResults.Ok(new MarkedRead(await centre.MarkAllReadAsync(cancellationToken)));
}
