using Guild.Web.Platform.Identity;
using Guild.Web.Platform.Notifications;

namespace Guild.Web.Features.Expertise.Profiles;

/// <summary>Expertise profiles: skills with levels, ask-me-about topics, endorsements, availability and champion badges.</summary>
internal static class ExpertiseProfilesFeature
{
    public static IServiceCollection AddExpertiseProfiles(this IServiceCollection services)
    {
        services.AddScoped<ExpertiseProfileReader>();
        services.AddScoped<ExpertiseProfileEditor>();
        services.AddScoped<Platform.Demo.IDemoContent, ProfilesDemoContent>();
        // "Sanne endorsed your skill Video editing": one entry per skill, folding further endorsements of it.
        services.AddNotificationKind(new NotificationKind(ExpertiseProfileEditor.EndorsedKind, typeof(ProfilesText), NotificationDelivery.WeeklyDigest));
        return services;
    }

    public static IEndpointRouteBuilder MapExpertiseProfiles(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapProfilesApi();
        return endpoints;
    }
}
