using Guild.Web.Features.Expertise.Map;
using Guild.Web.Features.People;
using Guild.Web.Platform;
using Guild.Web.Platform.Audit;
using Guild.Web.Platform.Data;
using Guild.Web.Platform.Identity;
using Guild.Web.Platform.LearningRecords;
using Guild.Web.Platform.Mail;
using Guild.Web.Platform.Notifications;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Guild.Web.Features.Expertise.Calls;

/// <summary>One volunteer × component in the review queue.</summary>
/// <param name="VolunteeringId">The answer it belongs to.</param>
/// <param name="PersonId">The volunteer.</param>
/// <param name="PersonName">Their name.</param>
/// <param name="Department">Their department, if any.</param>
/// <param name="ComponentId">The component offered.</param>
/// <param name="ComponentName">Its name.</param>
/// <param name="Level">How well they know it.</param>
/// <param name="HoursPerMonth">Hours a month they can give.</param>
/// <param name="Formats">The formats they like.</param>
/// <param name="Note">What they added.</param>
/// <param name="Decision">Pending, Approved or Declined.</param>
/// <param name="DecisionMessage">The message sent with the decision.</param>
/// <param name="AnsweredAt">When they answered.</param>
public sealed record ReviewItem(Guid VolunteeringId, Guid PersonId, string PersonName, string? Department, Guid ComponentId, string ComponentName,
    ExpertiseLevel Level, int HoursPerMonth, IReadOnlyList<ContributionFormats> Formats, string? Note, VolunteerDecision Decision,
    string? DecisionMessage, DateTimeOffset AnsweredAt)
{
    /// <summary>The item's key in a decision: <c>{volunteeringId}:{componentId}</c>.</summary>
    public string Key => $"{VolunteeringId:D}:{ComponentId:D}";
}

/// <summary>The review queue of one call.</summary>
/// <param name="CallId">The call.</param>
/// <param name="Title">Its title.</param>
/// <param name="State">Draft, Open or Closed.</param>
/// <param name="Items">Every volunteer × component, pending first, then by name.</param>
/// <param name="Onboarding">The onboarding of each volunteer who is a champion now.</param>
public sealed record CallReviewQueue(Guid CallId, string Title, CallState State, IReadOnlyList<ReviewItem> Items, IReadOnlyList<OnboardingChecklist> Onboarding);

/// <summary>A decision about several volunteer × component items at once.</summary>
/// <param name="Items">Keys of the items, <c>{volunteeringId}:{componentId}</c> (from the queue).</param>
/// <param name="Message">Sent to each volunteer with the decision; required to decline (at most 2,000 characters).</param>
public sealed record ReviewDecision(IReadOnlyList<string>? Items, string? Message);

/// <summary>What a decision changed.</summary>
/// <param name="Decided">Items decided.</param>
/// <param name="People">Volunteers told.</param>
/// <param name="NewChampions">Volunteers who became Knowledge Champions (the role) by this decision.</param>
public sealed record ReviewOutcome(int Decided, int People, int NewChampions);

