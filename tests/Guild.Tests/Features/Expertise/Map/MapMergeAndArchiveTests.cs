using System.Net;
using System.Net.Http.Json;
using Guild.Tests.Infrastructure;
using Guild.Web.Features.Expertise.Calls;
using Guild.Web.Features.Expertise.Map;
using Guild.Web.Features.Expertise.Profiles;
using Guild.Web.Platform.Audit;
using Guild.Web.Platform.Identity;
using Microsoft.EntityFrameworkCore;
using static Guild.Tests.Features.Expertise.Map.MapTestKit;

namespace Guild.Tests.Features.Expertise.Map;

public abstract class MapMergeAndArchiveTests(GuildApp app)
{
    [Fact]
    public async Task Merging_keeps_champions_with_the_earlier_start_the_skills_the_calls_and_the_children()
    {
        var t = Tag();
        var (admin, adminPerson) = await app.SignedInAsync(Roles.Employee, Roles.LearningAdmin);
        var capability = await admin.CreateCapabilityAsync($"Merge {t}");
        var shortVideo = await admin.CreateComponentAsync(capability.Id, "Short video", skills: ["Video editing " + t, "Storyboarding " + t]);
        var clips = await admin.CreateComponentAsync(capability.Id, "Clips", skills: ["Video editing " + t, "Subtitles " + t]);
        var captions = await admin.CreateComponentAsync(capability.Id, "Captions", clips.Id);
        var both = await app.CreatePersonAsync("Both", "Champion " + t);
        var onlyClips = await app.CreatePersonAsync("Only", "Clips " + t);
        var endorser = await app.CreatePersonAsync("Endorsing", "Colleague " + t);
        var subtitles = clips.Skills.Single(s => s.Name.StartsWith("Subtitles", StringComparison.Ordinal)).Id;

        // "Both" championed clips first (earlier), then short video; a call asked about clips.
        var start = app.Clock.GetUtcNow();
        await app.WithDbAsync(async db =>
        {
            db.Add(new ComponentChampion { PersonId = both.Id, ComponentId = clips.Id, Level = ExpertiseLevel.CanExplainIt, Since = start.AddDays(-30) });
            db.Add(new ComponentChampion { PersonId = both.Id, ComponentId = shortVideo.Id, Level = ExpertiseLevel.CanTeachIt, Since = start.AddDays(-2) });
            db.Add(new ComponentChampion { PersonId = onlyClips.Id, ComponentId = clips.Id, Level = ExpertiseLevel.UsesIt, Since = start.AddDays(-5) });
            var call = new ChampionCall
            {
                Id = Guid.CreateVersion7(), Title = "Call " + t, Message = "Who shares?", CapabilityId = capability.Id, ClosesAt = start.AddDays(14),
                CreatedById = adminPerson.Id, CreatedAt = start, UpdatedAt = start,
            };
            db.Add(call);
            db.Add(new CallComponent { CallId = call.Id, ComponentId = clips.Id });
            db.Add(new CallComponent { CallId = call.Id, ComponentId = shortVideo.Id });
            db.Add(new Endorsement { EndorserId = endorser.Id, PersonId = onlyClips.Id, SkillId = subtitles, CreatedAt = start });
            await db.SaveChangesAsync();
        });

        using var response = await admin.Http.PostAsJsonAsync($"/api/v1/components/{clips.Id}/merge", new ComponentMergeRequest(shortVideo.Id));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var outcome = (await response.Content.ReadFromJsonAsync<ComponentMergeOutcome>())!;
        Assert.Equal(2, outcome.Champions);
        Assert.Equal(1, outcome.Children);
        var champions = await app.WithDbAsync(db => db.Set<ComponentChampion>().AsNoTracking()
            .Where(c => c.PersonId == both.Id || c.PersonId == onlyClips.Id).ToListAsync());
        Assert.All(champions, c => Assert.Equal(shortVideo.Id, c.ComponentId));
        var kept = Assert.Single(champions, c => c.PersonId == both.Id);
        Assert.Equal(start.AddDays(-30), kept.Since);
        Assert.Equal(ExpertiseLevel.CanTeachIt, kept.Level);
        Assert.Single(champions, c => c.PersonId == onlyClips.Id);

        var map = await admin.MapOfAsync(capability.Id, includeArchived: true);
        var survivor = map.Components.Single(c => c.Id == shortVideo.Id);
        // The endorsed skill now belongs to the survivor too, so the endorsement still counts for it.
        Assert.Equal(["Storyboarding " + t, "Subtitles " + t, "Video editing " + t], survivor.Skills.Select(s => s.Name).Order(StringComparer.Ordinal));
        Assert.Equal(captions.Id, Assert.Single(survivor.Children).Id);
        Assert.Equal(2, survivor.Children[0].Depth);
        var merged = map.Components.Single(c => c.Id == clips.Id);
        Assert.NotNull(merged.ArchivedAt);
        Assert.Equal(shortVideo.Id, merged.MergedIntoId);
        var callComponents = await app.WithDbAsync(db => db.Set<CallComponent>().AsNoTracking()
            .Where(c => c.ComponentId == clips.Id || c.ComponentId == shortVideo.Id).Select(c => c.ComponentId).ToListAsync());
        Assert.Equal([shortVideo.Id], callComponents);
        Assert.True(await app.WithDbAsync(db => db.Set<Endorsement>().AnyAsync(e => e.PersonId == onlyClips.Id && e.SkillId == subtitles)));
        Assert.True(await app.WithDbAsync(db => db.Set<AuditEntry>().AnyAsync(e => e.Action == AuditActions.ComponentMerged && e.ObjectId == clips.Id.ToString())));

        // The merged one can no longer be changed.
        using var again = await admin.Http.PostAsJsonAsync($"/api/v1/components/{clips.Id}/merge", new ComponentMergeRequest(shortVideo.Id));
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
    }

