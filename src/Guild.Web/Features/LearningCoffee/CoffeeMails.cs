using System.Globalization;
using Guild.Web.Features.Expertise.Map;
using Guild.Web.Features.Expertise.Profiles;
using Guild.Web.Features.People;
using Guild.Web.Platform.Data;
using Guild.Web.Platform.Mail;
using Guild.Web.Platform.Organisation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Guild.Web.Features.LearningCoffee;

/// <summary>Someone a member is introduced to: who they are, what they know and what they want to learn.</summary>
/// <param name="PersonId">Their id (their profile is at /people/{id}).</param>
/// <param name="Name">Their name.</param>
/// <param name="Department">Their department, if any.</param>
/// <param name="Knows">Skills of their profile (at most eight).</param>
/// <param name="WantsToLearn">Skills they said they want to learn.</param>
public sealed record CoffeePartner(Guid PersonId, string Name, string? Department, IReadOnlyList<string> Knows, IReadOnlyList<string> WantsToLearn);

/// <summary>
/// The introduction: read here once for the mail and the page alike (<see cref="PartnersAsync"/>), with a few moments in
/// the coming working days that everyone in the pair shares (<see cref="SharedHoursAsync"/>).
/// </summary>
public sealed class CoffeeMails(GuildDb db, WorkingCalendar calendar, MailTemplates templates, Mailer mailer, OrganisationProfile organisation,
    IStringLocalizer<CoffeeText> text, TimeProvider clock)
{
    /// <summary>The other members of a pair, described for <paramref name="reader"/>.</summary>
    public async Task<IReadOnlyList<CoffeePartner>> PartnersAsync(Guid pairId, Guid reader, CancellationToken cancellationToken)
    {
        var people = await (from pm in db.Set<CoffeePairMember>()
                            join p in db.Set<Person>() on pm.PersonId equals p.Id
                            where pm.PairId == pairId && pm.PersonId != reader
                            orderby p.SortKey
                            select new { p.Id, Name = p.GivenName + " " + p.FamilyName, Department = p.Department == null ? null : p.Department.Name })
            .AsNoTracking().ToListAsync(cancellationToken);
        var ids = people.Select(p => p.Id).ToList();
        var knows = await (from s in db.Set<PersonSkill>()
                           join skill in db.Set<Skill>() on s.SkillId equals skill.Id
                           where ids.Contains(s.PersonId)
                           orderby skill.Name
                           select new { s.PersonId, skill.Name }).ToListAsync(cancellationToken);
        var learns = await (from i in db.Set<CoffeeInterest>()
                            join skill in db.Set<Skill>() on i.SkillId equals skill.Id
                            where ids.Contains(i.PersonId) && i.Kind == CoffeeInterestKind.Learn
                            orderby skill.Name
                            select new { i.PersonId, skill.Name }).ToListAsync(cancellationToken);
        return people.Select(p => new CoffeePartner(p.Id, p.Name, p.Department,
            knows.Where(k => k.PersonId == p.Id).Select(k => k.Name).Take(8).ToList(),
            learns.Where(l => l.PersonId == p.Id).Select(l => l.Name).ToList())).ToList();
    }

    /// <summary>Up to three shared working periods in the coming week, as the reader's local times.</summary>
    public async Task<IReadOnlyList<(DateTime Start, DateTime End)>> SharedHoursAsync(Guid pairId, Guid reader, CancellationToken cancellationToken)
    {
        var members = await db.Set<CoffeePairMember>().Where(m => m.PairId == pairId).Select(m => m.PersonId).ToListAsync(cancellationToken);
        var schedules = await calendar.ForAsync(members, cancellationToken);
        var from = clock.GetUtcNow();
        var to = from.AddDays(7);
        List<(DateTimeOffset Start, DateTimeOffset End)>? shared = null;
        foreach (var schedule in schedules.Values)
        {
            var periods = SharedWeek.PeriodsOf(schedule, from, to);
            shared = shared is null ? periods : SharedWeek.Overlaps(shared, periods);
        }
        var zone = schedules.TryGetValue(reader, out var own) ? own.TimeZone : (await organisation.GetAsync(cancellationToken)).TimeZone;
        return (shared ?? []).Where(p => p.End - p.Start >= TimeSpan.FromMinutes(30)).Take(3)
            .Select(p => (TimeZoneInfo.ConvertTime(p.Start, zone).DateTime, TimeZoneInfo.ConvertTime(p.End, zone).DateTime)).ToList();
    }

    /// <summary>Queues the introduction mail to one member, in their language, in the caller's unit of work.</summary>
    public async Task QueueIntroAsync(Guid pairId, Guid personId, CancellationToken cancellationToken)
    {
        var settings = await organisation.GetAsync(cancellationToken);
        var recipient = await (from p in db.Set<Person>()
                               join u in db.Users on p.Id equals u.Id
                               where p.Id == personId && u.DeactivatedAt == null && u.Email != null
                               select new { u.Email, Name = p.GivenName + " " + p.FamilyName, u.PreferredLanguage }).FirstOrDefaultAsync(cancellationToken);
        if (recipient is null)
        {
            return;
        }
        var partners = await PartnersAsync(pairId, personId, cancellationToken);
        var language = recipient.PreferredLanguage ?? settings.DefaultLanguage;
        var culture = CultureInfo.GetCultureInfo(language);
        var hours = (await SharedHoursAsync(pairId, personId, cancellationToken))
            .Select(h => $"{h.Start.ToString("dddd d MMMM HH:mm", culture)}–{h.End.ToString("HH:mm", culture)}").ToList();
        var names = string.Join(", ", partners.Select(p => p.Name));
        mailer.Queue(await templates.RenderAsync<CoffeeIntroMail>(recipient.Email!, recipient.Name, language,
            () => text["Mail.Intro.Subject", names], new Dictionary<string, object?>
            {
                [nameof(CoffeeIntroMail.OrganisationName)] = settings.Name,
                [nameof(CoffeeIntroMail.Partners)] = partners,
                [nameof(CoffeeIntroMail.SharedHours)] = hours,
                [nameof(CoffeeIntroMail.Link)] = templates.AbsoluteUrl("/coffee"),
            }));
    }
}
