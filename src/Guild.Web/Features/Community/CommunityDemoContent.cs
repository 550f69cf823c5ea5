using Guild.Web.Features.Community.Posts;
using Guild.Web.Features.Community.Spaces;
using Guild.Web.Features.Expertise.Map;
using Guild.Web.Features.Library.Resources.Articles;
using Guild.Web.Features.People;
using Guild.Web.Platform.Data;
using Guild.Web.Platform.Demo;
using Guild.Web.Platform.Identity;
using Microsoft.EntityFrameworkCore;

namespace Guild.Web.Features.Community;

/// <summary>
/// The community hub in the demo organisation. Small: six lively spaces in English and Dutch — one closed, one secret
/// (the demo Moderator moderates it; the demo Employee is not a member and never finds it), an innovators network with an
/// idea board, answered and unanswered questions, reactions and an anonymous question. Large: 200,000 posts over many
/// spaces (bulk inserted), with one thread of 200 replies for the thread page's benchmark.
/// </summary>
internal sealed class CommunityDemoContent(GuildDb db, BulkInserter bulk) : IDemoContent
{
    public int Order => 75;

    /// <summary>The benchmark's thread: a question with 200 replies in the large organisation's first space.</summary>
    public const string BenchThreadTitle = "How do you keep a long recording session lively?";

    private sealed record DemoSpace(string Slug, string Name, string Description, SpaceKind Kind, bool Anonymous, bool Innovators, bool Dutch);

    private static readonly DemoSpace[] SmallSpaces =
    [
        new("video-makers", "Video makers", "Everyone who films, edits or presents short videos for colleagues: tips, questions and what worked.",
            SpaceKind.Open, false, false, false),
        new("podcast-en-audio", "Podcast en audio", "Voor iedereen die opneemt: microfoons, montage, luidheid en goede gesprekken.", SpaceKind.Open, false, false, true),
        new("data-questions", "Ask the data team", "Questions about reports, dashboards and data you are not sure you may ask in the open: ask anonymously.",
            SpaceKind.Open, true, false, false),
        new("innovators", "Network of innovators", "Ideas worth trying, who tried them and what we adopted.", SpaceKind.Open, false, true, false),
        new("leiderschap", "Leiderschap in de praktijk", "Kringgesprekken voor teamleiders: vraag om lid te worden.", SpaceKind.Closed, false, false, true),
        new("vertrouwenspersonen", "Confidential advisers", "Where the confidential advisers compare notes. Invite only.", SpaceKind.Secret, true, false, false),
    ];

    private static readonly (PostKind Kind, string Title, string Text)[] EnglishThreads =
    [
        (PostKind.Question, "Which frame rate for screen recordings with a lot of scrolling?", "My recordings stutter when I scroll through long pages. Does 60 fps help, or is it the encoder?"),
        (PostKind.Discussion, "Three things I learned filming our town hall", "1. **Light** from the side, never from behind.\n2. A second microphone saves the day.\n3. Cut the first minute: nobody misses it."),
        (PostKind.Question, "How do I get consent forms for people filmed in the office?", "Is there a template, and who keeps the signed forms?"),
        (PostKind.Literature, "Why short videos work for learning", "A readable summary of the research on segmenting: short parts beat one long video."),
        (PostKind.Discussion, "Show us your desk setup for webcam explainers", "Post a photo or describe it: light, camera height, microphone."),
    ];

    private static readonly (PostKind Kind, string Title, string Text)[] DutchThreads =
    [
        (PostKind.Question, "Welke luidheid gebruiken jullie voor podcasts?", "Spotify en Apple lijken verschillende waarden te willen. Wat houden jullie aan?"),
        (PostKind.Discussion, "Tips voor een goed interview op afstand", "Laat beide kanten lokaal opnemen en **synchroniseer** achteraf: het scheelt veel ruis."),
        (PostKind.Question, "Hoe knip ik een gesprek van een uur in korte stukken?", "Ik zoek een werkwijze die niet de hele middag kost."),
        (PostKind.Literature, "Artikel: zo maak je een podcast die mensen afluisteren", "Een praktisch stuk over opbouw en lengte."),
    ];

