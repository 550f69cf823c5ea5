using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;
using Guild.Tests.Features.Administration;
using Guild.Tests.Features.Expertise;
using Guild.Tests.Features.Lrs;
using Guild.Tests.Infrastructure;
using Guild.Tests.Platform.Notifications;
using Guild.Web.Features.Lrs.Credentials;
using Guild.Web.Features.People;
using Guild.Web.Features.People.Import;
using Guild.Web.Platform.Identity;
using Guild.Web.Platform.Jobs;
using Guild.Web.Platform.Notifications;
using Microsoft.AspNetCore.Components.Endpoints;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.StaticAssets;
using Microsoft.EntityFrameworkCore;

namespace Guild.Tests.Platform.Security;

/// <summary>Who calls: a browser (signed in with roles as the demo has them, or not at all), or an xAPI tool with LRS credentials.</summary>
internal sealed record Caller(string Name, string[]? Roles = null, LrsScopes? Lrs = null)
{
    public bool HasCookie => Lrs is null;
}

/// <summary>An endpoint as Guild maps it: one per method, with the route pattern as written in the code.</summary>
internal sealed record MappedEndpoint(string Method, string Route, bool IsPage, RouteEndpoint Endpoint);

/// <summary>A form of a page as a browser would submit it: its fields with the values the page rendered.</summary>
internal sealed record PageForm(string Name, bool Multipart, IReadOnlyList<KeyValuePair<string, string>> Fields);

/// <summary>What one caller got from one row; <see cref="WithoutAntiforgery"/> only for unsafe methods called with a cookie.</summary>
internal sealed record SweepAnswer(string Status, string? WithoutAntiforgery, string? ServerError);

/// <summary>
/// Calls every endpoint of a running Guild as each <see cref="Callers">caller</see>, on objects that belong to
/// someone else, the way Guild's own pages and scripts call it (the form's antiforgery token, the API's header),
/// and once more without the token for every unsafe method.
/// </summary>
internal sealed partial class EndpointSweep(GuildApp app)
{
    public static readonly IReadOnlyList<Caller> Callers =
    [
        new("anon"),
        new("employee", [Roles.Employee]),
        new("champion", [Roles.Employee, Roles.Champion]),
        new("moderator", [Roles.Employee, Roles.Moderator]),
        new("admin", [Roles.Employee, Roles.LearningAdmin]),
        new("guest", [Roles.PartnerGuest]),
        new("lrs-read", Lrs: LrsScopes.Read),
        new("lrs-write", Lrs: LrsScopes.ReadWrite),
    ];

    /// <summary>Every static web asset (fingerprinted file names change with each build) shares one line of the table.</summary>
    public const string StaticAssetRoute = "{static-asset}";

    /// <summary>Methods tried on an endpoint that does not restrict them.</summary>
    private static readonly string[] AnyMethod = ["GET", "POST"];

    private readonly Dictionary<(string Route, string Form), PageForm> _forms = [];
    private readonly Dictionary<string, SortedSet<string>> _formsOfPage = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Session> _sessions = new(StringComparer.Ordinal);
    private TestPerson? _otherAdmin;
    private LrsTestClient? _statementWriter;

    public static List<MappedEndpoint> Enumerate(IServiceProvider services)
    {
        var endpoints = new List<MappedEndpoint>();
        foreach (var endpoint in services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            var isStatic = endpoint.Metadata.GetMetadata<StaticAssetDescriptor>() is not null;
            var route = isStatic ? StaticAssetRoute : endpoint.RoutePattern.RawText ?? "";
            var isPage = endpoint.Metadata.GetMetadata<ComponentTypeMetadata>() is not null;
            var methods = endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods is { Count: > 0 } declared ? declared : AnyMethod;
            endpoints.AddRange(methods.Select(method => new MappedEndpoint(method, route, isPage, endpoint)));
        }
        return endpoints;
    }

    /// <summary>The forms the pages showed to anyone in the first pass (GET), by route.</summary>
    public IReadOnlyDictionary<string, SortedSet<string>> FormsOfPages => _formsOfPage;

    public async Task StartAsync()
    {
        _otherAdmin = await app.CreatePersonAsync("Other", "Admin", [Roles.Employee, Roles.LearningAdmin]);
        _statementWriter = await app.CreateLrsClientAsync(LrsScopes.ReadWrite);
        // An import still queued from before would make every new one wait (409), and the sweep's own must finish.
        await app.RunDueJobsAsync();
        foreach (var caller in Callers)
        {
            var client = app.CreateGuildClient();
            TestPerson? person = null;
            if (caller.Roles is { } roles)
            {
                person = await app.CreatePersonAsync("Sweep", caller.Name, roles);
                await client.SignInAsync(person.Email, GuildApp.Password);
            }
            if (caller.Lrs is { } scopes)
            {
                var lrs = await app.CreateLrsClientAsync(scopes);
                client.Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", LrsTestClient.Basic(lrs.Key, lrs.Secret));
                lrs.Dispose();
            }
            _sessions[caller.Name] = new Session(caller, client, person, await VictimAsync());
        }
    }

    /// <summary>Finishes what the sweep started (the imports it queued) so later tests find no import in progress.</summary>
    public async Task FinishAsync()
    {
        await app.RunDueJobsAsync();
        foreach (var session in _sessions.Values)
        {
            session.Client.Dispose();
        }
        _statementWriter?.Dispose();
    }

