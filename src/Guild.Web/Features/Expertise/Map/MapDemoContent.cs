using Guild.Web.Features.People;
using Guild.Web.Platform.Data;
using Guild.Web.Platform.Demo;
using Guild.Web.Platform.Identity;

namespace Guild.Web.Features.Expertise.Map;

/// <summary>
/// The demo organisation's know-how map. Small: Noordwind Media's two priority capabilities, "New Media know-how" and
/// "Data-informed work", with components on three levels, owners and skills. Large: twelve capabilities with about
/// 300 components and 150 skills. Calls, profiles and teams (Order 20 and later) read these rows from the database.
/// </summary>
internal sealed class MapDemoContent(GuildDb db, BulkInserter bulk) : IDemoContent
{
    public int Order => 10;

    /// <summary>A component of the demo map: its name, what it covers, its skills and the components under it.</summary>
    internal sealed record Part(string Name, string Description, string[] Skills, params Part[] Children);

    private static readonly (string Name, string Description, Part[] Parts)[] SmallMap =
    [
        ("New Media know-how",
            "Everything we need to tell our stories in video, audio and on social platforms, made by our own people instead of agencies.",
        [
            new("Video", "Short video that explains, shows or tells: from idea to published clip.", ["Storyboarding", "Video production"],
                new Part("Shooting on a phone", "Framing, light and sound with the phone you already carry.", ["Mobile filming", "Lighting"]),
                new Part("Video editing", "Cutting, pacing and finishing a clip.", ["Video editing", "Premiere Pro"],
                    new Part("Colour grading", "A consistent look across clips.", ["Colour grading"]),
                    new Part("Subtitles and captions", "Accessible video that also works without sound.", ["Captioning", "Accessibility"])),
                new Part("Vertical video for social", "Formats for Reels, Shorts and TikTok.", ["Short-form video"])),
            new("Screencasts", "Show how something works on screen, with a voice that explains it.", ["Screencasting"],
                new Part("Recording with voice-over", "Scripting and speaking while you record.", ["Voice-over", "Scriptwriting"]),
                new Part("Editing screen recordings", "Zooms, highlights and cutting the pauses.", ["Video editing", "Camtasia"])),
            new("Podcasting", "Audio series for listeners inside and outside the company.", ["Podcast production"],
                new Part("Interview technique", "Asking questions that make people tell their story.", ["Interviewing"]),
                new Part("Audio editing", "Clean sound, levels and music.", ["Audio editing", "Audacity"])),
            new("Social media", "Reaching and talking with our audience on the platforms they use.", ["Social media marketing"],
                new Part("Platform strategy", "Which platform for which audience and story.", ["Content strategy"]),
                new Part("Community management", "Answering, moderating and keeping conversations kind.", ["Community management", "Moderation"]),
                new Part("Social analytics", "Knowing what worked and why.", ["Social media analytics"])),
            new("Search engine optimisation", "Being found: keywords, structure and headlines that search engines understand.", ["SEO", "Copywriting"]),
        ]),
        ("Data-informed work",
            "Decisions based on numbers we understand: reading, making and questioning data in daily work.",
        [
            new("Spreadsheets", "Getting answers out of a spreadsheet without calling IT.", ["Excel"],
                new Part("Formulas and lookups", "XLOOKUP, IF and friends.", ["Excel formulas"]),
                new Part("Pivot tables", "Summaries in a few clicks.", ["Pivot tables"])),
            new("Dashboards", "Dashboards people open because they help.", ["Data visualisation"],
                new Part("Power BI", "Reports on our own data sources.", ["Power BI"]),
                new Part("Choosing the right chart", "Which chart tells the truth about which numbers.", ["Data visualisation", "Storytelling with data"])),
            new("Data literacy", "Reading numbers critically.", ["Statistics"],
                new Part("Reading statistics", "Averages, spread and significance without the jargon.", ["Statistics"]),
                new Part("Privacy and the GDPR", "What we may collect and keep about people.", ["GDPR", "Privacy"])),
            new("Experiments", "Testing ideas on a small scale before rolling them out.", ["A/B testing"],
                new Part("A/B testing", "Two versions, one winner, and knowing when the difference is real.", ["A/B testing", "Statistics"])),
        ]),
    ];

    private static readonly string[] LargeCapabilities =
    [
        "New Media know-how", "Data-informed work", "Customer conversations", "Digital product development", "Advertising sales",
        "Journalism craft", "Working with AI tools", "Leading hybrid teams", "Security awareness", "Sustainable operations",
        "Events and live formats", "Finance for non-financials",
    ];

    private static readonly string[] LargeTopics =
    [
        "Storytelling", "Video production", "Audio production", "Social media", "Copywriting", "SEO", "Analytics", "Dashboards", "Spreadsheets",
        "Statistics", "Interviewing", "Negotiation", "Presenting", "Facilitation", "Coaching", "Feedback", "Project planning", "Agile practices",
        "User research", "Accessibility", "Prototyping", "Prompt writing", "Automation", "Privacy", "Phishing awareness", "Budgeting",
        "Forecasting", "Event planning", "Live streaming", "Moderation",
    ];