    private static readonly string[] EnglishReplies =
    [
        "Good question: I had the same problem last month.", "We use 60 fps for anything with scrolling; it made a real difference.",
        "Thanks for sharing, this helps a lot.", "Could you give an example of what went wrong?", "There is a checklist in the library for this.",
        "I tried it this week and it worked for our team.",
    ];

    private static readonly string[] DutchReplies =
    [
        "Goede vraag, daar liep ik vorige maand ook tegenaan.", "Wij houden -16 LUFS aan en dat gaat overal goed.",
        "Dank je, dit helpt echt.", "Kun je een voorbeeld geven van wat er misging?", "In de bibliotheek staat hier een checklist voor.",
    ];

    private static readonly (string Title, string Text, IdeaStage Stage)[] Ideas =
    [
        ("Stand-up in pairs instead of the whole team", "Two people, five minutes, then swap partners each day.", IdeaStage.Adopted),
        ("A 'fail of the week' slot in the team meeting", "One minute on something that went wrong and what we learned.", IdeaStage.Tried),
        ("Record every demo as a two-minute clip", "So colleagues who missed it can catch up in the library.", IdeaStage.Tried),
        ("Silent Thursday mornings", "No meetings before noon on Thursdays, for deep work.", IdeaStage.Idea),
        ("Swap desks with another department for a day", "Learn what they do by sitting with them.", IdeaStage.Idea),
    ];

