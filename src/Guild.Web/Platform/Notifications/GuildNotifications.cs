using Guild.Web.Platform.Security;

namespace Guild.Web.Platform.Notifications;

public static class GuildNotifications
{
    public static IServiceCollection AddGuildNotifications(this IServiceCollection services)
    {
        services.AddScoped<Notifier>();
        services.AddScoped<NotificationCentre>();
        return services;
    }

    public static IEndpointRouteBuilder MapGuildNotifications(this IEndpointRouteBuilder endpoints)
    {
        // Opening marks the entry read, then goes where it points.
        endpoints.MapGet("/notifications/{id:guid}", async (Guid id, NotificationCentre centre, TimeProvider clock, CancellationToken cancellationToken) =>
            await centre.OpenAsync(id, clock, cancellationToken) is { } link && link.StartsWith('/')
                ? Results.LocalRedirect(link)
                : Results.NotFound());
        endpoints.MapPost("/notifications/read-all", async (NotificationCentre centre, TimeProvider clock, CancellationToken cancellationToken) =>
        {
            await centre.MarkAllReadAsync(clock.GetUtcNow(), cancellationToken);
            return Results.LocalRedirect("/notifications");
        }).RequireAntiforgery();
        return endpoints;
    }
}
