using System.Net;
using System.Net.Http.Json;
using Guild.Tests.Features.People;
using Guild.Tests.Infrastructure;
using Guild.Web.Features.Expertise.Calls;
using Guild.Web.Features.Expertise.Profiles;
using Guild.Web.Platform.Audit;
using Guild.Web.Platform.Identity;
using Guild.Web.Platform.Notifications;
using Microsoft.EntityFrameworkCore;
using static Guild.Tests.Features.Expertise.Calls.CallsTestKit;

namespace Guild.Tests.Features.Expertise.Calls;

public abstract class CallReviewTests(GuildApp app)
{
    [Fact]
    public async Task Answering_twice_updates_the_one_answer_and_keeps_decisions_of_unchanged_components()
    {
        var capability = await app.CreateCapabilityAsync("Video", "Filming", "Editing", "Editing/Colour grading");
        var (admin, _) = await app.SignedInAsync(Roles.Employee, Roles.LearningAdmin);
        var (employee, person) = await app.SignedInAsync();
        var callId = await SendCallAsync(app, admin, Draft(capability, await LocalDateAsync(app, 10)));
        var (filming, editing, grading) = (capability.Components[0].Id, capability.Components[1].Id, capability.Components[2].Id);

        using var first = await AnswerAsync(employee, callId, Answer(4, (filming, "CanTeachIt"), (editing, "UsesIt")));
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var filmingKey = (await ReviewKeysAsync(app, callId, person.Id)).Single(k => k.EndsWith(filming.ToString("D"), StringComparison.Ordinal));
        using var approved = await admin.Http.PostAsJsonAsync($"/api/v1/calls/{callId}/review/approve", new { items = new[] { filmingKey }, message = "Welcome!" });
        Assert.Equal(HttpStatusCode.OK, approved.StatusCode);

        // Filming unchanged (keeps its approval), editing at a new level (waits again), grading new.
        using var second = await AnswerAsync(employee, callId, Answer(8, (filming, "CanTeachIt"), (editing, "CanExplainIt"), (grading, "UsesIt")));
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);