    /// <summary>Calls one row as one caller. Safe methods of pages also collect the page's forms.</summary>
    /// <param name="path">The path to call instead of the row's route filled in (each static asset has its own).</param>
    public async Task<SweepAnswer> CallAsync(PermissionRow row, Caller caller, bool isPage, string? path = null)
    {
        var session = _sessions[caller.Name];
        var unsafeMethod = PermissionRow.IsUnsafe(row.Method);
        path ??= await FillRouteAsync(row, session, fresh: unsafeMethod);
        var request = Recipe.Parse(row.Request);
        var url = path + request.Query;

        PageForm? form = null;
        if (isPage && row.Method == "POST")
        {
            form = await FormForAsync(row, session, url);
        }

        string? withoutToken = null;
        string? serverError = null;
        if (unsafeMethod && caller.HasCookie && !url.StartsWith("/xapi", StringComparison.Ordinal))
        {
            using var bare = await SendAsync(session, row, url, request, form, antiforgery: false);
            withoutToken = Classify(bare);
            serverError = await ServerErrorAsync(bare);
            await AfterAsync(session, bare);
        }
        using var response = await SendAsync(session, row, url, request, form, antiforgery: true);
        var status = Classify(response);
        serverError ??= await ServerErrorAsync(response);
        if (!unsafeMethod && (int)response.StatusCode == 200 && response.Content.Headers.ContentType?.MediaType == "text/html")
        {
            Collect(row.Route, url, await response.Content.ReadAsStringAsync());
        }
        await AfterAsync(session, response);
        return new SweepAnswer(status, withoutToken, serverError);
    }

