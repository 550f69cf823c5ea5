using Guild.Web.Platform.Data;
using Guild.Web.Platform.Demo;
using Guild.Web.Platform.Identity;
using Microsoft.AspNetCore.Identity;

namespace Guild.Web.Features.People;

/// <summary>
/// The demo organisation's people: departments, locations, a management line, Dutch and English
/// names, and the five one-click demo accounts. Both sizes go through the bulk inserter.
/// </summary>
internal sealed class PeopleDemoContent(BulkInserter bulk, IPasswordHasher<GuildUser> hasher) : IDemoContent
{
    /// <summary>The password of every demo account, for people who try the sign-in form itself.</summary>
    public const string DemoPassword = "guild-demo-password";

    public int Order => 0;

    private static readonly (string Name, string[] Titles)[] Departments =
    [
        ("Redactie", ["Editor", "Eindredacteur", "Verslaggever", "Fotoredacteur", "Content Strategist"]),
        ("Digital", ["Product Owner", "Front-end Developer", "UX Designer", "Data Analyst", "SEO Specialist"]),
        ("Sales", ["Account Manager", "Sales Executive", "Accountmanager Adverteerders", "Sales Support"]),
        ("Marketing", ["Marketeer", "Campaign Manager", "Social Media Specialist", "Brand Manager"]),
        ("Customer Service", ["Klantenservicemedewerker", "Customer Success Agent", "Teamleider Klantcontact"]),
        ("Finance", ["Financial Controller", "Boekhouder", "Business Analyst"]),
        ("IT", ["Systeembeheerder", "Cloud Engineer", "Security Officer", "Service Desk Medewerker"]),
        ("HR & Learning", ["HR Business Partner", "Learning & Development Advisor", "Recruiter"]),
    ];

    private static readonly string[] Locations = ["Amsterdam", "Hoofddorp", "Antwerpen"];

    private static readonly string[] LargeExtraDepartments =
    [
        "Audio", "Video", "Events", "Legal", "Procurement", "Facilities", "Print", "Distribution",
        "Advertising Operations", "Data & Insights", "Corporate Communications", "Research",
        "Partnerships", "Subscriptions", "Design", "Platform Engineering",
    ];

    private static readonly string[] LargeExtraLocations = ["Rotterdam", "Utrecht", "Eindhoven", "Gent", "Brussel", "Groningen", "Zwolle", "Londen", "Helsinki"];

    private static readonly string[] DutchGiven = ["Sanne", "Daan", "Eva", "Lars", "Lotte", "Bram", "Femke", "Thijs", "Anouk", "Ruben", "Noor", "Jesse", "Iris", "Sem", "Fleur", "Milan", "Julia", "Luuk", "Tess", "Niels", "Marloes", "Joost", "Ilse", "Wouter", "Maaike", "Koen", "Esther", "Pieter", "Roos", "Stijn", "Yara", "Mohammed", "Fatima", "Emre", "Ayşe", "Priya", "Siham", "Jan", "Hanneke", "Gijs"];
    private static readonly string[] EnglishGiven = ["Emma", "James", "Olivia", "Oliver", "Amelia", "Harry", "Sophie", "George", "Grace", "Jack", "Chloe", "Thomas", "Lucy", "William", "Hannah", "Daniel", "Zoe", "Samuel", "Ella", "Joseph"];
    private static readonly string[] DutchFamily = ["de Vries", "Jansen", "van den Berg", "Bakker", "Visser", "Smit", "Meijer", "de Boer", "Mulder", "de Groot", "Bos", "Vos", "Peters", "Hendriks", "van Leeuwen", "Dekker", "Brouwer", "de Wit", "Dijkstra", "Smits", "de Graaf", "van der Meer", "van der Linden", "Kok", "Jacobs", "de Haan", "Vermeulen", "van Dijk", "Schouten", "Willems", "El Amrani", "Yılmaz", "Öztürk", "Ramdin", "Nguyen", "Boukhari"];
    private static readonly string[] EnglishFamily = ["Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies", "Robinson", "Wright", "Thompson", "Evans", "Walker", "White", "Roberts", "Green", "Hall", "Wood", "Jackson", "Clarke"];

