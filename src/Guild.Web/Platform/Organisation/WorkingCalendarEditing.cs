using Guild.Web.Features.People;
using Guild.Web.Platform.Api;
using Guild.Web.Platform.Audit;
using Guild.Web.Platform.Data;
using Guild.Web.Platform.Identity;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Guild.Web.Platform.Organisation;

/// <summary>A person's own working hours (body of <c>PUT /api/v1/people/{id}/working-hours</c>); null fields follow the organisation.</summary>
/// <param name="TimeZone">IANA time zone id ("America/New_York"); null: the organisation's.</param>
/// <param name="Start">Start of the working day, "HH:mm"; null: the organisation's.</param>
/// <param name="End">End of the working day, "HH:mm", after the start; null: the organisation's.</param>
/// <param name="Days">Working days (Monday…Sunday); null or empty: the organisation's.</param>
public sealed record WorkingHoursRequest(string? TimeZone, TimeOnly? Start, TimeOnly? End, IReadOnlyList<DayOfWeek>? Days);

/// <summary>A person's working hours as they apply (their own where set, else the organisation's).</summary>
/// <param name="TimeZone">The IANA time zone id that applies.</param>
/// <param name="Start">Start of the working day.</param>
/// <param name="End">End of the working day.</param>
/// <param name="Days">Working days.</param>
/// <param name="Own">Whether the person set hours of their own.</param>
public sealed record WorkingHoursView(string TimeZone, TimeOnly Start, TimeOnly End, IReadOnlyList<DayOfWeek> Days, bool Own);

/// <summary>A public holiday (body of <c>POST /api/v1/holidays</c>, and how holidays are listed).</summary>
/// <param name="Date">The day (in each person's own calendar).</param>
/// <param name="Name">What it is called ("King's Day"; up to 100 characters).</param>
public sealed record PublicHolidayView(DateOnly? Date, string? Name);

/// <summary>
/// Editing the working calendar: a person's own hours (whoever may edit the person: themselves or an L&amp;D admin,
/// through PersonRule) and the organisation's public holidays (L&amp;D admins; audited).
/// </summary>
public sealed class WorkingCalendarEditing(GuildDb db, CurrentPerson me, TimeProvider clock, OrganisationProfile organisation, AuditLog audit,
    IStringLocalizer<CalendarText> text)
{
    public async Task<Result<WorkingHoursView>> GetAsync(Guid personId, CancellationToken cancellationToken)
    {
        if (!await me.CanAsync(PeopleAccess.Subject(personId), PeopleAccess.Edit))
        {
            return Result<WorkingHoursView>.NotFound();
        }
        var settings = await organisation.GetAsync(cancellationToken);
        var own = await db.Set<PersonWorkingHours>().AsNoTracking().FirstOrDefaultAsync(h => h.PersonId == personId, cancellationToken);
        return Result<WorkingHoursView>.Ok(new WorkingHoursView(own?.TimeZoneId ?? settings.TimeZone.Id, own?.WorkdayStart ?? settings.WorkdayStart,
            own?.WorkdayEnd ?? settings.WorkdayEnd, own?.WorkingDays is { Count: > 0 } days ? days : settings.WorkingDays, own is not null));
    }

    public async Task<Result<WorkingHoursView>> SaveAsync(Guid personId, WorkingHoursRequest request, CancellationToken cancellationToken)
    {
        if (!await me.CanAsync(PeopleAccess.Subject(personId), PeopleAccess.Edit) || !await db.Set<Person>().AnyAsync(p => p.Id == personId, cancellationToken))
        {
            return Result<WorkingHoursView>.NotFound();
        }
        var errors = new Dictionary<string, string[]>();
        var zone = string.IsNullOrWhiteSpace(request.TimeZone) ? null : request.TimeZone.Trim();
        if (zone is not null && !TimeZoneInfo.TryFindSystemTimeZoneById(zone, out _))
        {
            errors["timeZone"] = [text["TimeZoneUnknown"]];
        }
        var settings = await organisation.GetAsync(cancellationToken);
        if ((request.Start ?? settings.WorkdayStart) >= (request.End ?? settings.WorkdayEnd))
        {
            errors["end"] = [text["EndBeforeStart"]];
        }
        if (request.Days is { } days && days.Any(d => !Enum.IsDefined(d)))
        {
            errors["days"] = [text["DaysInvalid"]];
        }
        if (errors.Count > 0)
        {
            return Result<WorkingHoursView>.Invalid(errors);
        }
        var row = await db.Set<PersonWorkingHours>().FirstOrDefaultAsync(h => h.PersonId == personId, cancellationToken);
        var nothing = zone is null && request.Start is null && request.End is null && request.Days is not { Count: > 0 };
        if (nothing)
        {
            if (row is not null)
            {
                db.Remove(row);
            }
        }
        else
        {
            if (row is null)
            {
                row = new PersonWorkingHours { PersonId = personId };
                db.Add(row);
            }
            row.TimeZoneId = zone;
            row.WorkdayStart = request.Start;
            row.WorkdayEnd = request.End;
            row.WorkingDays = request.Days is { Count: > 0 } chosen ? chosen.Distinct().Order().ToList() : null;
            row.UpdatedAt = clock.GetUtcNow();
        }
        await db.SaveChangesAsync(cancellationToken);
        return await GetAsync(personId, cancellationToken);
    }

    public async Task<Result<IReadOnlyList<PublicHolidayView>>> HolidaysAsync(CancellationToken cancellationToken)
    {
        if (!me.IsInRole(Roles.Employee))
        {
            return Result<IReadOnlyList<PublicHolidayView>>.Forbidden();
        }
        var rows = await db.Set<PublicHoliday>().AsNoTracking().OrderBy(h => h.Date).Select(h => new PublicHolidayView(h.Date, h.Name)).ToListAsync(cancellationToken);
        return Result<IReadOnlyList<PublicHolidayView>>.Ok(rows);
    }

    public async Task<Result<PublicHolidayView>> AddHolidayAsync(PublicHolidayView request, CancellationToken cancellationToken)
    {
        if (!me.IsLearningAdmin)
        {
            return Result<PublicHolidayView>.Forbidden();
        }
        var errors = new Dictionary<string, string[]>();
        var name = request.Name?.Trim() ?? "";
        if (request.Date is null)
        {
            errors["date"] = [text["DateRequired"]];
        }
        if (name.Length is 0 or > 100)
        {
            errors["name"] = [text["NameRequired"]];
        }
        if (request.Date is { } date && await db.Set<PublicHoliday>().AnyAsync(h => h.Date == date, cancellationToken))
        {
            errors["date"] = [text["DateTaken"]];
        }
        if (errors.Count > 0)
        {
            return Result<PublicHolidayView>.Invalid(errors);
        }
        db.Add(new PublicHoliday { Date = request.Date!.Value, Name = name });
        audit.Record(AuditActions.PublicHolidayAdded, AuditObjectTypes.PublicHoliday, request.Date.Value.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), name);
        await db.SaveChangesAsync(cancellationToken);
        return Result<PublicHolidayView>.Ok(new PublicHolidayView(request.Date, name));
    }

    public async Task<Result<bool>> RemoveHolidayAsync(DateOnly date, CancellationToken cancellationToken)
    {
        if (!me.IsLearningAdmin)
        {
            return Result<bool>.Forbidden();
        }
        var row = await db.Set<PublicHoliday>().FirstOrDefaultAsync(h => h.Date == date, cancellationToken);
        if (row is null)
        {
            return Result<bool>.NotFound();
        }
        db.Remove(row);
        audit.Record(AuditActions.PublicHolidayRemoved, AuditObjectTypes.PublicHoliday, date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), row.Name);
        await db.SaveChangesAsync(cancellationToken);
        return Result<bool>.Ok(true);
    }
}

