using Guild.Web.Features.Expertise.Map;
using Guild.Web.Features.Expertise.Profiles;
using Guild.Web.Features.People;
using Guild.Web.Platform;
using Guild.Web.Platform.Data;
using Guild.Web.Platform.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Guild.Web.Features.Expertise.Calls;

/// <summary>One step of the checklist.</summary>
/// <param name="Step">CompleteProfile, PublishFirstResource or AnswerFirstQuestion.</param>
/// <param name="Done">Whether it happened.</param>
/// <param name="DoneAt">When, if Guild knows (a completed profile ticks itself and has no moment).</param>
public sealed record OnboardingStepView(OnboardingStep Step, bool Done, DateTimeOffset? DoneAt);

/// <summary>A new champion's onboarding checklist.</summary>
/// <param name="PersonId">The champion.</param>
/// <param name="Name">Their name.</param>
/// <param name="StartedAt">When they first became a champion of a component.</param>
/// <param name="Components">The components they champion now.</param>
/// <param name="Steps">The three steps in order.</param>
public sealed record OnboardingChecklist(Guid PersonId, string Name, DateTimeOffset StartedAt, IReadOnlyList<string> Components,
    IReadOnlyList<OnboardingStepView> Steps)
{
    /// <summary>Steps done.</summary>
    public int DoneCount => Steps.Count(s => s.Done);
}

/// <summary>Who may see someone's onboarding: the champion and L&amp;D admins.</summary>
public static class OnboardingOperations
{
    public static readonly OperationAuthorizationRequirement Read = ResourceAuthorization.Operation("onboarding.read");
}

internal sealed class OnboardingRule : AuthorizationHandler<OperationAuthorizationRequirement, OnboardingChecklist>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, OperationAuthorizationRequirement requirement,
        OnboardingChecklist resource)
    {
        if (requirement.Name == OnboardingOperations.Read.Name
            && (CurrentPerson.IdOf(context.User) == resource.PersonId || context.User.IsInRole(Roles.LearningAdmin)))
        {
            context.Succeed(requirement);
        }
        return Task.CompletedTask;
    }
}

/// <summary>
/// A new Knowledge Champion's first steps: complete your profile, publish your first resource, answer your first
/// question. The checklist starts when someone first becomes a champion of a component and ticks itself: the profile
/// step is read from the profile (a skill and an "ask me about" topic), and other features call
/// <see cref="RecordAsync"/> when a champion publishes or answers (the library and asks).
/// </summary>
public sealed class ChampionOnboarding(GuildDb db, IDbContextFactory<GuildDb> contexts, CurrentPerson me, TimeProvider clock)
{
    public static readonly OnboardingStep[] Steps = [OnboardingStep.CompleteProfile, OnboardingStep.PublishFirstResource, OnboardingStep.AnswerFirstQuestion];

    /// <summary>
    /// Notes that <paramref name="personId"/> did <paramref name="step"/>; doing it again changes nothing. Joins the
    /// caller's unit of work and saves it.
    /// </summary>
    public async Task RecordAsync(Guid personId, OnboardingStep step, CancellationToken cancellationToken)
    {
        if (db.ChangeTracker.Entries<OnboardingMilestone>().Any(e => e.Entity.PersonId == personId && e.Entity.Step == step)
            || await db.Set<OnboardingMilestone>().AnyAsync(m => m.PersonId == personId && m.Step == step, cancellationToken))
        {
            return;
        }
        var milestone = new OnboardingMilestone { PersonId = personId, Step = step, At = clock.GetUtcNow() };
        db.Add(milestone);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            if (!await AlreadyRecordedAsync(personId, step, cancellationToken))
            {
                throw;
            }
            // Recorded by a request that ran at the same moment: the same fact.
            db.Entry(milestone).State = EntityState.Detached;
            await db.SaveChangesAsync(cancellationToken);
        }
    }

    private async Task<bool> AlreadyRecordedAsync(Guid personId, OnboardingStep step, CancellationToken cancellationToken)
    {
        await using var read = await contexts.CreateDbContextAsync(cancellationToken);
        return await read.Set<OnboardingMilestone>().AnyAsync(m => m.PersonId == personId && m.Step == step, cancellationToken);
    }

    /// <summary>Someone's checklist; NotFound when they champion nothing (or the reader may not see it).</summary>
    public async Task<Result<OnboardingChecklist>> GetAsync(Guid personId, CancellationToken cancellationToken)
    {
        if (!me.IsSignedIn)
        {
            return Result<OnboardingChecklist>.NotFound();
        }
        await using var read = await contexts.CreateDbContextAsync(cancellationToken);
        var found = await ForPeopleAsync(read, [personId], cancellationToken);
        var checklist = found.Count > 0 ? found[0] : null;
        if (checklist is null || !await me.CanAsync(checklist, OnboardingOperations.Read))
        {
            return Result<OnboardingChecklist>.NotFound();
        }
        return Result<OnboardingChecklist>.Ok(checklist);
    }

    /// <summary>The checklists of those of <paramref name="personIds"/> who champion a component now, in two queries.</summary>
    internal static async Task<IReadOnlyList<OnboardingChecklist>> ForPeopleAsync(GuildDb read, IReadOnlyList<Guid> personIds, CancellationToken cancellationToken)
    {
        if (personIds.Count == 0)
        {
            return [];
        }
        var people = await read.Set<Person>().AsNoTracking()
            .Where(p => personIds.Contains(p.Id) && read.Set<ComponentChampion>().Any(c => c.PersonId == p.Id && c.EndedAt == null))
            .Select(p => new
            {
                p.Id, p.GivenName, p.FamilyName, p.SortKey,
                StartedAt = read.Set<ComponentChampion>().Where(c => c.PersonId == p.Id).Min(c => c.Since),
                ProfileComplete = read.Set<PersonSkill>().Any(s => s.PersonId == p.Id) && read.Set<AskMeAboutTopic>().Any(t => t.PersonId == p.Id),
            }).ToListAsync(cancellationToken);
        var ids = people.Select(p => p.Id).ToList();
        var components = await (from champion in read.Set<ComponentChampion>().AsNoTracking()
                                join component in read.Set<KnowHowComponent>() on champion.ComponentId equals component.Id
                                where ids.Contains(champion.PersonId) && champion.EndedAt == null
                                select new { champion.PersonId, component.Name }).ToListAsync(cancellationToken);
        var milestones = await read.Set<OnboardingMilestone>().AsNoTracking().Where(m => ids.Contains(m.PersonId)).ToListAsync(cancellationToken);
        return people.OrderBy(p => p.SortKey, StringComparer.Ordinal).Select(p => new OnboardingChecklist(p.Id, $"{p.GivenName} {p.FamilyName}", p.StartedAt,
            components.Where(c => c.PersonId == p.Id).Select(c => c.Name).Order(StringComparer.CurrentCulture).ToList(),
            Steps.Select(step =>
            {
                var at = milestones.FirstOrDefault(m => m.PersonId == p.Id && m.Step == step)?.At;
                var done = at is not null || (step == OnboardingStep.CompleteProfile && p.ProfileComplete);
                return new OnboardingStepView(step, done, at);
            }).ToList())).ToList();
    }
}