    public async Task SeedAsync(DemoSeedContext context, CancellationToken cancellationToken)
    {
        var random = context.Random;
        var large = context.Size == DemoSize.Large;
        var employeeCount = large ? 100_000 : 300;
        var departmentNames = Departments.Select(d => d.Name).Concat(large ? LargeExtraDepartments : []).ToList();
        var locationNames = Locations.Concat(large ? LargeExtraLocations : []).ToList();

        var departments = departmentNames.Select(name => new OrgUnit { Id = Guid.CreateVersion7(), Kind = OrgUnitKind.Department, Name = name }).ToList();
        var locations = locationNames.Select(name => new OrgUnit { Id = Guid.CreateVersion7(), Kind = OrgUnitKind.Location, Name = name }).ToList();
        await bulk.InsertAsync(departments.Concat(locations), cancellationToken);

        // One hash for everyone: hashing 100,000 passwords would take longer than the rest together. Outside
        // Development it is the hash of a random password that is never shown: nobody signs in as a generated person.
        var randomPasswords = context.Passwords == DemoPasswords.Random;
        var passwordHash = hasher.HashPassword(new GuildUser(), randomPasswords ? NewPassword() : DemoPassword);
        var people = new List<Person>(employeeCount + 10);
        var users = new List<GuildUser>(employeeCount + 10);
        var userRoles = new List<IdentityUserRole<Guid>>(employeeCount * 2);
        // The demo accounts' addresses are taken before any generated name can claim them.
        var usedEmails = new HashSet<string>(DemoAccounts.All.Select(a => a.Email), StringComparer.OrdinalIgnoreCase);
        var roleIds = GuildRoleConfiguration.Ids;

        Person Add(string given, string family, string email, string? title, OrgUnit? department, OrgUnit? location,
            Guid? managerId, string[] languages, string[] roles, string? partner = null)
        {
            var id = Guid.CreateVersion7();
            var person = new Person
            {
                Id = id, GivenName = given, FamilyName = family, JobTitle = title,
                EmployeeNumber = partner is null ? $"NW{people.Count + 1:000000}" : null,
                DepartmentId = department?.Id, LocationId = location?.Id, ManagerId = managerId,
                Languages = languages, PartnerOrganisation = partner,
                CreatedAt = context.Now.AddDays(-random.Next(30, 3000)),
            };
            person.RefreshNameKeys();
            people.Add(person);
            users.Add(new GuildUser
            {
                Id = id, UserName = email, NormalizedUserName = email.ToUpperInvariant(), Email = email,
                NormalizedEmail = email.ToUpperInvariant(), EmailConfirmed = true, PasswordHash = passwordHash,
                SecurityStamp = Guid.NewGuid().ToString("N"), ConcurrencyStamp = Guid.NewGuid().ToString(),
                LockoutEnabled = true,
            });
            foreach (var role in roles)
            {
                userRoles.Add(new IdentityUserRole<Guid> { UserId = id, RoleId = roleIds[role] });
            }
            context.People.Add(new DemoPerson(id, person.DisplayName, department?.Id, roles, partner is not null));
            return person;
        }

        string EmailFor(string given, string family, string domain)
        {
            var local = Person.Fold($"{given}.{family}").Replace(" ", "", StringComparison.Ordinal).Replace("'", "", StringComparison.Ordinal);
            var email = $"{local}@{domain}";
            for (var n = 2; !usedEmails.Add(email); n++)
            {
                email = $"{local}{n}@{domain}";
            }
            return email;
        }

        // The management line: a director, then a head per department.
        var director = Add("Marieke", "van Dam", EmailFor("Marieke", "van Dam", "noordwind.example"), "Algemeen Directeur",
            departments[0], locations[0], null, ["nl", "en"], [Roles.Employee]);
        var heads = departments.Select((department, index) =>
        {
            var (given, family) = RandomName(random);
            return Add(given, family, EmailFor(given, family, "noordwind.example"), $"Head of {department.Name}", department,
                locations[index % locations.Count], director.Id, Languages(random), [Roles.Employee]);
        }).ToList();

        // The demo accounts, placed where their role makes sense.
        foreach (var account in DemoAccounts.All)
        {
            var parts = account.Name.Split(' ', 2);
            var (department, title) = account.Role switch
            {
                Roles.Champion => (1, "Senior UX Designer"),
                Roles.Moderator => (3, "Community Manager"),
                Roles.LearningAdmin => (7, "Learning & Development Lead"),
                Roles.PartnerGuest => (-1, "Workshop Facilitator"),
                _ => (2, "Account Manager"),
            };
            var roles = account.Role switch
            {
                Roles.PartnerGuest => new[] { Roles.PartnerGuest },
                Roles.Employee => [Roles.Employee],
                _ => [Roles.Employee, account.Role],
            };
            Add(parts[0], parts[1], account.Email, title,
                department < 0 ? null : departments[department], department < 0 ? null : locations[0],
                department < 0 ? null : heads[department].Id, account.Role == Roles.PartnerGuest ? ["en"] : ["nl", "en"], roles,
                account.Role == Roles.PartnerGuest ? "Brightside Publishing" : null);
            if (randomPasswords)
            {
                // Each demo account its own password, so one printed line shared too widely opens one account only.
                var password = NewPassword();
                users[^1].PasswordHash = hasher.HashPassword(users[^1], password);
                context.IssuedPasswords.Add(new DemoCredentials(account.Role, account.Email, password));
            }
        }

        // Team leads under each head, everyone else under a team lead.
        var teamLeads = new List<Person>();
        var remaining = employeeCount - people.Count(p => p.PartnerOrganisation is null);
        var leadsPerDepartment = Math.Max(1, remaining / departments.Count / 12);
        for (var d = 0; d < departments.Count; d++)
        {
            for (var l = 0; l < leadsPerDepartment; l++)
            {
                var (given, family) = RandomName(random);
                teamLeads.Add(Add(given, family, EmailFor(given, family, "noordwind.example"), "Teamleider", departments[d],
                    locations[random.Next(locations.Count)], heads[d].Id, Languages(random), [Roles.Employee]));
            }
        }
        remaining = employeeCount - people.Count(p => p.PartnerOrganisation is null);
        var firstRegular = people.Count;
        for (var i = 0; i < remaining; i++)
        {
            var d = random.Next(departments.Count);
            var titles = d < Departments.Length ? Departments[d].Titles : ["Specialist", "Medewerker", "Coördinator", "Adviseur"];
            var lead = teamLeads[d * leadsPerDepartment + random.Next(leadsPerDepartment)];
            var (given, family) = RandomName(random);
            // About one in twelve volunteered as a Knowledge Champion; a few moderate a community.
            var roles = random.Next(12) == 0 ? new[] { Roles.Employee, Roles.Champion }
                : random.Next(60) == 0 ? [Roles.Employee, Roles.Moderator]
                : [Roles.Employee];
            Add(given, family, EmailFor(given, family, "noordwind.example"), titles[random.Next(titles.Length)], departments[d],
                locations[random.Next(locations.Count)], lead.Id, Languages(random), roles);
        }

        // A few colleagues left (their profiles stay, as former colleagues), and a few new hires were
        // invited last week and have not chosen a password yet. Only people who manage nobody.
        var regulars = Enumerable.Range(firstRegular, people.Count - firstRegular).ToList();
        foreach (var index in regulars.OrderBy(_ => random.Next()).Take(large ? 1_000 : 2))
        {
            var left = context.Now.AddDays(-random.Next(7, 400));
            // The account owns deactivation; the person reads it through Person.Account.
            users[index].DeactivatedAt = left;
        }
        foreach (var index in regulars.Where(i => users[i].DeactivatedAt is null).OrderBy(_ => random.Next()).Take(large ? 100 : 3))
        {
            var invited = context.Now.AddDays(-random.Next(1, 6)).AddHours(-random.Next(0, 8));
            people[index].CreatedAt = invited;
            people[index].InvitedAt = invited;
            users[index].PasswordHash = null;
            users[index].EmailConfirmed = false;
            // They have not signed in yet, so other features' demo content should not make them authors.
            context.People.RemoveAll(p => p.Id == people[index].Id);
        }

        // Guests from the alliance partners of the workshop festival.
        string[] partners = ["Brightside Publishing", "Studio Meridian", "Het Leerhuis"];
        for (var i = 0; i < (large ? 300 : 6); i++)
        {
            var (given, family) = RandomName(random);
            var partner = partners[i % partners.Length];
            var domain = Person.Fold(partner).Replace(" ", "", StringComparison.Ordinal) + ".example";
            Add(given, family, EmailFor(given, family, domain), "Workshop Facilitator", null, null, null, ["en"], [Roles.PartnerGuest], partner);
        }

        // Users first (people reference them), then people in an order where managers come before their teams.
        await bulk.InsertAsync(users, cancellationToken);
        await bulk.InsertAsync(people, cancellationToken);
        await bulk.InsertAsync(userRoles, cancellationToken);
    }

    /// <summary>192 random bits from the system's generator (not the demo's seeded one), as 32 URL-safe characters.</summary>
    private static string NewPassword() =>
        Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(24)).Replace('+', '-').Replace('/', '_');

    /// <summary>The one-click accounts' names stay theirs: "Fatima El Amrani" is the moderator, nobody else.</summary>
    private static readonly HashSet<string> DemoAccountNames = DemoAccounts.All.Select(a => a.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);

    private static (string Given, string Family) RandomName(Random random)
    {
        while (true)
        {
            var (given, family) = random.Next(4) == 0
                ? (EnglishGiven[random.Next(EnglishGiven.Length)], EnglishFamily[random.Next(EnglishFamily.Length)])
                : (DutchGiven[random.Next(DutchGiven.Length)], DutchFamily[random.Next(DutchFamily.Length)]);
            if (!DemoAccountNames.Contains($"{given} {family}"))
            {
                return (given, family);
            }
        }
    }

    private static string[] Languages(Random random) => random.Next(10) switch
    {
        < 6 => ["nl", "en"],
        < 8 => ["nl"],
        8 => ["en"],
        _ => ["nl", "en", "de"],
    };
}