    public static string Classify(HttpResponseMessage response)
    {
        var code = (int)response.StatusCode;
        // The challenge of a page: to the sign-in page, with the way back (signing out also ends there, without it).
        if (code is >= 300 and < 400 && response.Headers.Location is { } location)
        {
            var target = location.IsAbsoluteUri ? location.PathAndQuery : location.OriginalString;
            if (target.StartsWith("/account/sign-in?", StringComparison.Ordinal) && target.Contains("ReturnUrl=", StringComparison.OrdinalIgnoreCase))
            {
                return "login";
            }
        }
        return code.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    public static bool IsSuccess(string status) => status != "login" && status[0] is '2' or '3';

    private static async Task<string?> ServerErrorAsync(HttpResponseMessage response)
    {
        if ((int)response.StatusCode < 500)
        {
            return null;
        }
        var body = await response.Content.ReadAsStringAsync();
        return $"{(int)response.StatusCode} {body[..Math.Min(body.Length, 400)]}";
    }

    /// <summary>A call that signed the caller out (sign-out itself) is followed by signing in again, so the next row is made as the same caller.</summary>
    private static async Task AfterAsync(Session session, HttpResponseMessage response)
    {
        if (session.Person is null || !response.Headers.TryGetValues("Set-Cookie", out var cookies)
            || !cookies.Any(cookie => cookie.StartsWith("guild.auth=;", StringComparison.Ordinal)))
        {
            return;
        }
        await session.Client.SignInAsync(session.Person.Email, GuildApp.Password);
        session.FormToken = null;
    }

    private static async Task<HttpResponseMessage> SendAsync(Session session, PermissionRow row, string url, Recipe recipe, PageForm? form, bool antiforgery)
    {
        using var message = new HttpRequestMessage(new HttpMethod(row.Method), url);
        if (url.StartsWith("/xapi", StringComparison.Ordinal))
        {
            message.Headers.Add("X-Experience-API-Version", "1.0.3");
        }
        var isApi = url.StartsWith("/api/", StringComparison.Ordinal);
        var isXapi = url.StartsWith("/xapi", StringComparison.Ordinal);
        if (form is not null)
        {
            message.Content = FormContent(form.Fields.Where(f => antiforgery || f.Key != "__RequestVerificationToken"), form.Multipart);
        }
        else if (recipe.Body is { } body)
        {
            message.Content = body.Content();
        }
        if (!isApi && !isXapi && PermissionRow.IsUnsafe(row.Method) && form is null && message.Content is null or FormUrlEncodedContent)
        {
            // A minimal endpoint behind a plain HTML form: the form carries the token as a field.
            var fields = recipe.Body?.FormFields ?? [];
            if (antiforgery)
            {
                fields = [.. fields, new("__RequestVerificationToken", await FormTokenAsync(session))];
            }
            message.Content = new FormUrlEncodedContent(fields);
        }
        session.Client.SendsApiAntiforgery = antiforgery;
        try
        {
            return await session.Client.Http.SendAsync(message);
        }
        finally
        {
            session.Client.SendsApiAntiforgery = true;
        }
    }

    private static HttpContent FormContent(IEnumerable<KeyValuePair<string, string>> fields, bool multipart)
    {
        if (!multipart)
        {
            return new FormUrlEncodedContent(fields);
        }
        var content = new MultipartFormDataContent();
        foreach (var (name, value) in fields)
        {
            content.Add(new StringContent(value), name);
        }
        return content;
    }

    /// <summary>
    /// The form a browser would submit: from the caller's own view of the page when they see it; otherwise the
    /// fields another caller saw, with this caller's token (a forged post of a form the page does not show them).
    /// </summary>
    private async Task<PageForm?> FormForAsync(PermissionRow row, Session session, string url)
    {
        if (row.Form is null)
        {
            return new PageForm("", false, [new("__RequestVerificationToken", await FormTokenAsync(session))]);
        }
        using (var page = await session.Client.Http.GetAsync(url))
        {
            if (page.StatusCode == HttpStatusCode.OK && page.Content.Headers.ContentType?.MediaType == "text/html"
                && Forms(await page.Content.ReadAsStringAsync(), url).FirstOrDefault(f => f.Name == row.Form) is { } own)
            {
                return own;
            }
        }
        var seen = _forms.TryGetValue((row.Route, row.Form), out var other) ? other.Fields : [new("_handler", row.Form)];
        var token = await FormTokenAsync(session);
        return new PageForm(row.Form, other?.Multipart ?? false,
            [.. seen.Where(f => f.Key != "__RequestVerificationToken"), new("__RequestVerificationToken", token)]);
    }

    /// <summary>An antiforgery token issued to this caller: from the home page when signed in, else from the sign-in page.</summary>
    private static async Task<string> FormTokenAsync(Session session)
    {
        if (session.FormToken is { } known)
        {
            return known;
        }
        foreach (var path in new[] { "/", "/account/sign-in" })
        {
            using var response = await session.Client.Http.GetAsync(path);
            var match = TokenPattern().Match(await response.Content.ReadAsStringAsync());
            if (response.StatusCode == HttpStatusCode.OK && match.Success)
            {
                return session.FormToken = WebUtility.HtmlDecode(match.Groups[1].Value);
            }
        }
        throw new InvalidOperationException($"No page gave {session.Caller.Name} an antiforgery token.");
    }

    private void Collect(string route, string url, string html)
    {
        foreach (var form in Forms(html, url))
        {
            if (!_formsOfPage.TryGetValue(route, out var names))
            {
                _formsOfPage[route] = names = new SortedSet<string>(StringComparer.Ordinal);
            }
            names.Add(form.Name);
            _forms.TryAdd((route, form.Name), form);
        }
    }

    /// <summary>The page's own forms (posted to the page itself, named with @formname), with the values as rendered.</summary>
    public static IEnumerable<PageForm> Forms(string html, string url)
    {
        var path = url.Split('?')[0];
        foreach (Match match in FormPattern().Matches(html))
        {
            var attributes = Attributes(match.Groups[1].Value);
            if (!string.Equals(attributes.GetValueOrDefault("method"), "post", StringComparison.OrdinalIgnoreCase)
                || (attributes.TryGetValue("action", out var action) && action.Split('?')[0] != path && action.Length > 0))
            {
                continue;
            }
            var fields = new List<KeyValuePair<string, string>>();
            foreach (Match input in InputPattern().Matches(match.Groups[2].Value))
            {
                var field = Attributes(input.Groups[1].Value);
                var type = field.GetValueOrDefault("type", "text").ToLowerInvariant();
                if (!field.TryGetValue("name", out var name) || type is "submit" or "button" or "file" or "image" or "reset"
                    || (type is "checkbox" or "radio" && !field.ContainsKey("checked")))
                {
                    continue;
                }
                fields.Add(new(name, field.GetValueOrDefault("value", type is "checkbox" or "radio" ? "on" : "")));
            }
            foreach (Match select in SelectPattern().Matches(match.Groups[2].Value))
            {
                var name = Attributes(select.Groups[1].Value).GetValueOrDefault("name");
                var options = OptionPattern().Matches(select.Groups[2].Value).Select(o => Attributes(o.Groups[1].Value)).ToList();
                var chosen = options.FirstOrDefault(o => o.ContainsKey("selected")) ?? options.FirstOrDefault();
                if (name is not null && chosen?.GetValueOrDefault("value") is { } value)
                {
                    fields.Add(new(name, value));
                }
            }
            foreach (Match area in TextAreaPattern().Matches(match.Groups[2].Value))
            {
                if (Attributes(area.Groups[1].Value).GetValueOrDefault("name") is { } name)
                {
                    fields.Add(new(name, WebUtility.HtmlDecode(area.Groups[2].Value)));
                }
            }
            if (fields.FirstOrDefault(f => f.Key == "_handler").Value is { Length: > 0 } formName)
            {
                yield return new PageForm(formName,
                    string.Equals(attributes.GetValueOrDefault("enctype"), "multipart/form-data", StringComparison.OrdinalIgnoreCase), fields);
            }
        }
    }

    private static Dictionary<string, string> Attributes(string tag)
    {
        var attributes = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (Match attribute in AttributePattern().Matches(tag))
        {
            attributes.TryAdd(attribute.Groups[1].Value, WebUtility.HtmlDecode(attribute.Groups[2].Success ? attribute.Groups[2].Value : ""));
        }
        return attributes;
    }

    /// <summary>The route with its parameters filled: ids of objects that belong to someone other than the caller.</summary>
    private async Task<string> FillRouteAsync(PermissionRow row, Session session, bool fresh)
    {
        if (row.Route == StaticAssetRoute)
        {
            throw new InvalidOperationException("Static assets are called by their own routes.");
        }
        var route = row.Route.StartsWith('/') ? row.Route : "/" + row.Route;
        var result = new StringBuilder();
        var last = 0;
        Guid? firstId = null;
        foreach (Match parameter in ParameterPattern().Matches(route))
        {
            result.Append(route, last, parameter.Index - last);
            var name = parameter.Groups["name"].Value;
            var constraint = parameter.Groups["constraint"].Value;
            result.Append(name switch
            {
                // A skill the person named before it in the route has listed (endorsements need one).
                "skillId" when firstId is { } owner => (await ListedSkillAsync(owner)).ToString(),
                "documentName" => "v1",
                // A festival's own workshop, partner and invitation link (the festival is the route's first id).
                "workshopId" or "WorkshopId" when firstId is { } festival => (await FestivalPartAsync(festival, "workshop")).ToString(),
                "proposalId" when firstId is { } festival => (await FestivalPartAsync(festival, "proposal")).ToString(),
                "partnerId" when firstId is { } festival => (await FestivalPartAsync(festival, "partner")).ToString(),
                "invitationId" when firstId is { } festival => (await FestivalPartAsync(festival, "invitation")).ToString(),
                "Code" => "404",
                "rest" => "nothing-here",
                "path" => "missing-" + Guid.NewGuid().ToString("N")[..8] + ".txt",
                _ when constraint.StartsWith(":guid", StringComparison.OrdinalIgnoreCase) =>
                    (await FillIdAsync()).ToString(),
                _ when constraint.StartsWith(":int", StringComparison.OrdinalIgnoreCase) => "1",
                _ => "x",
            });
            last = parameter.Index + parameter.Length;
        }
        result.Append(route, last, route.Length - last);
        return result.ToString();

        async Task<Guid> FillIdAsync()
        {
            var id = await ObjectAsync(session, row.ObjectKind ?? ObjectKindOf(row.Route), fresh);
            firstId ??= id;
            return id;
        }
    }

    /// <summary>A workshop, partner or invitation link of a festival the sweep made.</summary>
    private Task<Guid> FestivalPartAsync(Guid festivalId, string part) => app.WithDbAsync(db => part switch
    {
        "workshop" => db.Set<Guild.Web.Features.Events.Festivals.FestivalWorkshop>().Where(w => w.FestivalId == festivalId).Select(w => w.EventId).FirstAsync(),
        "partner" => db.Set<Guild.Web.Features.Events.Festivals.FestivalPartner>().Where(p => p.FestivalId == festivalId).Select(p => p.Id).FirstAsync(),
        "proposal" => db.Set<Guild.Web.Features.Events.Festivals.FestivalProposal>().Where(p => p.FestivalId == festivalId).Select(p => p.Id).FirstAsync(),
        _ => db.Set<Guild.Web.Features.Events.Festivals.FestivalInvitation>()
            .Where(i => db.Set<Guild.Web.Features.Events.Festivals.FestivalPartner>().Any(p => p.Id == i.PartnerId && p.FestivalId == festivalId)).Select(i => i.Id).FirstAsync(),
    });

    /// <summary>Whose object a route's id names, by what the route is about; a line can choose another with <c>id=KIND</c>.</summary>
    public static string ObjectKindOf(string route) => route switch
    {
        _ when route.Contains("/imports/", StringComparison.Ordinal) || route.Contains("/people/import/", StringComparison.Ordinal) => "import",
        _ when route.Contains("tokens/", StringComparison.Ordinal) => "token",
        _ when route.Contains("/jobs/", StringComparison.Ordinal) => "job",
        _ when route.Contains("/notifications/", StringComparison.Ordinal) => "notification",
        _ when route.Contains("/lrs/clients/", StringComparison.Ordinal) => "lrs-client",
        _ when route.Contains("/lrs/statements/", StringComparison.Ordinal) => "statement",
        _ when route.Contains("/capabilities/", StringComparison.Ordinal) || route.Contains("/admin/coverage/", StringComparison.Ordinal) => "capability",
        _ when route.Contains("/calls/", StringComparison.Ordinal) => "call",
        _ when route.Contains("/champions/", StringComparison.Ordinal) => "person",
        _ when route.Contains("/people/", StringComparison.Ordinal) => "person",
        _ when route.Contains("/components/", StringComparison.Ordinal) => "component",
        _ when route.Contains("/map/{", StringComparison.Ordinal) => "capability",
        _ when route.Contains("/teams/", StringComparison.Ordinal) => "team",
        _ when route.Contains("/asks/{", StringComparison.Ordinal) => "ask",
        _ when route.Contains("/coffee/pairs/{", StringComparison.Ordinal) => "coffee-pair",
        _ when route.Contains("/restock/requests/{", StringComparison.Ordinal) => "restock-request",
        _ when route.Contains("/events/series/talks/{", StringComparison.Ordinal) => "series-talk",
        _ when route.Contains("/events/series/{", StringComparison.Ordinal) => "series",
        _ when route.Contains("/festivals/{", StringComparison.Ordinal) => "festival",
        _ when route.Contains("/events/{", StringComparison.Ordinal) => "event",
        _ when route.Contains("/collections/{", StringComparison.Ordinal) => "collection",
        _ when route.Contains("/community/spaces/{", StringComparison.Ordinal) => "space",
        _ when route.Contains("/community/threads/{", StringComparison.Ordinal) => "thread",
        _ when route.Contains("/community/posts/{", StringComparison.Ordinal) => "post",
        _ when route.Contains("/resources/{", StringComparison.Ordinal) || route.Contains("/library/{", StringComparison.Ordinal) => "resource",
        _ when route.Contains("/uploads/", StringComparison.Ordinal) => "upload",
        _ when route.StartsWith("/media/{", StringComparison.Ordinal) || route.Contains("/api/v1/media/{", StringComparison.Ordinal) => "media",
        _ => "random",
    };

    /// <summary>
    /// An object of the given kind that belongs to someone else. Unsafe calls get a fresh one each, so what one row
    /// changes (a deactivation, a revoked token) never decides what the next row answers; reads share one per caller.
    /// </summary>
    private async Task<Guid> ObjectAsync(Session session, string kind, bool fresh)
    {
        if (!fresh || kind is "import" or "statement")
        {
            if (!session.Objects.TryGetValue(kind, out var id))
            {
                session.Objects[kind] = id = await CreateObjectAsync(session, kind);
            }
            return id;
        }
        return await CreateObjectAsync(session, kind);
    }

    private async Task<Guid> CreateObjectAsync(Session session, string kind)
    {
        switch (kind)
        {
            case "person":
                return await VictimAsync();
            case "token":
                return (await app.CreateTokenAsync(session.Victim, new ApiTokenRequest("Someone else's token", ExpiresInDays: 30))).Token.Id;
            case "job":
                return await app.WithDbAsync(async db =>
                {
                    var job = new BackgroundJob
                    {
                        Id = Guid.CreateVersion7(), Kind = TestJobHandler.JobKind,
                        Payload = System.Text.Json.JsonSerializer.Serialize(new TestJobPayload("sweep-" + Guid.NewGuid().ToString("N"))),
                        Status = JobStatus.Failed, Attempts = 8, CreatedAt = app.Clock.GetUtcNow(), RunAfter = app.Clock.GetUtcNow(),
                        FinishedAt = app.Clock.GetUtcNow(), StartedById = session.Victim, LastError = "Planned failure.",
                    };
                    db.Add(job);
                    await db.SaveChangesAsync();
                    return job.Id;
                });
            case "notification":
                var subject = "sweep-" + Guid.NewGuid().ToString("N");
                await app.NotifyAsync(NotificationTestKit.Thanked(subject, "Someone else's notification", "Sweep"), session.Victim);
                return await app.WithDbAsync(db => db.Set<Notification>().Where(n => n.RecipientId == session.Victim && n.SubjectKey == subject)
                    .Select(n => n.Id).FirstAsync());
            case "import":
                var started = await app.AsPersonAsync(_otherAdmin!.Id, services => services.GetRequiredService<PeopleImports>().StartAsync(
                    new MemoryStream(Encoding.UTF8.GetBytes($"email,givenName,familyName\nimported.{Guid.NewGuid():N}@test.example,Imported,Person\n")),
                    "someone-elses.csv", false, CancellationToken.None));
                Assert.True(started.IsOk, $"The other admin's import did not start: {started.Status} {started.Message}");
                await app.RunJobAsync(started.Value!.Id);
                return started.Value.Id;
            case "lrs-client":
                var created = await app.AsPersonAsync(_otherAdmin!.Id, services => services.GetRequiredService<LrsClients>().CreateAsync(
                    new LrsClientRequest("Someone else's client", LrsScopes.ReadWrite, null), CancellationToken.None));
                return created.Value!.Client.Id;
            case "statement":
                return (await _statementWriter!.StoreAsync(LrsTesting.Statement(actor: "someone.else"))).Single();
            case "capability":
                // Someone else looks after it: its owner may see its coverage, other employees may not.
                var capability = await app.CreateCapabilityAsync("Someone else's capability", "Component");
                await app.WithDbAsync(db => db.Set<Guild.Web.Features.Expertise.Map.Capability>().Where(c => c.Id == capability.Id)
                    .ExecuteUpdateAsync(set => set.SetProperty(c => c.OwnerId, session.Victim)));
                return capability.Id;
            case "call":
                return await SomeoneElsesCallAsync(session.Victim);
            case "component":
                return (await app.CreateCapabilityAsync("Sweep capability", "Part", "Other part")).Components[0].Id;
            case "ask":
                // Someone else's open ask, routed to nobody (so only rules by role decide what the caller may do).
                return await app.WithDbAsync(async db =>
                {
                    var ask = new Guild.Web.Features.Asks.Ask
                    {
                        Id = Guid.CreateVersion7(), Title = "Someone else's question", AuthorId = session.Victim,
                        Status = Guild.Web.Features.Asks.AskStatus.Open, CreatedAt = app.Clock.GetUtcNow(),
                    };
                    db.Add(ask);
                    await db.SaveChangesAsync();
                    return ask.Id;
                });
            case "coffee-pair":
                // Someone else's learning-coffee pair (two other people), in a round of its own far below any real one.
                return await app.WithDbAsync(async db =>
                {
                    var round = new Guild.Web.Features.LearningCoffee.CoffeeRound
                    {
                        Id = Guid.CreateVersion7(), Number = -Random.Shared.Next(1, int.MaxValue), StartedAt = app.Clock.GetUtcNow(),
                    };
                    var pair = new Guild.Web.Features.LearningCoffee.CoffeePair
                    {
                        Id = Guid.CreateVersion7(), RoundId = round.Id,
                        Members = [new() { PersonId = session.Victim }, new() { PersonId = await VictimAsync() }],
                    };
                    db.AddRange(round, pair);
                    await db.SaveChangesAsync();
                    return pair.Id;
                });
            case "team":
                // Someone else's team that the caller is not on (its one member invited, so it is more than a draft).
                return await app.WithDbAsync(async db =>
                {
                    var now = app.Clock.GetUtcNow();
                    var team = new Guild.Web.Features.Expertise.Teams.FlexibleTeam
                    {
                        Id = Guid.CreateVersion7(), Name = "Someone else's team", Purpose = "Sweep", ProposerId = session.Victim,
                        EndsOn = DateOnly.FromDateTime(now.UtcDateTime).AddDays(30), CreatedAt = now, UpdatedAt = now, InvitedAt = now,
                    };
                    db.Add(team);
                    db.Add(new Guild.Web.Features.Expertise.Teams.TeamMember
                    {
                        TeamId = team.Id, PersonId = await VictimAsync(), Status = Guild.Web.Features.Expertise.Teams.TeamMemberStatus.Invited, InvitedAt = now,
                    });
                    await db.SaveChangesAsync();
                    return team.Id;
                });
            case "resource":
                // Someone else's draft: only its author (and L&D admins) may see it.
                var about = (await app.CreateCapabilityAsync("Sweep library", "Component")).Components[0].Id;
                return await app.WithDbAsync(async db =>
                {
                    var now = app.Clock.GetUtcNow();
                    var resource = new Guild.Web.Features.Library.Resources.Resource
                    {
                        Id = Guid.CreateVersion7(), Kind = Guild.Web.Features.Library.Resources.ResourceKind.Article,
                        Status = Guild.Web.Features.Library.Resources.ResourceStatus.Draft, Title = "Someone else's draft", Summary = "Sweep",
                        Language = "en", Markdown = "Sweep", Html = "<p>Sweep</p>", ReadingMinutes = 1, CreatedById = session.Victim, CreatedAt = now, UpdatedAt = now,
                    };
                    db.Add(resource);
                    db.Add(new Guild.Web.Features.Library.Resources.ResourceComponent { ResourceId = resource.Id, ComponentId = about });
                    db.Add(new Guild.Web.Features.Library.Resources.ResourceAuthor { ResourceId = resource.Id, PersonId = session.Victim });
                    await db.SaveChangesAsync();
                    return resource.Id;
                });
            case "event":
                // An upcoming event someone else organises, with places free: anyone may see and register; only its organisers run it.
                return await app.WithDbAsync(async db =>
                {
                    var now = app.Clock.GetUtcNow();
                    var planned = new Guild.Web.Features.Events.GuildEvent
                    {
                        Id = Guid.CreateVersion7(), Title = "Someone else's event", StartsAt = now.AddDays(7), EndsAt = now.AddDays(7).AddHours(1),
                        TimeZone = "Europe/Amsterdam", Room = "Room 1", Capacity = 100, CreatedById = session.Victim, CreatedAt = now, UpdatedAt = now,
                        TicketKey = new byte[32],
                    };
                    planned.Organisers.Add(new Guild.Web.Features.Events.EventOrganiser { PersonId = session.Victim });
                    db.Add(planned);
                    await db.SaveChangesAsync();
                    return planned.Id;
                });
            case "series":
            case "series-talk":
                // A weekly lecture series someone else organises, with one open date a week ahead: anyone sees it and may speak; only
                // its organisers change it or propose speakers. A talk route names the date (its event).
                return await app.WithDbAsync(async db =>
                {
                    var now = app.Clock.GetUtcNow();
                    var series = new Guild.Web.Features.Events.Series.LectureSeries
                    {
                        Id = Guid.CreateVersion7(), Title = "Someone else's series", RecurrenceRule = "FREQ=WEEKLY", TimeZone = "Europe/Amsterdam",
                        FirstDate = DateOnly.FromDateTime(now.UtcDateTime).AddDays(7), StartTime = new TimeOnly(12, 30), DurationMinutes = 15, Room = "Room 1",
                        Capacity = 30, CreatedById = session.Victim, CreatedAt = now, UpdatedAt = now,
                    };
                    series.Organisers.Add(new Guild.Web.Features.Events.Series.SeriesOrganiser { PersonId = session.Victim });
                    // Speaker suggestions come from departments: the victim has one, so the roster always offers its propose form.
                    var victim = await db.Set<Guild.Web.Features.People.Person>().FirstAsync(p => p.Id == session.Victim);
                    if (victim.DepartmentId is null)
                    {
                        var department = new Guild.Web.Features.People.OrgUnit
                        {
                            Id = Guid.CreateVersion7(), Kind = Guild.Web.Features.People.OrgUnitKind.Department, Name = "Sweep department " + Guid.NewGuid().ToString("N")[..6],
                        };
                        db.Add(department);
                        victim.DepartmentId = department.Id;
                    }
                    var occurrence = new Guild.Web.Features.Events.GuildEvent
                    {
                        Id = Guid.CreateVersion7(), Title = series.Title, StartsAt = now.AddDays(7), EndsAt = now.AddDays(7).AddMinutes(15), TimeZone = "Europe/Amsterdam",
                        Room = "Room 1", Capacity = 30, CreatedById = session.Victim, CreatedAt = now, UpdatedAt = now, TicketKey = new byte[32], SeriesId = series.Id,
                    };
                    db.Add(series);
                    db.Add(occurrence);
                    db.Add(new Guild.Web.Features.Events.Series.SeriesTalk
                    {
                        EventId = occurrence.Id, SeriesId = series.Id, RuleDate = series.FirstDate, Status = Guild.Web.Features.Events.Series.TalkStatus.Open,
                    });
                    await db.SaveChangesAsync();
                    return kind == "series" ? series.Id : occurrence.Id;
                });
            case "festival":
                // A published festival someone else organised, with a room, a partner, a workshop and an invitation link.
                return await app.WithDbAsync(async db =>
                {
                    var now = app.Clock.GetUtcNow();
                    var day = DateOnly.FromDateTime(now.UtcDateTime).AddDays(30);
                    var festival = new Guild.Web.Features.Events.Festivals.Festival
                    {
                        Id = Guid.CreateVersion7(), Name = "Someone else's festival " + Guid.NewGuid().ToString("N")[..6], TimeZone = "Europe/Amsterdam", FirstDay = day,
                        LastDay = day.AddDays(1), Status = Guild.Web.Features.Events.Festivals.FestivalStatus.Published, CreatedById = session.Victim, CreatedAt = now,
                    };
                    var room = new Guild.Web.Features.Events.Festivals.FestivalRoom { Id = Guid.CreateVersion7(), Name = "Hall", Capacity = 100 };
                    var partner = new Guild.Web.Features.Events.Festivals.FestivalPartner { Id = Guid.CreateVersion7(), Name = "Sweep partner", QuotaPerWorkshop = 5 };
                    festival.Rooms.Add(room);
                    festival.Partners.Add(partner);
                    var workshop = new Guild.Web.Features.Events.GuildEvent
                    {
                        Id = Guid.CreateVersion7(), Title = "Someone else's workshop", StartsAt = now.AddDays(30), EndsAt = now.AddDays(30).AddHours(1),
                        TimeZone = "Europe/Amsterdam", Room = "Hall", Capacity = 100, CreatedById = session.Victim, CreatedAt = now, UpdatedAt = now,
                        TicketKey = new byte[32], FestivalId = festival.Id,
                    };
                    workshop.Organisers.Add(new Guild.Web.Features.Events.EventOrganiser { PersonId = session.Victim });
                    db.Add(festival);
                    db.Add(workshop);
                    db.Add(new Guild.Web.Features.Events.Festivals.FestivalWorkshop { EventId = workshop.Id, FestivalId = festival.Id, RoomId = room.Id });
                    db.AddRange(Guild.Web.Features.Events.Festivals.FestivalPlaces.SplitPlaces(workshop.Id, 100, [partner]));
                    db.Add(new Guild.Web.Features.Events.Festivals.FestivalInvitation
                    {
                        Id = Guid.CreateVersion7(), PartnerId = partner.Id, TokenHash = System.Security.Cryptography.RandomNumberGenerator.GetBytes(32), CreatedAt = now,
                        CreatedById = session.Victim, ExpiresAt = now.AddDays(14),
                    });
                    // A partner guest's open workshop proposal (the victim stands in for the guest).
                    db.Add(new Guild.Web.Features.Events.Festivals.FestivalProposal
                    {
                        Id = Guid.CreateVersion7(), FestivalId = festival.Id, PartnerId = partner.Id, GuestId = session.Victim, Title = "Someone else's proposal",
                        Minutes = 60, State = Guild.Web.Features.Events.Festivals.ProposalState.Open, CreatedAt = now,
                    });
                    await db.SaveChangesAsync();
                    return festival.Id;
                });
            case "restock-request":
                // A restock request assigned to someone else: only they (and L&D admins) may see or fulfil it.
                return await app.WithDbAsync(async db =>
                {
                    var now = app.Clock.GetUtcNow();
                    var request = new Guild.Web.Features.Restock.RestockRequest
                    {
                        Id = Guid.CreateVersion7(), ItemKey = "search:" + Guid.NewGuid(), Kind = Guild.Web.Features.Restock.RestockKind.Search,
                        Title = "Someone else's restock request", Demand = 1, ChampionId = session.Victim, CreatedById = session.Victim,
                        DueOn = DateOnly.FromDateTime(now.UtcDateTime).AddDays(30), Status = Guild.Web.Features.Restock.RestockStatus.Open, CreatedAt = now,
                    };
                    db.Add(request);
                    await db.SaveChangesAsync();
                    return request.Id;
                });
            case "space":
            case "thread":
            case "post":
                // Someone else's SECRET space (a thread with a reply in it): to everyone else it does not exist, so every call is a 404.
                return await app.WithDbAsync(async db =>
                {
                    var now = app.Clock.GetUtcNow();
                    var space = new Guild.Web.Features.Community.Spaces.Space
                    {
                        Id = Guid.CreateVersion7(), Slug = "sweep-" + Guid.NewGuid().ToString("N")[..12], Name = "Someone else's secret space",
                        Kind = Guild.Web.Features.Community.Spaces.SpaceKind.Secret, AllowAnonymousQuestions = true, CreatedById = session.Victim,
                        CreatedAt = now, UpdatedAt = now,
                    };
                    var thread = new Guild.Web.Features.Community.Posts.Post
                    {
                        Id = Guid.CreateVersion7(), SpaceId = space.Id, Kind = Guild.Web.Features.Community.Posts.PostKind.Question, Title = "Secret question",
                        Markdown = "Secret", Html = "<p>Secret</p>", AuthorId = session.Victim, Anonymous = true, CreatedAt = now, LastActivityAt = now,
                    };
                    thread.ThreadId = thread.Id;
                    var reply = new Guild.Web.Features.Community.Posts.Post
                    {
                        Id = Guid.CreateVersion7(), SpaceId = space.Id, ThreadId = thread.Id, ParentId = thread.Id, Depth = 1,
                        Kind = Guild.Web.Features.Community.Posts.PostKind.Reply, Markdown = "Reply", Html = "<p>Reply</p>", AuthorId = session.Victim,
                        CreatedAt = now, LastActivityAt = now,
                    };
                    db.AddRange(space, thread, reply);
                    db.Add(new Guild.Web.Features.Community.Spaces.SpaceMember
                    {
                        SpaceId = space.Id, PersonId = session.Victim, Status = Guild.Web.Features.Community.Spaces.MembershipStatus.Member, IsModerator = true,
                        CreatedAt = now, JoinedAt = now,
                    });
                    await db.SaveChangesAsync();
                    return kind switch { "space" => space.Id, "thread" => thread.Id, _ => reply.Id };
                });
            case "collection":
                // Someone else's draft collection: only its owner, co-curators and L&D admins may see it.
                return await app.WithDbAsync(async db =>
                {
                    var now = app.Clock.GetUtcNow();
                    var collection = new Guild.Web.Features.Library.Browse.Collection
                    {
                        Id = Guid.CreateVersion7(), Title = "Someone else's collection", Description = "Sweep", OwnerId = session.Victim, CreatedAt = now, UpdatedAt = now,
                    };
                    db.Add(collection);
                    await db.SaveChangesAsync();
                    return collection.Id;
                });
            case "upload":
                // Someone else's unfinished upload: only its creator may see, continue or end it.
                return await app.WithDbAsync(async db =>
                {
                    var now = app.Clock.GetUtcNow();
                    var upload = new Guild.Web.Platform.Uploads.Upload
                    {
                        Id = Guid.CreateVersion7(), OwnerId = session.Victim, Purpose = Guild.Web.Platform.Uploads.UploadPurposes.Video,
                        FileName = "someone-elses.mp4", Length = 1000, State = Guild.Web.Platform.Uploads.UploadState.Receiving,
                        ExpiresAt = now.AddDays(1), CreatedAt = now, UpdatedAt = now,
                    };
                    db.Add(upload);
                    await db.SaveChangesAsync();
                    return upload.Id;
                });
            case "media":
                // Someone else's video that nothing published shows (a draft's), failed so that its owner could retry it.
                return await app.WithDbAsync(async db =>
                {
                    var now = app.Clock.GetUtcNow();
                    var asset = new Guild.Web.Features.Library.Media.MediaAsset
                    {
                        Id = Guid.CreateVersion7(), OwnerId = await VictimAsync(), SourceKey = $"uploads/sweep/{Guid.NewGuid():N}.mp4",
                        State = Guild.Web.Features.Library.Media.MediaState.Failed, FailureReason = "Unreadable", CreatedAt = now, UpdatedAt = now,
                    };
                    db.Add(asset);
                    await db.SaveChangesAsync();
                    return asset.Id;
                });
            default:
                return Guid.NewGuid();
        }
    }

    /// <summary>An open call for champions that reached only the victim (so no caller is among its recipients).</summary>
    private async Task<Guid> SomeoneElsesCallAsync(Guid victim)
    {
        var capability = await app.CreateCapabilityAsync("Sweep", "Component");
        var now = app.Clock.GetUtcNow();
        var call = new Guild.Web.Features.Expertise.Calls.ChampionCall
        {
            Id = Guid.CreateVersion7(), Title = "Someone else's call", Message = "For the victim only.", CapabilityId = capability.Id,
            Audience = Guild.Web.Features.Expertise.Calls.CallAudience.OrgUnits, ClosesAt = now.AddDays(30), CreatedById = victim,
            CreatedAt = now, UpdatedAt = now, SentAt = now,
        };
        await app.WithDbAsync(async db =>
        {
            db.Add(call);
            db.Add(new Guild.Web.Features.Expertise.Calls.CallComponent { CallId = call.Id, ComponentId = capability.Components[0].Id });
            db.Add(new Guild.Web.Features.Expertise.Calls.CallRecipient { CallId = call.Id, PersonId = victim });
            await db.SaveChangesAsync();
        });
        return call.Id;
    }
    /// <summary>A new skill that the person lists on their profile.</summary>
    private Task<Guid> ListedSkillAsync(Guid personId) =>
        app.WithDbAsync(async db =>
        {
            var name = "Swept skill " + Guid.NewGuid().ToString("N")[..10];
            var skill = new Guild.Web.Features.Expertise.Map.Skill { Id = Guid.CreateVersion7(), Name = name, NameKey = name.ToLowerInvariant(), CreatedAt = app.Clock.GetUtcNow() };
            db.Add(skill);
            db.Add(new Guild.Web.Features.Expertise.Profiles.PersonSkill
            {
                PersonId = personId, SkillId = skill.Id, Level = Guild.Web.Features.Expertise.Calls.ExpertiseLevel.CanExplainIt, UpdatedAt = app.Clock.GetUtcNow(),
            });
            await db.SaveChangesAsync();
            return skill.Id;
        });

    /// <summary>Another employee with an account (invited, no password yet: no password hashing, so cheap to make many).</summary>
    private async Task<Guid> VictimAsync()
    {
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<GuildUser>>();
        var db = scope.ServiceProvider.GetRequiredService<Guild.Web.Platform.Data.GuildDb>();
        var unique = Guid.NewGuid().ToString("N")[..10];
        var email = $"someone.else.{unique}@test.example";
        var user = new GuildUser { Id = Guid.CreateVersion7(), UserName = email, Email = email, EmailConfirmed = true };
        Assert.True((await users.CreateAsync(user)).Succeeded);
        Assert.True((await users.AddToRoleAsync(user, Roles.Employee)).Succeeded);
        var person = new Person { Id = user.Id, GivenName = "Someone", FamilyName = "Else " + unique, CreatedAt = app.Clock.GetUtcNow() };
        person.RefreshNameKeys();
        db.Add(person);
        await db.SaveChangesAsync();
        return user.Id;
    }

    private sealed class Session(Caller caller, GuildClient client, TestPerson? person, Guid victim)
    {
        public Caller Caller { get; } = caller;
        public GuildClient Client { get; } = client;
        public TestPerson? Person { get; } = person;
        /// <summary>The other person whose things this caller reaches for.</summary>
        public Guid Victim { get; } = victim;
        public Dictionary<string, Guid> Objects { get; } = new(StringComparer.Ordinal);
        public string? FormToken { get; set; }
    }

    [GeneratedRegex(@"\{(?<catchall>\*\*)?(?<name>\w+)(?<constraint>:[^}?]+)?\??\}")]
    private static partial Regex ParameterPattern();

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();

    [GeneratedRegex(@"<form\b([^>]*)>(.*?)</form>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex FormPattern();

    [GeneratedRegex(@"<input\b([^>]*)/?>", RegexOptions.IgnoreCase)]
    private static partial Regex InputPattern();

    [GeneratedRegex(@"<select\b([^>]*)>(.*?)</select>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex SelectPattern();

    [GeneratedRegex(@"<option\b([^>]*)>", RegexOptions.IgnoreCase)]
    private static partial Regex OptionPattern();

    [GeneratedRegex(@"<textarea\b([^>]*)>(.*?)</textarea>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex TextAreaPattern();

    [GeneratedRegex(@"([\w:-]+)(?:\s*=\s*""([^""]*)"")?")]
    private static partial Regex AttributePattern();
}

/// <summary>
/// How a row's request is made (the text after the cells): an optional query (<c>?a=b</c>), then a body —
/// <c>json {…}</c>, <c>form a=b&amp;c=d</c>, or a named one: <c>@csv</c> (an employee CSV in the multipart field
/// <c>file</c>), <c>@mapcsv</c> (a know-how map CSV, likewise), <c>@png</c> (a 1×1 image), <c>@statement</c> (an xAPI statement). Placeholders: <c>{uuid}</c>,
/// <c>{unique}</c>, <c>{agent}</c> and <c>{activity}</c> (URL-encoded xAPI agent and activity id).
/// </summary>
internal sealed record Recipe(string Query, RecipeBody? Body)
{
    public static Recipe Parse(string text)
    {
        text = Fill(text.Trim());
        var query = "";
        if (text.StartsWith('?'))
        {
            var end = text.IndexOf(' ', StringComparison.Ordinal);
            query = end < 0 ? text : text[..end];
            text = end < 0 ? "" : text[end..].Trim();
        }
        RecipeBody? body = text switch
        {
            "" => null,
            _ when text.StartsWith("json ", StringComparison.Ordinal) => new RecipeBody("application/json", Encoding.UTF8.GetBytes(text[5..].Trim()), null),
            _ when text.StartsWith("form ", StringComparison.Ordinal) => new RecipeBody(null, null,
                text[5..].Trim().Split('&').Select(pair => pair.Split('=', 2))
                    .Select(pair => new KeyValuePair<string, string>(Uri.UnescapeDataString(pair[0]), pair.Length > 1 ? Uri.UnescapeDataString(pair[1]) : "")).ToList()),
            "@csv" => new RecipeBody("multipart/form-data", Encoding.UTF8.GetBytes(
                $"email,givenName,familyName\nsweep.{Guid.NewGuid():N}@test.example,Sweep,Import\n"), null),
            "@mapcsv" => new RecipeBody("multipart/form-data", Encoding.UTF8.GetBytes(
                $"capability,component,parent\nSweep map {Guid.NewGuid():N},Part,\n"), null),
            "@png" => new RecipeBody("image/png", Png, null),
            "@statement" => new RecipeBody("application/json", Encoding.UTF8.GetBytes(LrsTesting.Statement(actor: "sweep")), null),
            _ => throw new InvalidDataException($"Unknown request \"{text}\" in {EndpointPermissionTable.SourcePath}."),
        };
        return new Recipe(query, body);
    }

    private static string Fill(string text) => text
        .Replace("{agent}", Uri.EscapeDataString("{\"objectType\":\"Agent\",\"mbox\":\"mailto:sweep@example.com\"}"), StringComparison.Ordinal)
        .Replace("{activity}", Uri.EscapeDataString("http://example.com/activities/sweep"), StringComparison.Ordinal)
        .Replace("{uuid}", Guid.NewGuid().ToString(), StringComparison.Ordinal)
        .Replace("{unique}", Guid.NewGuid().ToString("N")[..10], StringComparison.Ordinal);

    /// <summary>A valid 1×1 PNG.</summary>
    public static readonly byte[] Png = Convert.FromBase64String(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==");
}

internal sealed record RecipeBody(string? MediaType, byte[]? Bytes, IReadOnlyList<KeyValuePair<string, string>>? FormFields)
{
    public HttpContent Content()
    {
        if (FormFields is not null)
        {
            return new FormUrlEncodedContent(FormFields);
        }
        if (MediaType == "multipart/form-data")
        {
            var content = new MultipartFormDataContent();
            var file = new ByteArrayContent(Bytes!);
            file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
            content.Add(file, "file", "people.csv");
            content.Add(new StringContent("false"), "inviteNewPeople");
            return content;
        }
        var bytes = new ByteArrayContent(Bytes!);
        bytes.Headers.ContentType = new MediaTypeHeaderValue(MediaType!);
        return bytes;
    }
}
