using Guild.Web.Features.People.Import;
using Guild.Web.Platform.Identity;
using Guild.Web.Platform.Jobs;
using Guild.Web.Platform.Layout;
using Microsoft.AspNetCore.Authorization;

namespace Guild.Web.Features.People;

public static class PeopleFeature
{
    public static WebApplicationBuilder AddPeople(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddScoped<PeopleDirectory>();
        services.AddScoped<PersonAdministration>();
        services.AddScoped<ProfileEditor>();
        services.AddScoped<Invitations>();
        services.AddScoped<PasswordReset.PasswordResets>();
        services.AddScoped<IJobHandler, PasswordReset.PasswordResetMailJob>();
        services.AddJobKind(new JobKind(PasswordReset.PasswordResetMailJob.JobKind, typeof(PeopleText), Queue: JobQueues.Mail));
        services.AddSingleton<InvitationTokens>();
        services.AddScoped<PeopleImports>();
        services.AddScoped<IJobHandler, PeopleImportJob>();
        services.AddJobKind(new JobKind(PeopleImportJob.JobKind, typeof(PeopleText), SubjectLink: "/admin/people/import/{0}", Queue: JobQueues.Imports));
        services.AddScoped<IProfileClaimsSource, PersonClaims>();
        services.AddScoped<Platform.Demo.IDemoContent, PeopleDemoContent>();
        services.AddResourceRule<PersonRule>();
        services.AddSingleton<IAuthorizationHandler, PersonRouteHandler>();
        services.Configure<AuthorizationOptions>(PeopleAccess.AddPolicies);

        // Partner guests do not browse the organisation's people, so they do not see the entry.
        services.AddNavigation(new NavigationItem("/people", "Nav.People", 10, Policy: Policies.Member));
        services.AddNavigation(new NavigationItem("/admin/people/invite", "Nav.InvitePerson", 910, Policy: Policies.LearningAdmin,
            Area: NavigationArea.Administration, TextResource: typeof(PeopleText)));
        services.AddNavigation(new NavigationItem("/admin/people/import", "Nav.ImportPeople", 911, Policy: Policies.LearningAdmin,
            Area: NavigationArea.Administration, TextResource: typeof(PeopleText)));
        // The latest import was rejected or stopped: its rows are not in Guild until the file is fixed.
        services.AddAttentionCheck(new AttentionCheck("people.import-rejected", typeof(PeopleText), "/admin/people/import", AttentionLevel.Problem,
            (db, _) => db.Set<PeopleImport>().OrderByDescending(i => i.StartedAt).Take(1)
                .Where(i => i.Status == PeopleImportStatus.Rejected || i.Status == PeopleImportStatus.Failed).Select(_ => true)));
        return builder;
    }

    public static WebApplication MapPeople(this WebApplication app)
    {
        app.MapGet("/people/{id:guid}/photo", PeopleApi.PhotoAsync).ExcludeFromDescription();
        app.MapPeopleApi();
        return app;
    }
}
