using Guild.Web.Features.Community.Posts;
using Guild.Web.Features.Community.Spaces;
using Guild.Web.Features.Library.Resources.Articles;
using Guild.Web.Platform.Data;
using Guild.Web.Platform.Demo;
using Guild.Web.Platform.Organisation;
using Microsoft.EntityFrameworkCore;

namespace Guild.Web.Features.Community.WorkingOutLoud;

/// <summary>
/// Working Out Loud in the demo organisation (both sizes): a finished week in an English space three weeks ago, with
/// posts of every purpose, replies and reactions so its recap has figures, and a running Dutch week (today inside it)
/// whose prompt of today is queued for each member's working hours.
/// </summary>
internal sealed class WorkingOutLoudDemoContent(GuildDb db, WorkingCalendar calendar, WorkingOutLoudPrompts prompts) : IDemoContent
{
    public int Order => 76;

    private static readonly string[] EnglishPrompts =
    [
        "What are you working on this week? Share one thing, however small, and **why it matters** to you.",
        "What frustrated you in your work lately? Name it: someone may have solved it already.",
        "Which question would you like a colleague to answer? Ask it here.",
        "Show a bit of progress: a draft, a sketch, a number that moved.",
        "Looking back: what did you learn from someone else's post this week?",
    ];

    private static readonly string[] DutchPrompts =
    [
        "Waar werk je deze week aan? Deel één ding, hoe klein ook, en **waarom** het ertoe doet.",
        "Wat zat je de laatste tijd dwars in je werk? Benoem het: misschien heeft iemand het al opgelost.",
        "Welke vraag zou je graag door een collega beantwoord zien? Stel hem hier.",
        "Laat voortgang zien: een concept, een schets, een getal dat bewoog.",
        "Terugkijkend: wat heb je deze week geleerd van het bericht van een ander?",
    ];

    private static readonly (WorkingOutLoudPurpose Purpose, string Title, string Text)[] EnglishPosts =
    [
        (WorkingOutLoudPurpose.Progress, "First cut of the onboarding video is done", "Twelve minutes, which is too long. I will split it into four parts next."),
        (WorkingOutLoudPurpose.Idea, "Subtitles for every internal video", "Half of us watch without sound on the train. What if subtitles were the default?"),
        (WorkingOutLoudPurpose.Frustration, "Exporting takes forever on my laptop", "Forty minutes for a five-minute clip. Is it the codec or the machine?"),
        (WorkingOutLoudPurpose.Question, "Who has a good template for a video script?", "Something with a column for what you see and a column for what you hear."),
        (WorkingOutLoudPurpose.Progress, "Our team channel now has a weekly two-minute update", "Three weeks in: people watch it, and ask fewer questions in the stand-up."),
        (WorkingOutLoudPurpose.Idea, "A shared library of b-roll footage", "Office shots, hands on keyboards, the canteen: film once, use everywhere."),
        (WorkingOutLoudPurpose.Frustration, "Background noise in the open office", "Every recording has someone's phone call in it."),
    ];

    private static readonly (WorkingOutLoudPurpose Purpose, string Title, string Text)[] DutchPosts =
    [
        (WorkingOutLoudPurpose.Progress, "Eerste aflevering van onze teampodcast staat online", "Twintig minuten, drie gasten, en de montage kostte minder tijd dan gedacht."),
        (WorkingOutLoudPurpose.Frustration, "Mijn opnames klinken hol", "Kleine vergaderruimte, veel glas. Wie heeft een goedkope oplossing?"),
        (WorkingOutLoudPurpose.Idea, "Elke maand een gesprek met een nieuwe collega", "Zo leren we elkaar kennen, en nieuwe mensen hun weg."),
        (WorkingOutLoudPurpose.Question, "Hoe lang mag een interne podcast duren?", "Wij twijfelen tussen vijftien en dertig minuten."),
    ];

    private static readonly string[] EnglishReplies = ["Thanks for sharing this!", "Could you say more about how you did it?", "I ran into the same thing; happy to compare notes."];
    private static readonly string[] DutchReplies = ["Dank voor het delen!", "Kun je iets meer vertellen over hoe je dat aanpakte?", "Herkenbaar, laten we eens bijpraten."];

