using Guild.Web.Features.Expertise.Calls;
using Guild.Web.Features.Expertise.Map;
using Guild.Web.Platform.Data;
using Guild.Web.Platform.Demo;
using Guild.Web.Platform.Identity;
using Microsoft.EntityFrameworkCore;

namespace Guild.Web.Features.Expertise.Profiles;

/// <summary>
/// Skills, topics, availability and endorsements for the demo organisation. Uses the skills the know-how map's demo
/// content made (order 10); without any, it adds nothing. Small: about a third of the people list skills and the demo
/// Employee and Knowledge Champion have endorsed skills; large: 20,000 people with skills and 200,000 endorsements.
/// </summary>
internal sealed class ProfilesDemoContent(GuildDb db, BulkInserter bulk) : IDemoContent
{
    public int Order => 20;

    private static readonly string[] Topics =
    [
        "Storytelling with video", "Podcast recording", "Editing on a phone", "Writing for the web", "Presenting online",
        "Search engine optimisation", "Accessible documents", "Excel formulas", "Giving feedback", "Running a workshop",
        "Data visualisation", "Brand guidelines", "Interviewing customers", "Social media planning", "Working Out Loud",
    ];

    private static readonly string[] Notes = ["Mornings work best", "Not on Fridays", "Happy to pair on a call", "Ask me in the chat first"];

    public async Task SeedAsync(DemoSeedContext context, CancellationToken cancellationToken)
    {
        var skills = await db.Set<Skill>().AsNoTracking().OrderBy(s => s.NameKey).Select(s => s.Id).ToListAsync(cancellationToken);
        if (skills.Count == 0)
        {
            return;
        }
        var large = context.Size == DemoSize.Large;
        var random = context.Random;
        var colleagues = context.People.Where(p => !p.IsGuest).ToList();
        if (colleagues.Count < 2)
        {
            return;
        }
        var demo = DemoAccounts.All.Where(a => a.Role is Roles.Employee or Roles.Champion)
            .Select(a => colleagues.Find(p => p.DisplayName == a.Name)).OfType<DemoPerson>().ToList();
        var withSkills = demo.Concat(colleagues.Except(demo).OrderBy(_ => random.Next())
            .Take(large ? 20_000 - demo.Count : Math.Max(1, colleagues.Count / 3))).ToList();

        var personSkills = new List<PersonSkill>();
        var topics = new List<AskMeAboutTopic>();
        var availability = new List<Availability>();
        foreach (var person in withSkills)
        {
            var isDemo = demo.Contains(person);
            foreach (var skill in skills.OrderBy(_ => random.Next()).Take(isDemo ? Math.Min(4, skills.Count) : random.Next(1, Math.Min(5, skills.Count) + 1)))
            {
                personSkills.Add(new PersonSkill
                {
                    PersonId = person.Id, SkillId = skill, Level = (ExpertiseLevel)random.Next(1, 4),
                    UpdatedAt = context.Now.AddDays(-random.Next(1, 300)),
                });
            }
            if (isDemo || random.Next(2) == 0)
            {
                var position = 0;
                foreach (var topic in Topics.OrderBy(_ => random.Next()).Take(random.Next(1, 4)))
                {
                    topics.Add(new AskMeAboutTopic { PersonId = person.Id, Key = ExpertiseProfileEditor.NameKey(topic), Text = topic, Position = position++ });
                }
            }
            if (isDemo || random.Next(4) == 0)
            {
                availability.Add(new Availability
                {
                    PersonId = person.Id,
                    AwayUntil = random.Next(8) == 0 ? DateOnly.FromDateTime(context.Now.UtcDateTime).AddDays(random.Next(2, 20)) : null,
                    HoursPerMonth = random.Next(1, 9),
                    Note = random.Next(2) == 0 ? Notes[random.Next(Notes.Length)] : null,
                    UpdatedAt = context.Now.AddDays(-random.Next(1, 60)),
                });
            }
        }

        // Colleagues vouch for listed skills: the demo accounts' skills for sure, then at random up to the target.
        var target = large ? 200_000 : Math.Max(40, personSkills.Count);
        var endorsements = new List<Endorsement>(target);
        var seen = new HashSet<(Guid, Guid, Guid)>();
        void Endorse(PersonSkill skill, DemoPerson endorser)
        {
            if (endorser.Id != skill.PersonId && seen.Add((skill.PersonId, skill.SkillId, endorser.Id)))
            {
                endorsements.Add(new Endorsement
                {
                    PersonId = skill.PersonId, SkillId = skill.SkillId, EndorserId = endorser.Id,
                    CreatedAt = context.Now.AddDays(-random.Next(0, 200)).AddMinutes(-random.Next(0, 600)),
                });
            }
        }
        foreach (var skill in personSkills.Where(s => demo.Any(d => d.Id == s.PersonId)))
        {
            for (var i = 0; i < 3; i++)
            {
                Endorse(skill, colleagues[random.Next(colleagues.Count)]);
            }
        }
        // The demo accounts endorse a few colleagues too, so "endorsed by you" shows when they look around.
        foreach (var endorser in demo)
        {
            foreach (var skill in personSkills.Where(s => s.PersonId != endorser.Id).Take(3))
            {
                Endorse(skill, endorser);
            }
        }
        for (var attempts = 0; endorsements.Count < target && attempts < target * 3; attempts++)
        {
            Endorse(personSkills[random.Next(personSkills.Count)], colleagues[random.Next(colleagues.Count)]);
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await bulk.InsertAsync(personSkills, cancellationToken);
        await bulk.InsertAsync(topics, cancellationToken);
        await bulk.InsertAsync(availability, cancellationToken);
        await bulk.InsertAsync(endorsements, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }
}