    public async Task SeedAsync(DemoSeedContext context, CancellationToken cancellationToken)
    {
        var colleagues = context.People.Where(p => !p.IsGuest).ToList();
        if (colleagues.Count < 6)
        {
            return;
        }
        var emails = DemoAccounts.All.Select(a => a.Email).ToList();
        var demo = await db.Set<GuildUser>().Where(u => emails.Contains(u.Email!)).Select(u => new { u.Id, u.Email }).ToListAsync(cancellationToken);
        Guid? Demo(string role)
        {
            var email = DemoAccounts.All.First(a => a.Role == role).Email;
            return demo.FirstOrDefault(d => d.Email == email)?.Id;
        }
        var employee = Demo(Roles.Employee);
        var champion = Demo(Roles.Champion);
        var moderator = Demo(Roles.Moderator) ?? colleagues[0].Id;
        var admin = Demo(Roles.LearningAdmin);
        var components = await db.Set<KnowHowComponent>().Where(c => c.ArchivedAt == null).OrderBy(c => c.Name).Select(c => c.Id).Take(6).ToListAsync(cancellationToken);
        if (context.Size == DemoSize.Large)
        {
            await SeedLargeAsync(context, colleagues, moderator, employee, cancellationToken);
            return;
        }
        var random = context.Random;
        var spaces = new List<Space>();
        var members = new List<SpaceMember>();
        var posts = new List<Post>();
        var reactions = new List<PostReaction>();
        var followers = new List<ThreadFollower>();
        var trials = new List<IdeaTrial>();
        var reports = new List<Moderation.PostReport>();
        var now = context.Now;
        var others = colleagues.Select(c => c.Id).Where(id => id != employee && id != moderator && id != champion && id != admin).ToList();
        for (var s = 0; s < SmallSpaces.Length; s++)
        {
            var shape = SmallSpaces[s];
            var created = now.AddDays(-60 + s);
            var space = new Space
            {
                Id = Guid.CreateVersion7(created), Slug = shape.Slug, Name = shape.Name, Description = shape.Description, Kind = shape.Kind,
                AllowAnonymousQuestions = shape.Anonymous, IsInnovatorsNetwork = shape.Innovators, CreatedById = moderator, CreatedAt = created, UpdatedAt = created,
                Reactions = shape.Innovators ? SpaceReactions.Thanks | SpaceReactions.Insightful : SpaceReactions.All,
            };
            if (components.Count > 0 && !shape.Innovators)
            {
                space.Components.Add(new SpaceComponent { SpaceId = space.Id, ComponentId = components[s % components.Count] });
            }
            spaces.Add(space);
            // The demo Moderator moderates every space; the demo Employee is in the open ones except the innovators network (so there is
            // one to join), never in the closed or secret one.
            var people = new List<Guid> { moderator };
            if (shape.Kind == SpaceKind.Open && !shape.Innovators)
            {
                people.AddRange(new[] { employee, champion }.OfType<Guid>());
            }
            else if (shape.Kind == SpaceKind.Closed && champion is { } c)
            {
                people.Add(c);
            }
            people.AddRange(others.OrderBy(_ => random.Next()).Take(shape.Kind == SpaceKind.Secret ? 4 : 14));
            people = people.Distinct().ToList();
            foreach (var person in people)
            {
                members.Add(new SpaceMember
                {
                    SpaceId = space.Id, PersonId = person, Status = MembershipStatus.Member, IsModerator = person == moderator, CreatedAt = created, JoinedAt = created,
                });
            }
            // Someone who is not a member yet asks to join (the random members above may include anyone).
            if (shape.Kind == SpaceKind.Closed && others.FirstOrDefault(o => !people.Contains(o)) is var asking && asking != Guid.Empty)
            {
                members.Add(new SpaceMember
                {
                    SpaceId = space.Id, PersonId = asking, Status = MembershipStatus.Requested, RequestMessage = "Ik ben sinds kort teamleider en wil graag meedoen.",
                    CreatedAt = now.AddDays(-1),
                });
            }
            if (shape.Innovators)
            {
                for (var i = 0; i < Ideas.Length; i++)
                {
                    var (title, text, stage) = Ideas[i];
                    var thread = Thread(space, PostKind.Idea, title, text, people[(i + 1) % people.Count], now.AddDays(-20 + i * 3), false);
                    thread.Stage = stage;
                    posts.Add(thread);
                    followers.Add(new ThreadFollower { ThreadId = thread.Id, PersonId = thread.AuthorId, CreatedAt = thread.CreatedAt });
                    if (stage != IdeaStage.Idea)
                    {
                        foreach (var tried in people.Where(p => p != thread.AuthorId).Take(stage == IdeaStage.Adopted ? 3 : 1))
                        {
                            trials.Add(new IdeaTrial { ThreadId = thread.Id, PersonId = tried, Note = "We tried it for two weeks: worth it.", CreatedAt = thread.CreatedAt.AddDays(2) });
                        }
                    }
                    AddReplies(thread, people, EnglishReplies, random.Next(1, 4));
                }
                continue;
            }
            var threads = shape.Dutch ? DutchThreads : EnglishThreads;
            for (var i = 0; i < threads.Length; i++)
            {
                var (kind, title, text) = threads[i];
                var author = people[(i * 3 + s) % people.Count];
                // The data team's second question was asked anonymously, by the demo Employee.
                var anonymous = shape.Anonymous && kind == PostKind.Question && i == 2;
                if (anonymous && employee is { } asker && people.Contains(asker))
                {
                    author = asker;
                }
                var thread = Thread(space, kind, title, text, author, now.AddDays(-30 + i * 5 + s).AddHours(i), anonymous);
                if (kind == PostKind.Literature)
                {
                    thread.ReferenceTitle = shape.Dutch ? "Podcasts die blijven hangen" : "Segmenting principle in multimedia learning";
                    thread.ReferenceLink = shape.Dutch ? "https://example.org/podcasts" : "10.1017/CBO9781139547369.013";
                    thread.ReferenceAuthors = shape.Dutch ? "J. de Boer" : "R. E. Mayer, C. Pilegard";
                }
                posts.Add(thread);
                followers.Add(new ThreadFollower { ThreadId = thread.Id, PersonId = author, CreatedAt = thread.CreatedAt });
                // The first question of each space stays unanswered and unreplied, so the home shows what waits.
                var replyCount = kind == PostKind.Question && i == 0 ? 0 : random.Next(2, 6);
                var replies = AddReplies(thread, people, shape.Dutch ? DutchReplies : EnglishReplies, replyCount);
                // The first space's house rules stay on top, and a reply in its second thread waits for its moderators as a report.
                if (s == 0 && i == 1)
                {
                    thread.Pinned = true;
                    if (replies.FirstOrDefault() is { } reported && people.FirstOrDefault(p => p != reported.AuthorId && p != moderator) is var reporter && reporter != Guid.Empty)
                    {
                        reports.Add(new Moderation.PostReport
                        {
                            Id = Guid.CreateVersion7(now.AddHours(-3)), PostId = reported.Id, ReporterId = reporter, Reason = Moderation.ReportReason.OffTopic,
                            Note = shape.Dutch ? "Dit gaat over iets heel anders; misschien een eigen draad?" : "This is about something else entirely; its own thread, perhaps?",
                            CreatedAt = now.AddHours(-3),
                        });
                    }
                }
                if (kind == PostKind.Question && replies.Count > 1)
                {
                    thread.AnswerId = replies[1].Id;
                    thread.AnsweredAt = replies[1].CreatedAt.AddHours(1);
                }
            }
        }

        List<Post> AddReplies(Post thread, List<Guid> people, string[] texts, int count)
        {
            var added = new List<Post>();
            var at = thread.CreatedAt;
            for (var r = 0; r < count; r++)
            {
                at = at.AddMinutes(random.Next(20, 600));
                if (at > now)
                {
                    break;
                }
                var author = people[random.Next(people.Count)];
                // The demo Moderator is the first to respond to about a third of the threads, so the facilitation figures have both sides
                // (decided by the title, not the random stream, which the rest of the demo depends on).
                if (r == 0 && thread.Title is { } title && title.Length % 3 == 0 && thread.AuthorId != moderator && people.Contains(moderator))
                {
                    author = moderator;
                }
                if (author == thread.AuthorId && thread.Anonymous)
                {
                    continue;
                }
                var parent = r > 1 && added.Count > 0 && random.Next(3) == 0 ? added[random.Next(added.Count)] : thread;
                var markdown = texts[random.Next(texts.Length)];
                var reply = new Post
                {
                    Id = Guid.CreateVersion7(at), SpaceId = thread.SpaceId, ThreadId = thread.Id, ParentId = parent.Id, Depth = parent.Depth + 1, Kind = PostKind.Reply,
                    Markdown = markdown, Html = ArticleRenderer.Render(markdown).Html, AuthorId = author, CreatedAt = at, LastActivityAt = at,
                };
                if (parent.FirstAcknowledgedAt is null && author != parent.AuthorId)
                {
                    parent.FirstAcknowledgedAt = at;
                    parent.FirstAcknowledgedByModerator = author == moderator;
                }
                added.Add(reply);
                posts.Add(reply);
                thread.ReplyCount++;
                thread.LastActivityAt = at;
                // Colleagues thank and find replies helpful.
                foreach (var reactor in people.Where(p => p != author).OrderBy(_ => random.Next()).Take(random.Next(0, 4)))
                {
                    var kind = (ReactionKind)random.Next(3);
                    var space = spaces.First(x => x.Id == thread.SpaceId);
                    if (!space.Reactions.HasFlag(CommunitySpaces.FlagOf(kind)) || reactions.Any(x => x.PostId == reply.Id && x.PersonId == reactor && x.Kind == kind))
                    {
                        continue;
                    }
                    reactions.Add(new PostReaction { PostId = reply.Id, PersonId = reactor, Kind = kind, CreatedAt = at.AddMinutes(30) });
                    _ = kind switch { ReactionKind.Thanks => reply.ThanksCount++, ReactionKind.Helpful => reply.HelpfulCount++, _ => reply.InsightfulCount++ };
                }
            }
            return added;
        }

        // Codes of conduct (an English one for the data team's questions, a Dutch one for the podcasters) and, in the podcast space, which holds
        // first posts for review, a newcomer's question waiting for the demo Moderator. No random draws here: the rest of the demo keeps its shape.
        var codes = new List<Moderation.ConductCode>();
        var acceptances = new List<Moderation.ConductAcceptance>();
        void Conduct(Space space, string markdown, DateTimeOffset at)
        {
            codes.Add(new Moderation.ConductCode
            {
                SpaceId = space.Id, Version = 1, Markdown = markdown, Html = ArticleRenderer.Render(markdown).Html, WrittenById = moderator, WrittenAt = at,
            });
            // The moderator and everyone who already posted there accepted it; the demo Employee has not yet, so their next post asks.
            var accepted = posts.Where(p => p.SpaceId == space.Id).Select(p => p.AuthorId).Append(moderator).Where(p => p != employee).Distinct();
            acceptances.AddRange(accepted.Select(person => new Moderation.ConductAcceptance { SpaceId = space.Id, PersonId = person, Version = 1, AcceptedAt = at.AddHours(1) }));
        }
        if (spaces.FirstOrDefault(x => x.Slug == "data-questions") is { } dataQuestions)
        {
            Conduct(dataQuestions, EnglishConduct, dataQuestions.CreatedAt.AddHours(2));
        }
        if (spaces.FirstOrDefault(x => x.Slug == "podcast-en-audio") is { } podcast)
        {
            podcast.HoldFirstPosts = true;
            Conduct(podcast, DutchConduct, podcast.CreatedAt.AddHours(2));
            if (others.FirstOrDefault(o => !members.Any(m => m.SpaceId == podcast.Id && m.PersonId == o)) is var newcomer && newcomer != Guid.Empty)
            {
                var joined = now.AddDays(-1);
                members.Add(new SpaceMember { SpaceId = podcast.Id, PersonId = newcomer, Status = MembershipStatus.Member, CreatedAt = joined, JoinedAt = joined });
                acceptances.Add(new Moderation.ConductAcceptance { SpaceId = podcast.Id, PersonId = newcomer, Version = 1, AcceptedAt = joined.AddMinutes(5) });
                var held = Thread(podcast, PostKind.Question, "Mag ik mijn eerste aflevering hier laten horen?",
                    "Ik heb net mijn eerste aflevering opgenomen over onboarding. Mag ik de link hier delen voor feedback? Bel me gerust op 06-12345678.",
                    newcomer, now.AddHours(-5), false);
                held.Review = PostReview.Waiting;
                posts.Add(held);
                followers.Add(new ThreadFollower { ThreadId = held.Id, PersonId = newcomer, CreatedAt = held.CreatedAt });
            }
        }

        await bulk.InsertAsync(spaces, cancellationToken);
        await bulk.InsertAsync(spaces.SelectMany(s => s.Components), cancellationToken);
        await bulk.InsertAsync(members, cancellationToken);
        await bulk.InsertAsync(posts, cancellationToken);
        await bulk.InsertAsync(reactions, cancellationToken);
        await bulk.InsertAsync(followers, cancellationToken);
        await bulk.InsertAsync(trials, cancellationToken);
        await bulk.InsertAsync(reports, cancellationToken);
        await bulk.InsertAsync(codes, cancellationToken);
        await bulk.InsertAsync(acceptances, cancellationToken);
    }

