using Guild.Web.Features.Expertise.Map;
using Guild.Web.Features.People;
using Guild.Web.Platform;
using Guild.Web.Platform.Audit;
using Guild.Web.Platform.Data;
using Guild.Web.Platform.Identity;
using Guild.Web.Platform.Jobs;
using Guild.Web.Platform.LearningRecords;
using Guild.Web.Platform.Organisation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Guild.Web.Features.Expertise.Calls;

/// <summary>
/// The call for Knowledge Champions: an L&amp;D admin writes a draft, sends it (recipients are fixed then, and each
/// hears of it by mail and in the app) and may close it early; recipients answer or dismiss it. Every check of who may
/// do what is <see cref="ChampionCallRule"/>'s; reads made while rendering use a pooled context of their own.
/// </summary>
public sealed class ChampionCalls(
    GuildDb db,
    IDbContextFactory<GuildDb> contexts,
    CurrentPerson me,
    AuditLog audit,
    JobQueue jobs,
    LearningRecorder recorder,
    OrganisationProfile organisation,
    CallBannerCache banners,
    TimeProvider clock,
    IStringLocalizer<CallsText> text)
{
    public const int MaxTitle = 200;
    public const int MaxMessage = 20_000;
    public const int MaxNote = 2000;
    public const int MaxHours = 160;

    /// <summary>Open: sent, not closed early, and its closing moment not passed.</summary>
    public static bool IsOpen(ChampionCall call, DateTimeOffset now) => call.SentAt is not null && call.ClosedAt is null && now < call.ClosesAt;

    public static CallState StateOf(ChampionCall call, DateTimeOffset now) =>
        call.SentAt is null ? CallState.Draft : IsOpen(call, now) ? CallState.Open : CallState.Closed;

    /// <summary>Every call, newest first, with its counts (admins only).</summary>
    public async Task<Result<IReadOnlyList<CallSummary>>> ListAsync(CancellationToken cancellationToken)
    {
        if (!me.IsSignedIn || !await me.CanAsync(new ChampionCallAccess(NewCallTemplate(), false), ChampionCallOperations.Manage))
        {
            return Result<IReadOnlyList<CallSummary>>.Forbidden();
        }
        await using var read = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = await (from call in read.Set<ChampionCall>()
                          join capability in read.Set<Capability>() on call.CapabilityId equals capability.Id
                          orderby call.CreatedAt descending
                          select new
                          {
                              Call = call,
                              Capability = capability.Name,
                              Recipients = read.Set<CallRecipient>().Count(r => r.CallId == call.Id),
                              Volunteers = read.Set<Volunteering>().Count(v => v.CallId == call.Id),
                              Pending = (from v in read.Set<Volunteering>()
                                         join c in read.Set<VolunteeredComponent>() on v.Id equals c.VolunteeringId
                                         where v.CallId == call.Id && c.Decision == VolunteerDecision.Pending
                                         select c).Count(),
                          }).AsNoTracking().ToListAsync(cancellationToken);
        var now = clock.GetUtcNow();
        return Result<IReadOnlyList<CallSummary>>.Ok(rows.Select(r => new CallSummary(r.Call.Id, r.Call.Title, r.Capability, StateOf(r.Call, now),
            r.Call.ClosesAt, r.Call.SentAt, r.Recipients, r.Volunteers, r.Pending)).ToList());
    }

    /// <summary>A call as the reader may see it; NotFound for anyone who may not read it.</summary>
    public async Task<Result<CallDetails>> GetAsync(Guid id, CancellationToken cancellationToken)
    {
        if (!me.IsSignedIn)
        {
            return Result<CallDetails>.NotFound();
        }
        await using var read = await contexts.CreateDbContextAsync(cancellationToken);
        return await DetailsAsync(read, id, cancellationToken);
    }

    private async Task<Result<CallDetails>> DetailsAsync(GuildDb read, Guid id, CancellationToken cancellationToken)
    {
        var personId = me.Id;
        var found = await (from call in read.Set<ChampionCall>().AsNoTracking()
                           where call.Id == id
                           join capability in read.Set<Capability>() on call.CapabilityId equals capability.Id
                           select new
                           {
                               Call = call,
                               Capability = capability.Name,
                               Recipient = read.Set<CallRecipient>().FirstOrDefault(r => r.CallId == call.Id && r.PersonId == personId),
                               Components = (from cc in read.Set<CallComponent>()
                                             join component in read.Set<KnowHowComponent>() on cc.ComponentId equals component.Id
                                             where cc.CallId == call.Id
                                             orderby component.Depth, component.Position
                                             select new { component.Id, component.Name, component.Depth, component.ParentId, component.Position, component.ArchivedAt })
                                   .ToList(),
                               Units = (from cu in read.Set<CallOrgUnit>()
                                        join unit in read.Set<OrgUnit>() on cu.OrgUnitId equals unit.Id
                                        where cu.CallId == call.Id
                                        select new CallOrgUnitView(unit.Id, unit.Name, unit.Kind)).ToList(),
                               Answer = read.Set<Volunteering>().FirstOrDefault(v => v.CallId == call.Id && v.PersonId == personId),
                               Offered = (from v in read.Set<Volunteering>()
                                          join c in read.Set<VolunteeredComponent>() on v.Id equals c.VolunteeringId
                                          where v.CallId == call.Id && v.PersonId == personId
                                          select new AnsweredComponent(c.ComponentId, c.Level, c.Decision)).ToList(),
                           }).AsSplitQuery().FirstOrDefaultAsync(cancellationToken);
        if (found is null)
        {
            return Result<CallDetails>.NotFound();
        }
        var access = new ChampionCallAccess(found.Call, found.Recipient is not null);
        if (!await me.CanAsync(access, ChampionCallOperations.Read))
        {
            return Result<CallDetails>.NotFound();
        }
        var canManage = await me.CanAsync(access, ChampionCallOperations.Manage);
        var canAnswer = await me.CanAsync(access, ChampionCallOperations.Answer);
        var components = MapOrder(found.Components.Select(c => (c.Id, c.ParentId, c.Position, View: new CallComponentView(c.Id, c.Name, c.Depth, c.ArchivedAt is not null))))
            // Archived components are no longer offered; admins still see what the call asked.
            .Where(c => canManage || !c.Archived)
            .ToList();
        var answer = found.Answer is { } v
            ? new CallAnswerView(v.HoursPerMonth, CallFormats.Split(v.Formats), v.Note, found.Offered, v.AnsweredAt, v.UpdatedAt)
            : null;
        var c0 = found.Call;
        return Result<CallDetails>.Ok(new CallDetails(c0.Id, c0.Title, c0.Message, c0.CapabilityId, found.Capability,
            c0.Audience == CallAudience.WholeOrganisation, found.Units.OrderBy(u => u.Kind).ThenBy(u => u.Name, StringComparer.CurrentCulture).ToList(),
            components, c0.ClosesAt, c0.SentAt, c0.ClosedAt, StateOf(c0, clock.GetUtcNow()), found.Recipient is not null,
            found.Recipient?.DismissedAt is not null, canAnswer, canManage, answer));
    }

    /// <summary>Components in map order: each parent followed by its children.</summary>
    internal static IEnumerable<T> MapOrder<T>(IEnumerable<(Guid Id, Guid? ParentId, int Position, T View)> components)
    {
        var all = components.ToList();
        var ids = all.Select(c => c.Id).ToHashSet();
        var byParent = all.ToLookup(c => c.ParentId is { } parent && ids.Contains(parent) ? parent : (Guid?)null);
        IEnumerable<T> Walk(Guid? parent) => byParent[parent].OrderBy(c => c.Position).SelectMany(c => Walk(c.Id).Prepend(c.View));
        return Walk(null);
    }

    /// <summary>The capabilities a call can be about: live ones with their live components (for the call form).</summary>
    public async Task<IReadOnlyList<CallCapabilityChoice>> CapabilityChoicesAsync(CancellationToken cancellationToken)
    {
        await using var read = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = await (from component in read.Set<KnowHowComponent>().AsNoTracking()
                          join capability in read.Set<Capability>() on component.CapabilityId equals capability.Id
                          where component.ArchivedAt == null && capability.ArchivedAt == null
                          select new { CapabilityId = capability.Id, Capability = capability.Name, CapabilityPosition = capability.Position,
                              component.Id, component.Name, component.Depth, component.ParentId, component.Position })
            .ToListAsync(cancellationToken);
        return rows.GroupBy(r => (r.CapabilityId, r.Capability, r.CapabilityPosition))
            .OrderBy(g => g.Key.CapabilityPosition).ThenBy(g => g.Key.Capability, StringComparer.CurrentCulture)
            .Select(g => new CallCapabilityChoice(g.Key.CapabilityId, g.Key.Capability,
                MapOrder(g.Select(r => (r.Id, r.ParentId, r.Position, View: new CallComponentView(r.Id, r.Name, r.Depth, false)))).ToList()))
            .ToList();
    }

    /// <summary>The calls waiting for the reader's answer, soonest closing first (the banner).</summary>
    public Task<IReadOnlyList<OpenCallNotice>> OpenForMeAsync(CancellationToken cancellationToken) =>
        me.IdOrNull is { } personId ? banners.GetAsync(personId, cancellationToken) : Task.FromResult<IReadOnlyList<OpenCallNotice>>([]);

    public async Task<Result<CallDetails>> CreateAsync(CallDraft draft, CancellationToken cancellationToken)
    {
        if (!await me.CanAsync(new ChampionCallAccess(NewCallTemplate(), false), ChampionCallOperations.Manage))
        {
            return Result<CallDetails>.Forbidden();
        }
        var checkedDraft = await CheckAsync(draft, cancellationToken);
        if (checkedDraft.Errors is { } errors)
        {
            return Result<CallDetails>.Invalid(errors);
        }
        var now = clock.GetUtcNow();
        var call = new ChampionCall
        {
            Id = Guid.CreateVersion7(),
            Title = checkedDraft.Title,
            Message = checkedDraft.Message,
            CapabilityId = checkedDraft.CapabilityId,
            CreatedById = me.Id,
            CreatedAt = now,
        };
        Apply(call, checkedDraft, now);
        db.Add(call);
        await db.SaveChangesAsync(cancellationToken);
        return await DetailsAsync(db, call.Id, cancellationToken);
    }

    /// <summary>Changes a draft; a sent call is what its recipients received and stays so (Conflict).</summary>
    public async Task<Result<CallDetails>> UpdateAsync(Guid id, CallDraft draft, CancellationToken cancellationToken)
    {
        var (call, refusal) = await LoadForAsync(id, ChampionCallOperations.Manage, cancellationToken);
        if (call is null)
        {
            return refusal!;
        }
        if (call.SentAt is not null)
        {
            return Result<CallDetails>.Conflict(text["AlreadySent"]);
        }
        var checkedDraft = await CheckAsync(draft, cancellationToken);
        if (checkedDraft.Errors is { } errors)
        {
            return Result<CallDetails>.Invalid(errors);
        }
        call.Title = checkedDraft.Title;
        call.Message = checkedDraft.Message;
        call.CapabilityId = checkedDraft.CapabilityId;
        await db.Set<CallComponent>().Where(c => c.CallId == id).ExecuteDeleteAsync(cancellationToken);
        await db.Set<CallOrgUnit>().Where(c => c.CallId == id).ExecuteDeleteAsync(cancellationToken);
        Apply(call, checkedDraft, clock.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);
        return await DetailsAsync(db, call.Id, cancellationToken);
    }

    private void Apply(ChampionCall call, CheckedDraft draft, DateTimeOffset now)
    {
        call.Audience = draft.WholeOrganisation ? CallAudience.WholeOrganisation : CallAudience.OrgUnits;
        call.ClosesAt = draft.ClosesAt;
        call.UpdatedAt = now;
        db.AddRange(draft.ComponentIds.Select(c => new CallComponent { CallId = call.Id, ComponentId = c }));
        db.AddRange(draft.OrgUnitIds.Select(u => new CallOrgUnit { CallId = call.Id, OrgUnitId = u }));
    }

    private sealed record CheckedDraft(string Title, string Message, Guid CapabilityId, IReadOnlyList<Guid> ComponentIds, bool WholeOrganisation,
        IReadOnlyList<Guid> OrgUnitIds, DateTimeOffset ClosesAt, Dictionary<string, string[]>? Errors);

    /// <summary>Every field checked before anything changes; one bad field refuses the whole draft.</summary>
    private async Task<CheckedDraft> CheckAsync(CallDraft draft, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, List<string>>();
        void Error(string field, string message)
        {
            if (!errors.TryGetValue(field, out var list))
            {
                errors[field] = list = [];
            }
            list.Add(message);
        }
        var title = draft.Title?.Trim() ?? "";
        if (title.Length == 0)
        {
            Error("title", text["TitleRequired"]);
        }
        else if (title.Length > MaxTitle)
        {
            Error("title", text["TitleTooLong", MaxTitle]);
        }
        var message = draft.Message?.Trim() ?? "";
        if (message.Length == 0)
        {
            Error("message", text["MessageRequired"]);
        }
        else if (message.Length > MaxMessage)
        {
            Error("message", text["MessageTooLong", MaxMessage]);
        }
        var componentIds = (draft.ComponentIds ?? []).Distinct().ToList();
        if (draft.CapabilityId is not { } capabilityId)
        {
            Error("capabilityId", text["CapabilityRequired"]);
            capabilityId = Guid.Empty;
        }
        else if (!await db.Set<Capability>().AnyAsync(c => c.Id == capabilityId && c.ArchivedAt == null, cancellationToken))
        {
            Error("capabilityId", text["CapabilityUnknown"]);
        }
        else if (componentIds.Count == 0)
        {
            Error("componentIds", text["ComponentsRequired"]);
        }
        else
        {
            var live = await db.Set<KnowHowComponent>()
                .Where(c => componentIds.Contains(c.Id) && c.CapabilityId == capabilityId && c.ArchivedAt == null)
                .CountAsync(cancellationToken);
            if (live != componentIds.Count)
            {
                Error("componentIds", text["ComponentsNotOfCapability"]);
            }
        }
        var unitIds = draft.WholeOrganisation ? [] : (draft.OrgUnitIds ?? []).Distinct().ToList();
        if (!draft.WholeOrganisation)
        {
            if (unitIds.Count == 0)
            {
                Error("orgUnitIds", text["AudienceRequired"]);
            }
            else if (await db.Set<OrgUnit>().CountAsync(u => unitIds.Contains(u.Id), cancellationToken) != unitIds.Count)
            {
                Error("orgUnitIds", text["AudienceUnknown"]);
            }
        }
        var closesAt = DateTimeOffset.MinValue;
        if (draft.ClosesOn is not { } closesOn)
        {
            Error("closesOn", text["ClosesOnRequired"]);
        }
        else
        {
            closesAt = EndOfDay(await organisation.GetAsync(cancellationToken), closesOn);
            if (closesAt <= clock.GetUtcNow())
            {
                Error("closesOn", text["ClosesOnPast"]);
            }
        }
        return new CheckedDraft(title, message, capabilityId, componentIds, draft.WholeOrganisation, unitIds, closesAt,
            errors.Count == 0 ? null : errors.ToDictionary(e => e.Key, e => e.Value.ToArray()));
    }

    /// <summary>The last moment of a local day: a call "closing on Friday" takes answers all Friday.</summary>
    internal static DateTimeOffset EndOfDay(OrganisationView organisation, DateOnly day)
    {
        var local = day.AddDays(1).ToDateTime(TimeOnly.MinValue);
        var zone = organisation.TimeZone;
        if (zone.IsInvalidTime(local))
        {
            local = local.AddHours(1);
        }
        return new DateTimeOffset(local, zone.GetUtcOffset(local)).ToUniversalTime().AddTicks(-10);
    }

    /// <summary>The closing day as the organisation reads it.</summary>
    internal static DateOnly ClosingDay(OrganisationView organisation, DateTimeOffset closesAt) =>
        DateOnly.FromDateTime(organisation.ToLocal(closesAt).DateTime);

    /// <summary>
    /// Sends a draft: fixes its recipients (active people of the organisation in its audience, partner guests never) with
    /// one INSERT … SELECT, and queues the delivery job (mail and notification per recipient), all in one transaction.
    /// </summary>
    public async Task<Result<CallDetails>> SendAsync(Guid id, CancellationToken cancellationToken)
    {
        var (call, refusal) = await LoadForAsync(id, ChampionCallOperations.Manage, cancellationToken);
        if (call is null)
        {
            return refusal!;
        }
        if (call.SentAt is not null)
        {
            return Result<CallDetails>.Conflict(text["AlreadySent"]);
        }
        var now = clock.GetUtcNow();
        if (call.ClosesAt <= now)
        {
            return Result<CallDetails>.Invalid("closesOn", text["ClosesOnPast"]);
        }
        // Components archived since the draft was written are not asked about; a call about nothing is not sent.
        if (!await (from cc in db.Set<CallComponent>()
                    join component in db.Set<KnowHowComponent>() on cc.ComponentId equals component.Id
                    where cc.CallId == id && component.ArchivedAt == null
                    select cc).AnyAsync(cancellationToken))
        {
            return Result<CallDetails>.Invalid("componentIds", text["ComponentsRequired"]);
        }
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        call.SentAt = now;
        call.UpdatedAt = now;
        await db.SaveChangesAsync(cancellationToken);
        var recipients = await AddRecipientsAsync(db, call, cancellationToken);
        audit.Record(AuditActions.ChampionCallSent, AuditObjectTypes.ChampionCall, call.Id.ToString(), call.Title, new { recipients });
        jobs.Enqueue(CallDeliveryJob.JobKind, new CallDeliveryJob.Payload(call.Id), startedById: me.Id, maxAttempts: 5).WorksOn(AuditObjectTypes.ChampionCall, call.Id.ToString());
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        banners.Changed();
        return await DetailsAsync(db, call.Id, cancellationToken);
    }

    /// <summary>
    /// One statement whatever the audience's size: 100,000 people are not loaded to be inserted again. Active people of
    /// the organisation (partner guests never), in the call's departments or locations unless it goes to everyone.
    /// </summary>
    internal static Task<int> AddRecipientsAsync(GuildDb db, ChampionCall call, CancellationToken cancellationToken)
    {
        var wholeOrganisation = call.Audience == CallAudience.WholeOrganisation;
        return db.Database.ExecuteSqlInterpolatedAsync($"""
            INSERT INTO champion_call_recipients (call_id, person_id, reminders)
            SELECT {call.Id}, p.id, 0
            FROM people p
            WHERE NOT EXISTS (SELECT 1 FROM users a WHERE a.id = p.id AND a.deactivated_at IS NOT NULL) AND p.partner_organisation IS NULL
              AND ({wholeOrganisation} OR EXISTS (
                  SELECT 1 FROM champion_call_org_units u
                  WHERE u.call_id = {call.Id} AND (u.org_unit_id = p.department_id OR u.org_unit_id = p.location_id)))
            """, cancellationToken);
    }

    /// <summary>Closes an open call before its date: it takes no more answers; the review goes on.</summary>
    public async Task<Result<CallDetails>> CloseAsync(Guid id, CancellationToken cancellationToken)
    {
        var (call, refusal) = await LoadForAsync(id, ChampionCallOperations.Manage, cancellationToken);
        if (call is null)
        {
            return refusal!;
        }
        var now = clock.GetUtcNow();
        if (call.SentAt is null)
        {
            return Result<CallDetails>.Conflict(text["NotSentYet"]);
        }
        if (IsOpen(call, now))
        {
            call.ClosedAt = now;
            call.UpdatedAt = now;
            audit.Record(AuditActions.ChampionCallClosed, AuditObjectTypes.ChampionCall, call.Id.ToString(), call.Title);
            await db.SaveChangesAsync(cancellationToken);
            banners.Changed();
        }
        return await DetailsAsync(db, call.Id, cancellationToken);
    }

    /// <summary>
    /// Volunteers, or changes the answer given before: the one <see cref="Volunteering"/> of this person and call is
    /// updated, components no longer offered are dropped (an approval stands), a component whose level is unchanged
    /// keeps the decision already made about it, and a changed level waits for a new one.
    /// </summary>
    public async Task<Result<CallDetails>> AnswerAsync(Guid id, CallAnswer answer, CancellationToken cancellationToken)
    {
        var (call, recipient, refusal) = await LoadAsRecipientAsync(id, cancellationToken);
        if (call is null)
        {
            return refusal!;
        }
        if (!await me.CanAsync(new ChampionCallAccess(call, recipient is not null), ChampionCallOperations.Answer))
        {
            return recipient is null ? Result<CallDetails>.Forbidden(text["NotARecipient"]) : Result<CallDetails>.Conflict(text["CallClosed"]);
        }
        var errors = new Dictionary<string, string[]>();
        var offers = (answer.Components ?? []).GroupBy(o => o.ComponentId).Select(g => g.Last()).ToList();
        var live = await (from cc in db.Set<CallComponent>()
                          join component in db.Set<KnowHowComponent>() on cc.ComponentId equals component.Id
                          where cc.CallId == id && component.ArchivedAt == null
                          select new { component.Id, component.Name }).ToDictionaryAsync(c => c.Id, c => c.Name, cancellationToken);
        if (offers.Count == 0)
        {
            errors["components"] = [text["AnswerComponentsRequired"]];
        }
        else if (offers.Any(o => !live.ContainsKey(o.ComponentId)))
        {
            errors["components"] = [text["AnswerComponentNotOffered"]];
        }
        else if (offers.FirstOrDefault(o => o.Level is not { } level || !Enum.IsDefined(level)) is { } missing)
        {
            errors[$"level-{missing.ComponentId}"] = [text["AnswerLevelRequired", live[missing.ComponentId]]];
        }
        if (answer.HoursPerMonth is not { } hours)
        {
            errors["hoursPerMonth"] = [text["HoursRequired"]];
            hours = 0;
        }
        else if (hours is < 0 or > MaxHours)
        {
            errors["hoursPerMonth"] = [text["HoursRange", MaxHours]];
        }
        var formats = CallFormats.Join(answer.Formats);
        if ((answer.Formats ?? []).Any(f => !CallFormats.All.Contains(f)))
        {
            errors["formats"] = [text["FormatUnknown"]];
        }
        var note = string.IsNullOrWhiteSpace(answer.Note) ? null : answer.Note.Trim();
        if (note is { Length: > MaxNote })
        {
            errors["note"] = [text["NoteTooLong", MaxNote]];
        }
        if (errors.Count > 0)
        {
            return Result<CallDetails>.Invalid(errors);
        }

        var now = clock.GetUtcNow();
        var volunteering = await db.Set<Volunteering>().FirstOrDefaultAsync(v => v.CallId == id && v.PersonId == me.Id, cancellationToken);
        var first = volunteering is null;
        if (volunteering is null)
        {
            volunteering = new Volunteering { Id = Guid.CreateVersion7(), CallId = id, PersonId = me.Id, AnsweredAt = now };
            db.Add(volunteering);
        }
        volunteering.HoursPerMonth = hours;
        volunteering.Formats = formats;
        volunteering.Note = note;
        volunteering.UpdatedAt = now;
        var existing = first ? [] : await db.Set<VolunteeredComponent>().Where(c => c.VolunteeringId == volunteering.Id).ToListAsync(cancellationToken);
        var wanted = offers.ToDictionary(o => o.ComponentId, o => o.Level!.Value);
        foreach (var old in existing.Where(c => !wanted.ContainsKey(c.ComponentId) && c.Decision != VolunteerDecision.Approved))
        {
            db.Remove(old);
        }
        foreach (var (componentId, level) in wanted)
        {
            var current = existing.FirstOrDefault(c => c.ComponentId == componentId);
            if (current is null)
            {
                db.Add(new VolunteeredComponent { VolunteeringId = volunteering.Id, ComponentId = componentId, Level = level });
            }
            else if (current.Level != level)
            {
                // A new level is a new question for the reviewer.
                current.Level = level;
                current.Decision = VolunteerDecision.Pending;
                current.DecidedAt = null;
                current.DecidedById = null;
                current.DecisionMessage = null;
            }
        }
        recipient!.AnsweredAt ??= now;
        if (first)
        {
            await recorder.AddAsync(db, new LearningAct(new LearningActor(me.Id, me.DisplayName), LearningVerbs.Answered, ActivityOf(call))
            {
                Language = System.Globalization.CultureInfo.CurrentUICulture.TwoLetterISOLanguageName,
            }, cancellationToken);
        }
        await db.SaveChangesAsync(cancellationToken);
        banners.Changed(me.Id);
        return await DetailsAsync(db, call.Id, cancellationToken);
    }

    /// <summary>"Not for me": the banner and reminders stop; the call can still be answered while open.</summary>
    public async Task<Result<CallDetails>> DismissAsync(Guid id, CancellationToken cancellationToken)
    {
        var (call, recipient, refusal) = await LoadAsRecipientAsync(id, cancellationToken);
        if (call is null)
        {
            return refusal!;
        }
        if (recipient is null)
        {
            return Result<CallDetails>.Forbidden(text["NotARecipient"]);
        }
        if (recipient.DismissedAt is null)
        {
            recipient.DismissedAt = clock.GetUtcNow();
            await db.SaveChangesAsync(cancellationToken);
            banners.Changed(me.Id);
        }
        return await DetailsAsync(db, call.Id, cancellationToken);
    }

    /// <summary>The call as a learning activity: a question put to the organisation.</summary>
    internal static LearningActivity ActivityOf(ChampionCall call) =>
        new($"calls/{call.Id:D}", LearningActivityTypes.Question, new LocalizedText(call.Title, call.Title));

    private async Task<(ChampionCall? Call, CallRecipient? Recipient, Result<CallDetails>? Refusal)> LoadAsRecipientAsync(Guid id, CancellationToken cancellationToken)
    {
        if (!me.IsSignedIn)
        {
            return (null, null, Result<CallDetails>.NotFound());
        }
        var call = await db.Set<ChampionCall>().FirstOrDefaultAsync(c => c.Id == id, cancellationToken);
        if (call is null)
        {
            return (null, null, Result<CallDetails>.NotFound());
        }
        var recipient = await db.Set<CallRecipient>().FirstOrDefaultAsync(r => r.CallId == id && r.PersonId == me.Id, cancellationToken);
        // Outside the audience the call does not exist, as far as the reader can tell.
        if (!await me.CanAsync(new ChampionCallAccess(call, recipient is not null), ChampionCallOperations.Read))
        {
            return (null, null, Result<CallDetails>.NotFound());
        }
        return (call, recipient, null);
    }

    private async Task<(ChampionCall? Call, Result<CallDetails>? Refusal)> LoadForAsync(Guid id, Microsoft.AspNetCore.Authorization.Infrastructure.OperationAuthorizationRequirement operation,
        CancellationToken cancellationToken)
    {
        var (call, recipient, refusal) = await LoadAsRecipientAsync(id, cancellationToken);
        if (call is null)
        {
            return (null, refusal);
        }
        return await me.CanAsync(new ChampionCallAccess(call, recipient is not null), operation)
            ? (call, null)
            : (null, Result<CallDetails>.Forbidden());
    }

    /// <summary>A call that does not exist yet, for asking whether the reader may write one.</summary>
    internal static ChampionCall NewCallTemplate() => new() { Title = "", Message = "" };
}
