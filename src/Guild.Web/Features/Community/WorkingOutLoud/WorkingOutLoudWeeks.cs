using Guild.Web.Features.Community.Posts;
using Guild.Web.Features.Community.Spaces;
using Guild.Web.Features.Library.Resources.Articles;
using Guild.Web.Features.People;
using Guild.Web.Platform;
using Guild.Web.Platform.Data;
using Guild.Web.Platform.Identity;
using Guild.Web.Platform.Organisation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Guild.Web.Features.Community.WorkingOutLoud;

/// <summary>
/// Working Out Loud weeks of a space: making and changing one (prompts per day, co-organisers), its shared page (the
/// Working Out Loud posts of each day) and its figures. Reading a week is reading its space (<see cref="SpaceRule"/>),
/// making one is moderating it, changing one is organising it (<see cref="WorkingOutLoudWeekRule"/>); whatever the caller
/// may not read answers NotFound. Days are the organisation's local dates.
/// </summary>
public sealed class WorkingOutLoudWeeks(GuildDb db, IDbContextFactory<GuildDb> contexts, CurrentPerson me, TimeProvider clock, WorkingCalendar calendar,
    WorkingOutLoudPrompts prompts, IStringLocalizer<WorkingOutLoudText> text)
{
    public const int TitleMax = 120;
    public const int PromptMax = 2_000;
    public const int DaysMax = 7;

    /// <summary>The organisation's today.</summary>
    public async Task<DateOnly> TodayAsync(CancellationToken cancellationToken) =>
        (await calendar.OrganisationAsync(cancellationToken)).LocalDate(clock.GetUtcNow());

    public static WeekStage StageOf(DateOnly startsOn, DateOnly endsOn, DateOnly today) =>
        today < startsOn ? WeekStage.Upcoming : today > endsOn ? WeekStage.Finished : WeekStage.Running;

    public async Task<Result<IReadOnlyList<WeekSummary>>> ListAsync(Guid spaceId, CancellationToken cancellationToken)
    {
        await using var read = await contexts.CreateDbContextAsync(cancellationToken);
        var space = await CommunitySpaces.StandingAsync(read, spaceId, me.IdOrNull, cancellationToken);
        if (space is null || !await me.CanAsync(space, SpaceOperations.Read))
        {
            return Result<IReadOnlyList<WeekSummary>>.NotFound();
        }
        var today = await TodayAsync(cancellationToken);
        var weeks = await read.Set<WorkingOutLoudWeek>().AsNoTracking().Where(w => w.SpaceId == spaceId).OrderByDescending(w => w.StartsOn)
            .Select(w => new { w.Id, w.Title, w.StartsOn, w.EndsOn }).ToListAsync(cancellationToken);
        return Result<IReadOnlyList<WeekSummary>>.Ok(weeks.Select(w => new WeekSummary(w.Id, w.Title, w.StartsOn, w.EndsOn, StageOf(w.StartsOn, w.EndsOn, today))).ToList());
    }

    public async Task<Result<WeekView>> CreateAsync(Guid spaceId, WeekRequest request, CancellationToken cancellationToken)
    {
        var space = await CommunitySpaces.StandingAsync(db, spaceId, me.IdOrNull, cancellationToken);
        if (space is null || !await me.CanAsync(space, SpaceOperations.Read))
        {
            return Result<WeekView>.NotFound();
        }
        if (!await me.CanAsync(space, SpaceOperations.Moderate))
        {
            return Result<WeekView>.Forbidden(text["ModeratorsOnly"]);
        }
        var week = new WorkingOutLoudWeek { Id = Guid.CreateVersion7(clock.GetUtcNow()), SpaceId = spaceId, OrganiserId = me.Id, CreatedAt = clock.GetUtcNow() };
        var errors = await ApplyAsync(week, request, isNew: true, cancellationToken);
        if (errors.Count > 0)
        {
            return Result<WeekView>.Invalid(errors);
        }
        db.Add(week);
        await db.SaveChangesAsync(cancellationToken);
        await prompts.PlanAsync(await TodayAsync(cancellationToken), week.Id, cancellationToken);
        return await GetAsync(week.Id, cancellationToken);
    }

    public async Task<Result<WeekView>> UpdateAsync(Guid weekId, WeekRequest request, CancellationToken cancellationToken)
    {
        var week = await db.Set<WorkingOutLoudWeek>().FirstOrDefaultAsync(w => w.Id == weekId, cancellationToken);
        var standing = week is null ? null : await StandingAsync(db, week, cancellationToken);
        if (week is null || standing is null || !await me.CanAsync(standing.Space, SpaceOperations.Read))
        {
            return Result<WeekView>.NotFound();
        }
        if (!await me.CanAsync(standing, WeekOperations.Organise))
        {
            return Result<WeekView>.Forbidden(text["OrganisersOnly"]);
        }
        var errors = await ApplyAsync(week, request, isNew: false, cancellationToken);
        if (errors.Count > 0)
        {
            return Result<WeekView>.Invalid(errors);
        }
        await db.SaveChangesAsync(cancellationToken);
        // A prompt added for today still reaches the members today (in their hours); the keys keep it to once each.
        await prompts.PlanAsync(await TodayAsync(cancellationToken), week.Id, cancellationToken);
        return await GetAsync(week.Id, cancellationToken);
    }

    private async Task<WeekStanding?> StandingAsync(GuildDb read, WorkingOutLoudWeek week, CancellationToken cancellationToken)
    {
        var space = await CommunitySpaces.StandingAsync(read, week.SpaceId, me.IdOrNull, cancellationToken);
        if (space is null)
        {
            return null;
        }
        var caller = me.IdOrNull;
        var organises = caller == week.OrganiserId
            || await read.Set<WorkingOutLoudCoOrganiser>().AnyAsync(o => o.WeekId == week.Id && o.PersonId == caller, cancellationToken);
        return new WeekStanding(space, organises);
    }

    /// <summary>Checks the request and, when it is sound, writes it onto the week, its prompts and co-organisers (not saved).</summary>
    private async Task<Dictionary<string, string[]>> ApplyAsync(WorkingOutLoudWeek week, WeekRequest request, bool isNew, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        var title = request.Title?.Trim() ?? "";
        if (title.Length == 0)
        {
            errors["title"] = [text["TitleRequired"]];
        }
        else if (title.Length > TitleMax)
        {
            errors["title"] = [text["TitleTooLong", TitleMax]];
        }
        var today = await TodayAsync(cancellationToken);
        if (request.StartsOn is not { } startsOn || request.EndsOn is not { } endsOn)
        {
            errors["startsOn"] = [text["DatesRequired"]];
            startsOn = endsOn = today;
        }
        else if (endsOn < startsOn || endsOn.DayNumber - startsOn.DayNumber >= DaysMax)
        {
            errors["endsOn"] = [text["DatesOutOfRange", DaysMax]];
        }
        else if (isNew && endsOn < today)
        {
            errors["endsOn"] = [text["DatesInThePast"]];
        }
        var days = Math.Max(1, Math.Min(DaysMax, endsOn.DayNumber - startsOn.DayNumber + 1));
        var given = (request.Prompts ?? []).Select(p => p?.Trim() ?? "").ToList();
        if (given.Skip(days).Any(p => p.Length > 0))
        {
            errors["prompts"] = [text["PromptOutsideWeek"]];
        }
        else if (given.All(p => p.Length == 0))
        {
            errors["prompts"] = [text["PromptRequired"]];
        }
        else if (given.FirstOrDefault(p => p.Length > PromptMax) is { } tooLong)
        {
            errors["prompts"] = [text["PromptTooLong", PromptMax, tooLong.Length]];
        }
        var coOrganisers = new List<Guid>();
        var handles = (request.CoOrganisers ?? []).Select(Mentions.Normalise).OfType<string>().Distinct().ToList();
        if (handles.Count > 10)
        {
            errors["coOrganisers"] = [text["CoOrganisersTooMany", 10]];
        }
        else if (handles.Count > 0)
        {
            var found = await Mentions.FindAsync(db, handles, cancellationToken);
            var members = await db.Set<SpaceMember>().Where(m => m.SpaceId == week.SpaceId && m.Status == MembershipStatus.Member && found.Values.Contains(m.PersonId))
                .Select(m => m.PersonId).ToListAsync(cancellationToken);
            // Anyone who is not a member of the space is named as unknown: a co-organiser must be able to read it, and the
            // answer must not tell who is a member of a closed or secret space.
            var unknown = handles.Where(h => !found.TryGetValue(h, out var id) || !members.Contains(id)).ToList();
            if (unknown.Count > 0)
            {
                errors["coOrganisers"] = [text["CoOrganiserNotMember", string.Join(", ", unknown.Select(h => "@" + h))]];
            }
            coOrganisers = members.Where(id => id != week.OrganiserId).ToList();
        }
        if (errors.Count > 0)
        {
            return errors;
        }
        week.Title = title;
        week.StartsOn = startsOn;
        week.EndsOn = endsOn;
        var existing = isNew ? new List<WorkingOutLoudPrompt>() : await db.Set<WorkingOutLoudPrompt>().Where(p => p.WeekId == week.Id).ToListAsync(cancellationToken);
        db.RemoveRange(existing.Where(p => p.Date < startsOn || p.Date > endsOn));
        for (var i = 0; i < days; i++)
        {
            var date = startsOn.AddDays(i);
            var markdown = i < given.Count ? given[i] : "";
            var prompt = existing.FirstOrDefault(p => p.Date == date);
            if (markdown.Length == 0)
            {
                if (prompt is not null)
                {
                    db.Remove(prompt);
                }
                continue;
            }
            if (prompt is null)
            {
                prompt = new WorkingOutLoudPrompt { WeekId = week.Id, Date = date };
                db.Add(prompt);
            }
            prompt.Markdown = markdown;
            prompt.Html = ArticleRenderer.Render(markdown).Html;
        }
        var current = isNew ? new List<WorkingOutLoudCoOrganiser>() : await db.Set<WorkingOutLoudCoOrganiser>().Where(o => o.WeekId == week.Id).ToListAsync(cancellationToken);
        db.RemoveRange(current.Where(o => !coOrganisers.Contains(o.PersonId)));
        db.AddRange(coOrganisers.Where(id => current.All(o => o.PersonId != id)).Select(id => new WorkingOutLoudCoOrganiser { WeekId = week.Id, PersonId = id }));
        return errors;
    }

    public async Task<Result<WeekView>> GetAsync(Guid weekId, CancellationToken cancellationToken)
    {
        await using var read = await contexts.CreateDbContextAsync(cancellationToken);
        var week = await read.Set<WorkingOutLoudWeek>().AsNoTracking().FirstOrDefaultAsync(w => w.Id == weekId, cancellationToken);
        var standing = week is null ? null : await StandingAsync(read, week, cancellationToken);
        if (week is null || standing is null || !await me.CanAsync(standing.Space, SpaceOperations.Read))
        {
            return Result<WeekView>.NotFound();
        }
        var canOrganise = await me.CanAsync(standing, WeekOperations.Organise);
        var space = await read.Set<Space>().AsNoTracking().Where(s => s.Id == week.SpaceId).Select(s => new { s.Slug, s.Name }).FirstAsync(cancellationToken);
        var organiser = await read.Set<Person>().AsNoTracking().Where(p => p.Id == week.OrganiserId).Select(p => p.GivenName + " " + p.FamilyName).FirstAsync(cancellationToken);
        var coOrganisers = await (from o in read.Set<WorkingOutLoudCoOrganiser>().AsNoTracking()
                                  join p in read.Set<Person>() on o.PersonId equals p.Id
                                  join u in read.Set<GuildUser>() on p.Id equals u.Id
                                  where o.WeekId == weekId
                                  orderby p.SortKey
                                  select new { Name = p.GivenName + " " + p.FamilyName, u.Email }).ToListAsync(cancellationToken);
        var weekPrompts = await read.Set<WorkingOutLoudPrompt>().AsNoTracking().Where(p => p.WeekId == weekId).ToDictionaryAsync(p => p.Date, cancellationToken);
        var organisation = await calendar.OrganisationAsync(cancellationToken);
        var (first, last) = Span(organisation.TimeZone, week.StartsOn, week.EndsOn);
        var posts = await (from p in read.Set<Post>().AsNoTracking()
                           join a in read.Set<Person>() on p.AuthorId equals a.Id
                           where p.SpaceId == week.SpaceId && p.Depth == 0 && p.Kind == PostKind.WorkingOutLoud && p.CreatedAt >= first && p.CreatedAt < last
                               && p.DeletedAt == null && !p.Hidden && p.Review == null && !p.Anonymous
                           orderby p.CreatedAt
                           select new
                           {
                               p.Id, p.Title, p.Purpose, p.AuthorId, Name = a.GivenName + " " + a.FamilyName, p.CreatedAt, p.ReplyCount,
                               Reactions = p.ThanksCount + p.HelpfulCount + p.InsightfulCount, Acknowledged = p.FirstAcknowledgedAt != null,
                           }).ToListAsync(cancellationToken);
        var byDay = posts.ToLookup(p => organisation.LocalDate(p.CreatedAt));
        var days = new List<WeekDay>();
        for (var date = week.StartsOn; date <= week.EndsOn; date = date.AddDays(1))
        {
            var prompt = weekPrompts.GetValueOrDefault(date);
            days.Add(new WeekDay(date, prompt?.Html, canOrganise ? prompt?.Markdown : null, byDay[date]
                .Select(p => new WeekPost(p.Id, p.Title ?? "", p.Purpose ?? WorkingOutLoudPurpose.Progress, p.Name, p.CreatedAt, p.ReplyCount, p.Reactions)).ToList()));
        }
        var figures = new WeekFigures(posts.Count, posts.Select(p => p.AuthorId).Distinct().Count(),
            Enum.GetValues<WorkingOutLoudPurpose>().ToDictionary(k => k, k => posts.Count(p => p.Purpose == k)), posts.Sum(p => p.ReplyCount),
            posts.Sum(p => p.Reactions), posts.Count(p => p.Acknowledged), posts.Count == 0 ? null : (double)posts.Count(p => p.Acknowledged) / posts.Count);
        var today = organisation.LocalDate(clock.GetUtcNow());
        return Result<WeekView>.Ok(new WeekView(week.Id, week.SpaceId, space.Slug, space.Name, week.Title, week.StartsOn, week.EndsOn,
            StageOf(week.StartsOn, week.EndsOn, today), organiser, coOrganisers.Select(o => o.Name).ToList(),
            canOrganise ? coOrganisers.Select(o => Mentions.Normalise(o.Email) ?? "").ToList() : [], days,
            today >= week.StartsOn && today <= week.EndsOn ? today : null, figures, canOrganise, await me.CanAsync(standing.Space, SpaceOperations.Post)));
    }

    /// <summary>The instants the week's local dates span: from the first day's midnight to the midnight after the last.</summary>
    public static (DateTimeOffset From, DateTimeOffset To) Span(TimeZoneInfo zone, DateOnly startsOn, DateOnly endsOn) =>
        (Midnight(zone, startsOn), Midnight(zone, endsOn.AddDays(1)));

    private static DateTimeOffset Midnight(TimeZoneInfo zone, DateOnly date)
    {
        var local = date.ToDateTime(TimeOnly.MinValue);
        if (zone.IsInvalidTime(local))
        {
            local = local.AddHours(1);
        }
        return new DateTimeOffset(local, zone.GetUtcOffset(local)).ToUniversalTime();
    }
}