/// <summary>
/// The review of a call's volunteers, per component: approving makes the volunteer a champion of the component
/// (<see cref="ComponentChampion"/>, the Champion role through People's role granting, so audit and notification are
/// the same as anywhere) and starts their onboarding; declining sends the admin's message by mail and notification.
/// </summary>
public sealed class CallReview(
    GuildDb db,
    IDbContextFactory<GuildDb> contexts,
    CurrentPerson me,
    PersonAdministration people,
    Notifier notifier,
    Mailer mailer,
    CallMails mails,
    AuditLog audit,
    LearningRecorder recorder,
    TimeProvider clock,
    IStringLocalizer<CallsText> text)
{
    public async Task<Result<CallReviewQueue>> QueueAsync(Guid callId, CancellationToken cancellationToken)
    {
        await using var read = await contexts.CreateDbContextAsync(cancellationToken);
        var call = await read.Set<ChampionCall>().AsNoTracking().FirstOrDefaultAsync(c => c.Id == callId, cancellationToken);
        var refusal = await RefuseAsync<CallReviewQueue>(read, call, cancellationToken);
        if (refusal is not null)
        {
            return refusal;
        }
        var rows = await (from volunteering in read.Set<Volunteering>().AsNoTracking()
                          join offered in read.Set<VolunteeredComponent>() on volunteering.Id equals offered.VolunteeringId
                          join component in read.Set<KnowHowComponent>() on offered.ComponentId equals component.Id
                          join person in read.Set<Person>() on volunteering.PersonId equals person.Id
                          where volunteering.CallId == callId
                          select new
                          {
                              volunteering.Id, volunteering.PersonId, person.GivenName, person.FamilyName, person.SortKey,
                              Department = person.Department != null ? person.Department.Name : null,
                              offered.ComponentId, Component = component.Name, offered.Level, volunteering.HoursPerMonth, volunteering.Formats,
                              volunteering.Note, offered.Decision, offered.DecisionMessage, volunteering.AnsweredAt,
                          }).ToListAsync(cancellationToken);
        var items = rows
            .OrderBy(r => r.Decision == VolunteerDecision.Pending ? 0 : 1).ThenBy(r => r.SortKey, StringComparer.Ordinal).ThenBy(r => r.Component, StringComparer.CurrentCulture)
            .Select(r => new ReviewItem(r.Id, r.PersonId, $"{r.GivenName} {r.FamilyName}", r.Department, r.ComponentId, r.Component, r.Level,
                r.HoursPerMonth, CallFormats.Split(r.Formats), r.Note, r.Decision, r.DecisionMessage, r.AnsweredAt))
            .ToList();
        var approved = items.Where(i => i.Decision == VolunteerDecision.Approved).Select(i => i.PersonId).Distinct().ToList();
        var checklists = await ChampionOnboarding.ForPeopleAsync(read, approved, cancellationToken);
        return Result<CallReviewQueue>.Ok(new CallReviewQueue(call!.Id, call.Title, ChampionCalls.StateOf(call, clock.GetUtcNow()), items, checklists));
    }

    public Task<Result<ReviewOutcome>> ApproveAsync(Guid callId, ReviewDecision decision, CancellationToken cancellationToken) =>
        DecideAsync(callId, decision, approve: true, cancellationToken);

    public Task<Result<ReviewOutcome>> DeclineAsync(Guid callId, ReviewDecision decision, CancellationToken cancellationToken) =>
        DecideAsync(callId, decision, approve: false, cancellationToken);

    private async Task<Result<ReviewOutcome>> DecideAsync(Guid callId, ReviewDecision decision, bool approve, CancellationToken cancellationToken)
    {
        var call = await db.Set<ChampionCall>().AsNoTracking().FirstOrDefaultAsync(c => c.Id == callId, cancellationToken);
        var refusal = await RefuseAsync<ReviewOutcome>(db, call, cancellationToken);
        if (refusal is not null)
        {
            return refusal;
        }
        var keys = new List<(Guid VolunteeringId, Guid ComponentId)>();
        foreach (var key in decision.Items ?? [])
        {
            var parts = (key ?? "").Split(':');
            if (parts.Length != 2 || !Guid.TryParse(parts[0], out var volunteeringId) || !Guid.TryParse(parts[1], out var componentId))
            {
                return Result<ReviewOutcome>.Invalid("items", text["ReviewItemUnknown"]);
            }
            keys.Add((volunteeringId, componentId));
        }
        keys = keys.Distinct().ToList();
        if (keys.Count == 0)
        {
            return Result<ReviewOutcome>.Invalid("items", text["ReviewItemsRequired"]);
        }
        var message = string.IsNullOrWhiteSpace(decision.Message) ? null : decision.Message.Trim();
        if (message is { Length: > ChampionCalls.MaxNote })
        {
            return Result<ReviewOutcome>.Invalid("message", text["NoteTooLong", ChampionCalls.MaxNote]);
        }
        if (!approve && message is null)
        {
            return Result<ReviewOutcome>.Invalid("message", text["DeclineMessageRequired"]);
        }
        var volunteeringIds = keys.Select(k => k.VolunteeringId).Distinct().ToList();
        var candidates = await (from offered in db.Set<VolunteeredComponent>()
                                join volunteering in db.Set<Volunteering>() on offered.VolunteeringId equals volunteering.Id
                                where volunteering.CallId == callId && volunteeringIds.Contains(offered.VolunteeringId)
                                select new { Offered = offered, volunteering.PersonId }).ToListAsync(cancellationToken);
        var chosen = candidates.Where(c => keys.Contains((c.Offered.VolunteeringId, c.Offered.ComponentId))).ToList();
        if (chosen.Count != keys.Count)
        {
            return Result<ReviewOutcome>.Invalid("items", text["ReviewItemUnknown"]);
        }

        var now = clock.GetUtcNow();
        var componentIds = chosen.Select(c => c.Offered.ComponentId).Distinct().ToList();
        var componentNames = await db.Set<KnowHowComponent>().Where(c => componentIds.Contains(c.Id))
            .ToDictionaryAsync(c => c.Id, c => c.Name, cancellationToken);
        var personIds = chosen.Select(c => c.PersonId).Distinct().ToList();
        var persons = await (from person in db.Set<Person>().AsNoTracking()
                             join user in db.Users on person.Id equals user.Id
                             where personIds.Contains(person.Id)
                             select new { person.Id, user.Email, person.GivenName, person.FamilyName, user.PreferredLanguage })
            .ToDictionaryAsync(p => p.Id, cancellationToken);
        var champions = await db.Set<ComponentChampion>()
            .Where(c => personIds.Contains(c.PersonId) && componentIds.Contains(c.ComponentId)).ToListAsync(cancellationToken);
        var newChampions = 0;

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        foreach (var group in chosen.GroupBy(c => c.PersonId))
        {
            var person = persons[group.Key];
            var name = $"{person.GivenName} {person.FamilyName}";
            foreach (var item in group)
            {
                item.Offered.Decision = approve ? VolunteerDecision.Approved : VolunteerDecision.Declined;
                item.Offered.DecidedAt = now;
                item.Offered.DecidedById = me.Id;
                item.Offered.DecisionMessage = message;
                var champion = champions.FirstOrDefault(c => c.PersonId == group.Key && c.ComponentId == item.Offered.ComponentId);
                if (approve)
                {
                    if (champion is null)
                    {
                        champion = new ComponentChampion { PersonId = group.Key, ComponentId = item.Offered.ComponentId };
                        db.Add(champion);
                        champions.Add(champion);
                    }
                    if (champion.EndedAt is not null || champion.CallId != callId || db.Entry(champion).State == EntityState.Added)
                    {
                        champion.Since = now;
                    }
                    champion.EndedAt = null;
                    champion.Level = item.Offered.Level;
                    champion.CallId = callId;
                    champion.ApprovedById = me.Id;
                    await recorder.AddAsync(db, new LearningAct(new LearningActor(group.Key, name), LearningVerbs.Joined,
                        ChampionsOf(item.Offered.ComponentId, componentNames[item.Offered.ComponentId])) { At = now }, cancellationToken);
                }
                else if (champion is { EndedAt: null } && champion.CallId == callId)
                {
                    // Declined after all: the championship this call gave ends (its history stays).
                    champion.EndedAt = now;
                }
            }
            var names = string.Join(", ", group.Select(i => componentNames[i.Offered.ComponentId]));
            if (approve)
            {
                if (await people.GrantRoleAsync(group.Key, Roles.Champion, "champion-call", cancellationToken))
                {
                    newChampions++;
                }
                await notifier.NotifyAsync([group.Key], new NotificationEvent(CallNotifications.Approved, CallNotifications.SubjectOf(callId),
                    call!.Title, "/champion", me.DisplayName), cancellationToken);
            }
            else
            {
                mailer.Queue(await mails.DeclinedAsync(call!, person.PreferredLanguage, person.Email, name, names, message, cancellationToken));
                await notifier.NotifyAsync([group.Key], new NotificationEvent(CallNotifications.Declined, CallNotifications.SubjectOf(callId),
                    call!.Title, $"/calls/{callId}", me.DisplayName), cancellationToken);
            }
            audit.Record(approve ? AuditActions.VolunteerApproved : AuditActions.VolunteerDeclined, AuditObjectTypes.ChampionCall, callId.ToString(),
                call!.Title, new { Volunteer = name, Components = names, Message = message });
        }
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return Result<ReviewOutcome>.Ok(new ReviewOutcome(chosen.Count, personIds.Count, newChampions));
    }

    /// <summary>The champions of a component as a community the approved volunteer joins (the learning record).</summary>
    internal static LearningActivity ChampionsOf(Guid componentId, string componentName) =>
        new($"know-how/components/{componentId:D}/champions", LearningActivityTypes.Community,
            new LocalizedText("Knowledge Champions of {0}", "Kenniskampioenen van {0}").Format(componentName));

    /// <summary>Not found for those who may not read the call, forbidden for readers who may not review it.</summary>
    private async Task<Result<T>?> RefuseAsync<T>(GuildDb read, ChampionCall? call, CancellationToken cancellationToken)
    {
        if (call is null || !me.IsSignedIn)
        {
            return Result<T>.NotFound();
        }
        var personId = me.Id;
        var access = new ChampionCallAccess(call, await read.Set<CallRecipient>().AnyAsync(r => r.CallId == call.Id && r.PersonId == personId, cancellationToken));
        if (!await me.CanAsync(access, ChampionCallOperations.Read))
        {
            return Result<T>.NotFound();
        }
        if (!await me.CanAsync(access, ChampionCallOperations.Review))
        {
            return call.SentAt is null && await me.CanAsync(access, ChampionCallOperations.Manage) ? Result<T>.Conflict(text["NotSentYet"]) : Result<T>.Forbidden();
        }
        return null;
    }
}