        var volunteering = await app.WithDbAsync(db => db.Set<Volunteering>().AsNoTracking().SingleAsync(v => v.CallId == callId && v.PersonId == person.Id));
        Assert.Equal(8, volunteering.HoursPerMonth);
        var offered = await app.WithDbAsync(db => db.Set<VolunteeredComponent>().AsNoTracking().Where(c => c.VolunteeringId == volunteering.Id).ToListAsync());
        Assert.Equal(3, offered.Count);
        Assert.Equal(VolunteerDecision.Approved, offered.Single(c => c.ComponentId == filming).Decision);
        Assert.Equal((ExpertiseLevel.CanExplainIt, VolunteerDecision.Pending), offered.Where(c => c.ComponentId == editing).Select(c => (c.Level, c.Decision)).Single());
        Assert.Equal(VolunteerDecision.Pending, offered.Single(c => c.ComponentId == grading).Decision);
        Assert.Equal(1, await app.WithDbAsync(db => db.Set<Volunteering>().CountAsync(v => v.CallId == callId && v.PersonId == person.Id)));
    }

    [Fact]
    public async Task An_employee_cannot_approve()
    {
        var capability = await app.CreateCapabilityAsync("Social", "Short posts");
        var (admin, _) = await app.SignedInAsync(Roles.Employee, Roles.LearningAdmin);
        var (volunteer, person) = await app.SignedInAsync();
        var (colleague, _) = await app.SignedInAsync();
        var callId = await SendCallAsync(app, admin, Draft(capability, await LocalDateAsync(app, 10)));
        using var answered = await AnswerAsync(volunteer, callId, Answer((capability.Components[0].Id, "CanTeachIt")));
        var keys = await ReviewKeysAsync(app, callId, person.Id);

        // A recipient may read the call, not review it; the volunteer may not approve themselves either.
        foreach (var client in new[] { colleague, volunteer })
        {
            using var approve = await client.Http.PostAsJsonAsync($"/api/v1/calls/{callId}/review/approve", new { items = keys });
            Assert.Equal(HttpStatusCode.Forbidden, approve.StatusCode);
            using var queue = await client.GetAsync($"/api/v1/calls/{callId}/review");
            Assert.Equal(HttpStatusCode.Forbidden, queue.StatusCode);
            using var page = await client.GetAsync($"/admin/calls/{callId}/review");
            Assert.Equal(HttpStatusCode.Forbidden, page.StatusCode);
        }
        Assert.Equal(VolunteerDecision.Pending, await app.WithDbAsync(db => db.Set<VolunteeredComponent>()
            .Where(c => db.Set<Volunteering>().Any(v => v.Id == c.VolunteeringId && v.CallId == callId)).Select(c => c.Decision).SingleAsync()));
        Assert.False(await app.WithDbAsync(db => db.Set<ComponentChampion>().AnyAsync(c => c.PersonId == person.Id)));
        Assert.False(await app.WithDbAsync(db => db.UserRoles.AnyAsync(r => r.UserId == person.Id && r.RoleId == GuildRoleConfiguration.Ids[Roles.Champion])));
    }

    [Fact]
    public async Task Declining_sends_the_message_by_mail_and_notification()
    {
        var capability = await app.CreateCapabilityAsync("Writing", "Headlines", "Long reads");
        var (admin, _) = await app.SignedInAsync(Roles.Employee, Roles.LearningAdmin);
        var (volunteer, person) = await app.SignedInAsync();
        var callId = await SendCallAsync(app, admin, Draft(capability, await LocalDateAsync(app, 10)));
        using var answered = await AnswerAsync(volunteer, callId, Answer((capability.Components[0].Id, "UsesIt"), (capability.Components[1].Id, "UsesIt")));
        var keys = await ReviewKeysAsync(app, callId, person.Id);

        // Without a message the volunteer would not hear why: refused, nothing decided.
        using var silent = await admin.Http.PostAsJsonAsync($"/api/v1/calls/{callId}/review/decline", new { items = keys });
        Assert.Equal(HttpStatusCode.BadRequest, silent.StatusCode);

        // Declined through the review page, several at once.
        var fields = keys.Select(k => ("Input.Items", k)).Append(("Input.Message", "We need people who can explain it this round."))
            .Append(("Input.Decision", "decline")).ToArray();
        using var declined = await PeopleTestKit.PostPageFormAsync(admin, $"/admin/calls/{callId}/review", "decide", fields);
        Assert.Equal(HttpStatusCode.Redirect, declined.StatusCode);

        var decisions = await app.WithDbAsync(db => db.Set<VolunteeredComponent>().AsNoTracking()
            .Where(c => db.Set<Volunteering>().Any(v => v.Id == c.VolunteeringId && v.CallId == callId)).ToListAsync());
        Assert.All(decisions, d => Assert.Equal((VolunteerDecision.Declined, "We need people who can explain it this round."), (d.Decision, d.DecisionMessage)));
        var mail = Assert.Single(await PeopleTestKit.MailToAsync(app, person.Email), m => (m.Subject ?? "").StartsWith("About your offer", StringComparison.Ordinal));
        Assert.Contains("We need people who can explain it this round.", mail.TextBody, StringComparison.Ordinal);
        var notification = Assert.Single(await app.WithDbAsync(db => db.Set<Notification>().AsNoTracking()
            .Where(n => n.RecipientId == person.Id && n.Kind == CallNotifications.Declined).ToListAsync()));
        Assert.Equal($"/calls/{callId}", notification.Link);
        Assert.Equal(1, await app.WithDbAsync(db => db.Set<AuditEntry>().CountAsync(e => e.Action == AuditActions.VolunteerDeclined && e.ObjectId == callId.ToString())));
        Assert.False(await app.WithDbAsync(db => db.Set<ComponentChampion>().AnyAsync(c => c.PersonId == person.Id)));
    }

    [Fact]
    public async Task Approval_grants_the_role_and_starts_onboarding()
    {
        var capability = await app.CreateCapabilityAsync("Search", "Keywords", "Structured data");
        var (admin, adminPerson) = await app.SignedInAsync(Roles.Employee, Roles.LearningAdmin);
        var (volunteer, person) = await app.SignedInAsync();
        var callId = await SendCallAsync(app, admin, Draft(capability, await LocalDateAsync(app, 10)));
        using var answered = await AnswerAsync(volunteer, callId, Answer((capability.Components[0].Id, "CanTeachIt"), (capability.Components[1].Id, "UsesIt")));
        var keys = await ReviewKeysAsync(app, callId, person.Id);
        using var beforeApproval = await volunteer.GetAsync($"/api/v1/champions/{person.Id}/onboarding");
        Assert.Equal(HttpStatusCode.NotFound, beforeApproval.StatusCode);

        using var approved = await admin.Http.PostAsJsonAsync($"/api/v1/calls/{callId}/review/approve",
            new { items = keys.Where(k => k.EndsWith(capability.Components[0].Id.ToString("D"), StringComparison.Ordinal)), message = "Welcome!" });
        Assert.Equal(HttpStatusCode.OK, approved.StatusCode);

        var champion = await app.WithDbAsync(db => db.Set<ComponentChampion>().AsNoTracking().SingleAsync(c => c.PersonId == person.Id));
        Assert.Equal((capability.Components[0].Id, ExpertiseLevel.CanTeachIt, callId, adminPerson.Id),
            (champion.ComponentId, champion.Level, champion.CallId!.Value, champion.ApprovedById!.Value));
        Assert.True(await app.WithDbAsync(db => db.UserRoles.AnyAsync(r => r.UserId == person.Id && r.RoleId == GuildRoleConfiguration.Ids[Roles.Champion])));
        // The role came through People's own path: its audit entry and its notification.
        Assert.True(await app.WithDbAsync(db => db.Set<AuditEntry>().AnyAsync(e => e.Action == AuditActions.PersonRolesChanged && e.ObjectId == person.Id.ToString())));
        Assert.True(await app.WithDbAsync(db => db.Set<Notification>().AnyAsync(n => n.RecipientId == person.Id && n.Kind == AccountNotifications.RoleGranted)));

        // The new champion sees the checklist, nothing done yet; the admin sees it too, in the review queue.
        var checklist = await volunteer.GetJsonAsync<System.Text.Json.JsonElement>($"/api/v1/champions/{person.Id}/onboarding");
        Assert.Equal(3, checklist.GetProperty("steps").GetArrayLength());
        Assert.All(checklist.GetProperty("steps").EnumerateArray(), step => Assert.False(step.GetProperty("done").GetBoolean()));
        Assert.Contains("Complete your profile", await volunteer.GetPageAsync("/champion"), StringComparison.Ordinal);
        Assert.Contains("0 of 3 steps done", await admin.GetPageAsync($"/admin/calls/{callId}/review"), StringComparison.Ordinal);

        // It ticks itself: a skill and an "ask me about" topic complete the profile; a recorded step counts once.
        var skill = await app.CreateSkillAsync("Keyword research");
        await app.WithDbAsync(async db =>
        {
            db.Add(new PersonSkill { PersonId = person.Id, SkillId = skill, Level = ExpertiseLevel.CanTeachIt, UpdatedAt = app.Clock.GetUtcNow() });
            db.Add(new AskMeAboutTopic { PersonId = person.Id, Key = "seo", Text = "SEO" });
            await db.SaveChangesAsync();
        });
        await app.AsPersonAsync(person.Id, async services =>
        {
            var onboarding = services.GetRequiredService<ChampionOnboarding>();
            await onboarding.RecordAsync(person.Id, OnboardingStep.AnswerFirstQuestion, CancellationToken.None);
            await onboarding.RecordAsync(person.Id, OnboardingStep.AnswerFirstQuestion, CancellationToken.None);
            return true;
        });
        var after = await volunteer.GetJsonAsync<System.Text.Json.JsonElement>($"/api/v1/champions/{person.Id}/onboarding");
        Assert.Equal([true, false, true], after.GetProperty("steps").EnumerateArray().Select(s => s.GetProperty("done").GetBoolean()));

        // Someone else's checklist is not theirs to see.
        var (other, _) = await app.SignedInAsync();
        using var foreign = await other.GetAsync($"/api/v1/champions/{person.Id}/onboarding");
        Assert.Equal(HttpStatusCode.NotFound, foreign.StatusCode);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class CallReviewTestsOnSqlite(SqliteApp app) : CallReviewTests(app);

[Collection(PostgresCollection.Name)]
public sealed class CallReviewTestsOnPostgres(PostgresApp app) : CallReviewTests(app);