    private static readonly string[] LargeAspects = ["basics", "in practice", "for teams", "advanced", "coaching others"];

    public async Task SeedAsync(DemoSeedContext context, CancellationToken cancellationToken)
    {
        var now = context.Now;
        var members = context.People.Where(p => !p.IsGuest).ToList();
        var admin = members.FirstOrDefault(p => p.Roles.Contains(Roles.LearningAdmin));
        var champions = members.Where(p => p.Roles.Contains(Roles.Champion)).ToList();
        var random = context.Random;
        Guid? OwnerAt(int i) => champions.Count == 0 ? null : champions[i % champions.Count].Id;

        var capabilities = new List<Capability>();
        var components = new List<KnowHowComponent>();
        var skills = new Dictionary<string, Skill>(StringComparer.Ordinal);
        var links = new List<ComponentSkill>();

        Skill SkillOf(string name)
        {
            var key = Person.Fold(name);
            if (!skills.TryGetValue(key, out var skill))
            {
                skills[key] = skill = new Skill { Id = Guid.CreateVersion7(), Name = name, NameKey = key, CreatedAt = now };
            }
            return skill;
        }

        void Add(Capability capability, KnowHowComponent? parent, Part part, int position)
        {
            var component = new KnowHowComponent
            {
                Id = Guid.CreateVersion7(), CapabilityId = capability.Id, ParentId = parent?.Id, Depth = (parent?.Depth ?? 0) + 1,
                Name = part.Name, NameKey = Person.Fold(part.Name), Description = part.Description,
                OwnerId = parent is null ? OwnerAt(components.Count) : null, Position = position, CreatedAt = now, UpdatedAt = now,
            };
            components.Add(component);
            foreach (var skill in part.Skills.Select(SkillOf).DistinctBy(s => s.Id))
            {
                links.Add(new ComponentSkill { ComponentId = component.Id, SkillId = skill.Id });
            }
            for (var i = 0; i < part.Children.Length; i++)
            {
                Add(capability, component, part.Children[i], i);
            }
        }

        IEnumerable<(string Name, string Description, Part[] Parts)> map = context.Size == DemoSize.Small ? SmallMap : LargeMap(random);
        foreach (var (name, description, parts) in map)
        {
            var capability = new Capability
            {
                Id = Guid.CreateVersion7(), Name = name, NameKey = Person.Fold(name), Description = description, OwnerId = admin?.Id,
                Position = capabilities.Count, CreatedAt = now, UpdatedAt = now,
            };
            capabilities.Add(capability);
            for (var i = 0; i < parts.Length; i++)
            {
                Add(capability, null, parts[i], i);
            }
        }

        // Daan Bakker, the demo's Knowledge Champion, looks after video editing: the call and coverage pages show his name.
        var daan = members.FirstOrDefault(p => p.DisplayName == "Daan Bakker");
        if (daan is not null && components.FirstOrDefault(c => c.Name == "Video editing") is { } editing)
        {
            editing.OwnerId = daan.Id;
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await bulk.InsertAsync(capabilities, cancellationToken);
        await bulk.InsertAsync(skills.Values, cancellationToken);
        // Parents before children: the parent key is checked row by row.
        await bulk.InsertAsync(components.OrderBy(c => c.Depth), cancellationToken);
        await bulk.InsertAsync(links, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>Twelve capabilities of five top components each, three under each of those and some a level deeper: about 300, over 150 skills.</summary>
    internal static IEnumerable<(string Name, string Description, Part[] Parts)> LargeMap(Random random)
    {
        var skillNames = LargeTopics.SelectMany(t => LargeAspects.Select(a => $"{t} {a}")).ToList();
        string[] Skills() => [skillNames[random.Next(skillNames.Count)], skillNames[random.Next(skillNames.Count)]];
        for (var c = 0; c < LargeCapabilities.Length; c++)
        {
            var parts = new Part[5];
            for (var t = 0; t < parts.Length; t++)
            {
                var topic = LargeTopics[(c * 5 + t) % LargeTopics.Length];
                var children = LargeAspects.Take(3).Select((aspect, i) => i == 0 && t % 2 == 0
                        ? new Part($"{topic} {aspect}", $"{topic}: {aspect}.", Skills(), new Part($"{topic} {aspect} workshop", $"Hands-on {topic.ToLowerInvariant()}.", Skills()))
                        : new Part($"{topic} {aspect}", $"{topic}: {aspect}.", Skills()))
                    .ToArray();
                parts[t] = new Part(topic, $"{topic} in {LargeCapabilities[c]}.", Skills(), children);
            }
            yield return (LargeCapabilities[c], $"What the business needs of {LargeCapabilities[c].ToLowerInvariant()}.", parts);
        }
    }
}