    private const string EnglishConduct = """
        ## How we work together here

        - **Be kind.** Assume good intent and ask before you judge.
        - **Share what you learn**, including what did not work.
        - **Respect privacy**: no names, customer data or screenshots with personal data in a question.
        - Keep a thread on its topic; start a new one for something new.
        - Asking anonymously is fine; the moderators only look who asked when someone is at risk, and that is logged.

        Moderators may hide a post that breaks these rules, and will always tell you why.
        """;

    private const string DutchConduct = """
        ## Zo gaan we hier met elkaar om

        - **Wees vriendelijk.** Ga uit van goede bedoelingen en vraag voor je oordeelt.
        - **Deel wat je leert**, ook wat niet lukte.
        - **Respecteer privacy**: geen opnames van collega's zonder hun toestemming.
        - Nieuw hier? Je eerste bericht wacht even op een moderator; daarna verschijnt alles meteen.
        """;

    private static Post Thread(Space space, PostKind kind, string title, string markdown, Guid author, DateTimeOffset at, bool anonymous)
    {
        var post = new Post
        {
            Id = Guid.CreateVersion7(at), SpaceId = space.Id, Kind = kind, Title = title, Markdown = markdown, Html = ArticleRenderer.Render(markdown).Html,
            AuthorId = author, Anonymous = anonymous, CreatedAt = at, LastActivityAt = at,
        };
        post.ThreadId = post.Id;
        return post;
    }