/// <summary>Marker for the working calendar's strings (CalendarText.resx, CalendarText.nl.resx).</summary>
public sealed class CalendarText;

/// <summary>The working calendar's API: a person's own hours, and the organisation's public holidays.</summary>
public static class WorkingCalendarApi
{
    public static WebApplication MapWorkingCalendar(this WebApplication app)
    {
        var people = app.MapApiGroup("/people", "Working calendar").RequireAuthorization(Policies.Member).ProducesProblem(StatusCodes.Status404NotFound);
        people.MapGet("/{id:guid}/working-hours", GetHoursAsync).WithName("GetWorkingHours")
            .WithSummary("A person's working hours as they apply (their own, else the organisation's); the person and L&D admins.");
        people.MapPut("/{id:guid}/working-hours", SaveHoursAsync).WithName("SaveWorkingHours")
            .WithSummary("Set a person's own time zone, working hours and days (null fields follow the organisation); the person and L&D admins.");
        var holidays = app.MapApiGroup("/holidays", "Working calendar").RequireAuthorization(Policies.Member).ProducesProblem(StatusCodes.Status403Forbidden);
        holidays.MapGet("/", ListHolidaysAsync).WithName("ListPublicHolidays").WithSummary("The organisation's public holidays, by date.");
        holidays.MapPost("/", AddHolidayAsync).WithName("AddPublicHoliday").WithSummary("Add a public holiday (L&D admins; audited).");
        holidays.MapDelete("/{date}", RemoveHolidayAsync).ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("RemovePublicHoliday").WithSummary("Remove a public holiday (L&D admins; audited).");
        return app;
    }

    private static async Task<Results<Ok<WorkingHoursView>, ProblemHttpResult>> GetHoursAsync(Guid id, WorkingCalendarEditing editing, CancellationToken cancellationToken) =>
        (await editing.GetAsync(id, cancellationToken)).ToHttp(TypedResults.Ok);

    private static async Task<Results<Ok<WorkingHoursView>, ValidationProblem, ProblemHttpResult>> SaveHoursAsync(Guid id, WorkingHoursRequest request,
        WorkingCalendarEditing editing, CancellationToken cancellationToken) =>
        (await editing.SaveAsync(id, request, cancellationToken)).ToHttpChecked(TypedResults.Ok);

    private static async Task<Results<Ok<IReadOnlyList<PublicHolidayView>>, ProblemHttpResult>> ListHolidaysAsync(WorkingCalendarEditing editing, CancellationToken cancellationToken) =>
        (await editing.HolidaysAsync(cancellationToken)).ToHttp(TypedResults.Ok);

    private static async Task<Results<Ok<PublicHolidayView>, ValidationProblem, ProblemHttpResult>> AddHolidayAsync(PublicHolidayView request, WorkingCalendarEditing editing,
        CancellationToken cancellationToken) =>
        (await editing.AddHolidayAsync(request, cancellationToken)).ToHttpChecked(TypedResults.Ok);

    /// <param name="date">The holiday's date, yyyy-MM-dd.</param>
    internal static async Task<Results<NoContent, ProblemHttpResult>> RemoveHolidayAsync(DateOnly date, WorkingCalendarEditing editing, CancellationToken cancellationToken) =>
        (await editing.RemoveHolidayAsync(date, cancellationToken)).ToHttp(_ => TypedResults.NoContent());
}