    [Fact]
    public async Task Archived_components_vanish_from_the_live_components_but_keep_their_rows()
    {
        var t = Tag();
        var (admin, _) = await app.SignedInAsync(Roles.Employee, Roles.LearningAdmin);
        var capability = await admin.CreateCapabilityAsync($"Archive {t}");
        var podcasting = await admin.CreateComponentAsync(capability.Id, "Podcasting");
        var interviews = await admin.CreateComponentAsync(capability.Id, "Interviews", podcasting.Id);
        var social = await admin.CreateComponentAsync(capability.Id, "Social media");
        var champion = await app.CreatePersonAsync("Pod", "Caster " + t);
        await app.MakeChampionAsync(champion.Id, interviews.Id);

        using var response = await admin.Http.PostAsync($"/api/v1/components/{podcasting.Id}/archive", null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var (employee, _) = await app.SignedInAsync(Roles.Employee);
        var live = (await employee.Http.GetFromJsonAsync<List<LiveComponent>>($"/api/v1/capabilities/{capability.Id}/components/live"))!;
        Assert.Equal([social.Id], live.Select(c => c.Id));
        var service = await app.AsPersonAsync(champion.Id, services => services.GetRequiredService<KnowHowMap>().LiveComponentsAsync(capability.Id, CancellationToken.None));
        Assert.Equal([social.Id], service.Select(c => c.Id));
        Assert.DoesNotContain("Podcasting", WebUtility.HtmlDecode(await employee.GetPageAsync($"/map/{capability.Id}")), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await employee.GetAsync($"/api/v1/components/{podcasting.Id}")).StatusCode);

        // History stays: the rows, the champion of the sub-component, and the admin still sees them as archived.
        var rows = await app.WithDbAsync(db => db.Set<KnowHowComponent>().AsNoTracking().Where(c => c.CapabilityId == capability.Id).ToListAsync());
        Assert.Equal(3, rows.Count);
        Assert.NotNull(rows.Single(c => c.Id == interviews.Id).ArchivedAt);
        Assert.True(await app.WithDbAsync(db => db.Set<ComponentChampion>().AnyAsync(c => c.ComponentId == interviews.Id && c.PersonId == champion.Id)));
        var adminView = await admin.MapOfAsync(capability.Id, includeArchived: true);
        Assert.NotNull(adminView.Components.Single(c => c.Id == podcasting.Id).ArchivedAt);

        // A new component may take the archived one's name.
        await admin.CreateComponentAsync(capability.Id, "Podcasting");

        // An archived capability takes all its components out of the live list.
        using var archived = await admin.Http.PostAsync($"/api/v1/capabilities/{capability.Id}/archive", null);
        Assert.Equal(HttpStatusCode.OK, archived.StatusCode);
        Assert.Empty(await app.AsPersonAsync(champion.Id, services => services.GetRequiredService<KnowHowMap>().LiveComponentsAsync(capability.Id, CancellationToken.None)));
        Assert.Equal(HttpStatusCode.NotFound, (await employee.GetAsync($"/map/{capability.Id}")).StatusCode);
    }

    [Fact]
    public async Task Archive_and_merge_on_the_page_ask_for_confirmation_first()
    {
        var t = Tag();
        var (admin, _) = await app.SignedInAsync(Roles.Employee, Roles.LearningAdmin);
        var capability = await admin.CreateCapabilityAsync($"Confirm {t}");
        var blog = await admin.CreateComponentAsync(capability.Id, "Blogging");
        var articles = await admin.CreateComponentAsync(capability.Id, "Articles");
        var page = $"/admin/map/components/{blog.Id}";

        using (var ask = await admin.PostFormAsync(page, page, new Dictionary<string, string> { ["_handler"] = "archive" }))
        {
            Assert.Equal(HttpStatusCode.OK, ask.StatusCode);
            Assert.Contains("Yes, archive", await ask.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        using (var askMerge = await admin.PostFormAsync(page, page, new Dictionary<string, string> { ["_handler"] = "merge", ["MergeInto"] = articles.Id.ToString() }))
        {
            Assert.Equal(HttpStatusCode.OK, askMerge.StatusCode);
            Assert.Contains("Yes, merge", await askMerge.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        Assert.Null((await admin.MapOfAsync(capability.Id)).Components.Single(c => c.Id == blog.Id).ArchivedAt);

        using var confirmed = await admin.PostFormAsync(page, page, new Dictionary<string, string>
        {
            ["_handler"] = "merge", ["MergeInto"] = articles.Id.ToString(), ["ConfirmMerge"] = "true",
        });
        Assert.Equal(HttpStatusCode.Redirect, confirmed.StatusCode);
        var merged = await app.WithDbAsync(db => db.Set<KnowHowComponent>().AsNoTracking().SingleAsync(c => c.Id == blog.Id));
        Assert.Equal(articles.Id, merged.MergedIntoId);
        Assert.NotNull(merged.ArchivedAt);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class MapMergeAndArchiveTestsOnSqlite(SqliteApp app) : MapMergeAndArchiveTests(app);

[Collection(PostgresCollection.Name)]
public sealed class MapMergeAndArchiveTestsOnPostgres(PostgresApp app) : MapMergeAndArchiveTests(app);