    /// <summary>
    /// 200,000 posts: 50 open spaces of a few hundred members, threads of up to 30 replies, and the benchmark's thread of
    /// 200 replies (reactions on them) in the first space. Rendered once per distinct text, since the texts repeat.
    /// </summary>
    private async Task SeedLargeAsync(DemoSeedContext context, List<DemoPerson> colleagues, Guid moderator, Guid? employee, CancellationToken cancellationToken)
    {
        const int totalPosts = 200_000;
        const int spaceCount = 50;
        var random = context.Random;
        var now = context.Now;
        var rendered = EnglishReplies.Concat(DutchReplies).Concat(EnglishThreads.Select(t => t.Text)).Concat(DutchThreads.Select(t => t.Text)).Distinct()
            .ToDictionary(t => t, t => ArticleRenderer.Render(t).Html);
        var spaces = new List<Space>();
        var members = new List<SpaceMember>();
        var memberLists = new List<List<Guid>>();
        for (var s = 0; s < spaceCount; s++)
        {
            var created = now.AddDays(-365 + s);
            var dutch = s % 2 == 1;
            var space = new Space
            {
                Id = Guid.CreateVersion7(created), Slug = $"space-{s + 1:00}", Name = dutch ? $"Praktijkgemeenschap {s + 1}" : $"Community of practice {s + 1}",
                Description = dutch ? "Een gemeenschap van collega's die van elkaar leren." : "Colleagues who learn from each other.",
                Kind = s % 10 == 9 ? SpaceKind.Closed : SpaceKind.Open, AllowAnonymousQuestions = s % 5 == 0, IsInnovatorsNetwork = s == 3,
                CreatedById = moderator, CreatedAt = created, UpdatedAt = created,
            };
            spaces.Add(space);
            var people = new List<Guid> { moderator };
            if (employee is { } e && space.Kind == SpaceKind.Open)
            {
                people.Add(e);
            }
            people.AddRange(Enumerable.Range(0, 300).Select(_ => colleagues[random.Next(colleagues.Count)].Id));
            people = people.Distinct().ToList();
            memberLists.Add(people);
            members.AddRange(people.Select(p => new SpaceMember
            {
                SpaceId = space.Id, PersonId = p, Status = MembershipStatus.Member, IsModerator = p == moderator, CreatedAt = created, JoinedAt = created,
            }));
        }
        var posts = new List<Post>(totalPosts);
        var reactions = new List<PostReaction>();
        var followers = new List<ThreadFollower>();

        // The benchmark's thread first: a question with 200 replies, some of them replies to replies.
        {
            var people = memberLists[0];
            var thread = Thread(spaces[0], PostKind.Question, BenchThreadTitle, EnglishThreads[0].Text, people[1 % people.Count], now.AddDays(-10), false);
            thread.Html = rendered[thread.Markdown];
            posts.Add(thread);
            followers.Add(new ThreadFollower { ThreadId = thread.Id, PersonId = thread.AuthorId, CreatedAt = thread.CreatedAt });
            var replies = new List<Post>();
            for (var r = 0; r < 200; r++)
            {
                var at = thread.CreatedAt.AddMinutes(10 * (r + 1));
                var parent = r > 5 && r % 4 == 0 ? replies[random.Next(replies.Count)] : thread;
                var text = EnglishReplies[r % EnglishReplies.Length];
                var reply = new Post
                {
                    Id = Guid.CreateVersion7(at), SpaceId = thread.SpaceId, ThreadId = thread.Id, ParentId = parent.Id, Depth = parent.Depth + 1, Kind = PostKind.Reply,
                    Markdown = text, Html = rendered[text], AuthorId = people[random.Next(people.Count)], CreatedAt = at, LastActivityAt = at,
                };
                foreach (var reactor in people.Skip(r % 50).Take(3).Where(p => p != reply.AuthorId))
                {
                    reactions.Add(new PostReaction { PostId = reply.Id, PersonId = reactor, Kind = ReactionKind.Thanks, CreatedAt = at.AddMinutes(5) });
                    reply.ThanksCount++;
                }
                replies.Add(reply);
                posts.Add(reply);
                thread.ReplyCount++;
                thread.LastActivityAt = at;
            }
            thread.AnswerId = replies[3].Id;
            thread.AnsweredAt = replies[3].CreatedAt;
        }
        while (posts.Count < totalPosts)
        {
            var s = random.Next(spaceCount);
            var space = spaces[s];
            var people = memberLists[s];
            var dutch = s % 2 == 1;
            var shapes = dutch ? DutchThreads : EnglishThreads;
            var (kind, title, text) = shapes[random.Next(shapes.Length)];
            if (space.IsInnovatorsNetwork)
            {
                kind = PostKind.Idea;
            }
            var at = now.AddMinutes(-random.Next(1, 360 * 24 * 60));
            var thread = Thread(space, kind, title, text, people[random.Next(people.Count)], at, false);
            thread.Html = rendered[text];
            thread.Stage = kind == PostKind.Idea ? (IdeaStage)random.Next(3) : null;
            posts.Add(thread);
            var replyTexts = dutch ? DutchReplies : EnglishReplies;
            var count = Math.Min(random.Next(0, 30), totalPosts - posts.Count);
            for (var r = 0; r < count; r++)
            {
                var replyAt = at.AddMinutes(15 * (r + 1));
                if (replyAt > now)
                {
                    break;
                }
                var replyText = replyTexts[random.Next(replyTexts.Length)];
                posts.Add(new Post
                {
                    Id = Guid.CreateVersion7(replyAt), SpaceId = space.Id, ThreadId = thread.Id, ParentId = thread.Id, Depth = 1, Kind = PostKind.Reply,
                    Markdown = replyText, Html = rendered[replyText], AuthorId = people[random.Next(people.Count)], CreatedAt = replyAt, LastActivityAt = replyAt,
                });
                thread.ReplyCount++;
                thread.LastActivityAt = replyAt;
                if (thread.FirstAcknowledgedAt is null)
                {
                    thread.FirstAcknowledgedAt = replyAt;
                    thread.FirstAcknowledgedByModerator = false;
                }
            }
            if (kind == PostKind.Question && thread.ReplyCount > 2 && random.Next(2) == 0)
            {
                thread.AnswerId = posts[^1].Id;
                thread.AnsweredAt = posts[^1].CreatedAt;
            }
        }
        await bulk.InsertAsync(spaces, cancellationToken);
        await bulk.InsertAsync(members, cancellationToken);
        await bulk.InsertAsync(posts, cancellationToken);
        await bulk.InsertAsync(reactions, cancellationToken);
        await bulk.InsertAsync(followers, cancellationToken);
    }
}
