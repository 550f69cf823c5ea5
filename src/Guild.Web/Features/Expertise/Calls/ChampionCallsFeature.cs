using Guild.Web.Platform.Identity;
using Guild.Web.Platform.Jobs;
using Guild.Web.Platform.Layout;
using Guild.Web.Platform.Notifications;

namespace Guild.Web.Features.Expertise.Calls;

/// <summary>The call for Knowledge Champions: writing and sending calls, answering, the review queue and onboarding.</summary>
internal static class ChampionCallsFeature
{
    public static IServiceCollection AddChampionCalls(this IServiceCollection services)
    {
        services.AddScoped<ChampionCalls>();
        services.AddScoped<CallReview>();
        services.AddScoped<ChampionOnboarding>();
        services.AddScoped<CallMails>();
        services.AddSingleton<CallBannerCache>();
        services.AddResourceRule<ChampionCallRule>();
        services.AddResourceRule<OnboardingRule>();

        services.AddScoped<IJobHandler, CallDeliveryJob>();
        services.AddJobKind(new JobKind(CallDeliveryJob.JobKind, typeof(CallsText), SubjectLink: "/admin/calls/{0}"));
        services.AddScoped<IJobHandler, CallReminderJob>();
        services.AddJobKind(new JobKind(CallReminderJob.JobKind, typeof(CallsText)));
        // Once a working day, inside working hours (the job checks them again when it runs).
        services.AddRecurringJob(new RecurringJob("calls:remind", CallReminderJob.JobKind, Schedules.WorkingDaysAt(CallReminderJob.RunAt)));

        // The call brings its own mail; the centre's entry needs none more unless the person asks for it.
        services.AddNotificationKind(new NotificationKind(CallNotifications.Sent, typeof(CallsText), NotificationDelivery.Off));
        // The decline's message goes by its own mail.
        services.AddNotificationKind(new NotificationKind(CallNotifications.Declined, typeof(CallsText), NotificationDelivery.Off));
        // "You are now a Knowledge Champion" comes immediately (the role); the approval per component can wait for the digest.
        services.AddNotificationKind(new NotificationKind(CallNotifications.Approved, typeof(CallsText), NotificationDelivery.DailyDigest));

        services.AddShellBanner(new ShellBanner(typeof(CallBanner), 10));
        services.AddScoped<Platform.Demo.IDemoContent, CallsDemoContent>();

        services.AddNavigation(new NavigationItem("/champion", "Nav.Champion", 40, Policy: Policies.Champion, TextResource: typeof(CallsText)));
        services.AddNavigation(new NavigationItem("/admin/calls", "Nav.Calls", 920, Policy: Policies.LearningAdmin,
            Area: NavigationArea.Administration, TextResource: typeof(CallsText)));
        return services;
    }

    public static IEndpointRouteBuilder MapChampionCalls(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapCallsApi();
        return endpoints;
    }
}