    public async Task SeedAsync(DemoSeedContext context, CancellationToken cancellationToken)
    {
        var open = await db.Set<Space>().Where(s => s.Kind == SpaceKind.Open && !s.IsInnovatorsNetwork).OrderBy(s => s.CreatedAt)
            .Select(s => new { s.Id, s.Slug }).ToListAsync(cancellationToken);
        var english = open.FirstOrDefault(s => s.Slug == "video-makers") ?? open.FirstOrDefault();
        var dutch = open.FirstOrDefault(s => s.Slug == "podcast-en-audio") ?? open.Skip(1).FirstOrDefault();
        if (english is null || dutch is null)
        {
            return;
        }
        var organisation = await calendar.OrganisationAsync(cancellationToken);
        var today = organisation.LocalDate(context.Now);
        var monday = today.AddDays(-(((int)today.DayOfWeek + 6) % 7));
        await WeekAsync(context, organisation, english.Id, "Working Out Loud week: video makers", monday.AddDays(-21), EnglishPrompts, EnglishPosts, EnglishReplies,
            today, cancellationToken);
        // The running week: from two days ago to two days ahead, so today is always inside it.
        var running = await WeekAsync(context, organisation, dutch.Id, "Working Out Loud-week: podcast en audio", today.AddDays(-2), DutchPrompts, DutchPosts,
            DutchReplies, today, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        if (running is { } runningId)
        {
            await prompts.PlanAsync(today, runningId, cancellationToken);
        }
    }

    private async Task<Guid?> WeekAsync(DemoSeedContext context, WorkingSchedule organisation, Guid spaceId, string title, DateOnly startsOn, string[] dayPrompts,
        (WorkingOutLoudPurpose Purpose, string Title, string Text)[] shapes, string[] replies, DateOnly today, CancellationToken cancellationToken)
    {
        var random = context.Random;
        var members = await db.Set<SpaceMember>().Where(m => m.SpaceId == spaceId && m.Status == MembershipStatus.Member)
            .OrderBy(m => m.JoinedAt).Select(m => new { m.PersonId, m.IsModerator }).ToListAsync(cancellationToken);
        if (members.Count < 3)
        {
            return null;
        }
        var organiser = members.FirstOrDefault(m => m.IsModerator)?.PersonId ?? members[0].PersonId;
        var people = members.Select(m => m.PersonId).Where(id => id != organiser).ToList();
        var created = organisation.Period(startsOn.AddDays(-7))?.Start ?? context.Now.AddDays(-7);
        var week = new WorkingOutLoudWeek
        {
            Id = Guid.CreateVersion7(created), SpaceId = spaceId, Title = title, StartsOn = startsOn, EndsOn = startsOn.AddDays(dayPrompts.Length - 1),
            OrganiserId = organiser, CreatedAt = created,
        };
        db.Add(week);
        if (people.Count > 0)
        {
            db.Add(new WorkingOutLoudCoOrganiser { WeekId = week.Id, PersonId = people[0] });
        }
        for (var day = 0; day < dayPrompts.Length; day++)
        {
            db.Add(new WorkingOutLoudPrompt { WeekId = week.Id, Date = startsOn.AddDays(day), Markdown = dayPrompts[day], Html = ArticleRenderer.Render(dayPrompts[day]).Html });
        }
        for (var i = 0; i < shapes.Length && people.Count > 1; i++)
        {
            // Spread over the week's days up to today, each in the morning or early afternoon of the organisation.
            var date = startsOn.AddDays(i % dayPrompts.Length);
            if (date > today)
            {
                date = today;
            }
            var at = (organisation.Period(date)?.Start ?? context.Now).AddMinutes(30 + 40 * i);
            if (at > context.Now)
            {
                at = context.Now.AddMinutes(-5 * (shapes.Length - i));
            }
            var (purpose, postTitle, text) = shapes[i];
            var author = people[(i * 2 + 1) % people.Count];
            var post = new Post
            {
                Id = Guid.CreateVersion7(at), SpaceId = spaceId, Kind = PostKind.WorkingOutLoud, Purpose = purpose, Title = postTitle, Markdown = text,
                Html = ArticleRenderer.Render(text).Html, AuthorId = author, CreatedAt = at, LastActivityAt = at,
            };
            post.ThreadId = post.Id;
            db.Add(post);
            db.Add(new ThreadFollower { ThreadId = post.Id, PersonId = author, CreatedAt = at });
            // Most posts get a reply, one in three also thanks; the last one of each week waits for acknowledgement.
            if (i < shapes.Length - 1)
            {
                var replier = people[(i * 2 + 2) % people.Count];
                var repliedAt = at.AddMinutes(20 + random.Next(90));
                if (repliedAt > context.Now)
                {
                    repliedAt = context.Now;
                }
                var reply = new Post
                {
                    Id = Guid.CreateVersion7(repliedAt), SpaceId = spaceId, ThreadId = post.Id, ParentId = post.Id, Depth = 1, Kind = PostKind.Reply,
                    Markdown = replies[i % replies.Length], Html = ArticleRenderer.Render(replies[i % replies.Length]).Html, AuthorId = replier == author ? organiser : replier,
                    CreatedAt = repliedAt, LastActivityAt = repliedAt,
                };
                db.Add(reply);
                post.ReplyCount = 1;
                post.LastActivityAt = repliedAt;
                post.FirstAcknowledgedAt = repliedAt;
                post.FirstAcknowledgedByModerator = reply.AuthorId == organiser;
                if (i % 3 == 0)
                {
                    db.Add(new PostReaction { PostId = post.Id, PersonId = organiser, Kind = ReactionKind.Thanks, CreatedAt = repliedAt });
                    post.ThanksCount = 1;
                }
            }
        }
        return week.Id;
    }
}
