using System.Text.RegularExpressions;
using Guild.Web.Features.Expertise.Calls;
using Guild.Web.Features.Expertise.Map;
using Guild.Web.Features.People;
using Guild.Web.Platform;
using Guild.Web.Platform.Data;
using Guild.Web.Platform.Identity;
using Guild.Web.Platform.LearningRecords;
using Guild.Web.Platform.Notifications;
using Guild.Web.Platform.Organisation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Guild.Web.Features.Expertise.Profiles;

/// <summary>One skill of <c>PUT /api/v1/me/skills</c>: a known skill by id, or any skill by name.</summary>
/// <param name="SkillId">A skill of the organisation's vocabulary (see the know-how map); leave out to name one.</param>
/// <param name="Name">The skill's name when no id is given; a name nobody used yet adds the skill (at most 100 characters).</param>
/// <param name="Level">UsesIt, CanExplainIt or CanTeachIt (required).</param>
public sealed record SkillInput(Guid? SkillId, string? Name, ExpertiseLevel? Level);

/// <summary>Body of <c>PUT /api/v1/me/skills</c>: the complete list; skills left out are removed with their endorsements.</summary>
/// <param name="Skills">At most 30 skills, each once.</param>
public sealed record SkillsRequest(IReadOnlyList<SkillInput>? Skills);

/// <summary>Body of <c>PUT /api/v1/me/topics</c>: the complete list, in order.</summary>
/// <param name="Topics">At most 10 "ask me about" topics of at most 80 characters, each once.</param>
public sealed record TopicsRequest(IReadOnlyList<string?>? Topics);

/// <summary>Body of <c>PUT /api/v1/me/availability</c>; empty fields clear it.</summary>
/// <param name="AwayUntil">Away until the end of this day (today or later); null when around.</param>
/// <param name="HoursPerMonth">Hours a month for teaching and answering, 0 to 160.</param>
/// <param name="Note">A short word on availability (at most 200 characters), seen by the person's manager and learning admins.</param>
public sealed record AvailabilityRequest(DateOnly? AwayUntil, int? HoursPerMonth, string? Note);

/// <summary>A skill's endorsements after an endorsement was given or withdrawn.</summary>
/// <param name="PersonId">Whose skill.</param>
/// <param name="SkillId">The skill.</param>
/// <param name="Endorsements">How many colleagues vouch for it now.</param>
/// <param name="EndorsedByYou">Whether the caller is one of them.</param>
public sealed record EndorsementState(Guid PersonId, Guid SkillId, int Endorsements, bool EndorsedByYou);

/// <summary>
/// Changes to expertise profiles: skills, topics and availability (the person or a learning admin) and endorsements
/// (colleagues). Who may is the one rule about people (<see cref="PeopleAccess"/>); each change is one unit of work.
/// Bad input changes nothing.
/// </summary>
public sealed partial class ExpertiseProfileEditor(
    GuildDb db,
    CurrentPerson me,
    Notifier notifier,
    LearningRecorder recorder,
    OrganisationProfile organisation,
    TimeProvider clock,
    IStringLocalizer<ProfilesText> text)
{
    public const int MaxSkills = 30, MaxSkillName = 100, MaxTopics = 10, MaxTopicLength = 80, MaxNote = 200, MaxHours = 160;
    public const string EndorsedKind = "expertise.endorsed";

    /// <summary>Replaces the person's skills. A skill dropped from the list loses its endorsements (they vouched for something no longer claimed).</summary>
    public async Task<Result<IReadOnlyList<ProfileSkill>>> SetSkillsAsync(Guid personId, IReadOnlyList<SkillInput>? skills, CancellationToken cancellationToken)
    {
        if (await RefuseEditAsync<IReadOnlyList<ProfileSkill>>(personId, cancellationToken) is { } refused)
        {
            return refused;
        }
        skills ??= [];
        if (skills.Count > MaxSkills)
        {
            return Result<IReadOnlyList<ProfileSkill>>.Invalid("skills", text["TooManySkills", MaxSkills]);
        }
        var errors = new Dictionary<string, string[]>();
        if (skills.Any(s => s is null))
        {
            return Result<IReadOnlyList<ProfileSkill>>.Invalid("skills", text["SkillLevelRequired"]);
        }
        var ids = skills.Where(s => s.SkillId is not null).Select(s => s.SkillId!.Value).Distinct().ToList();
        var names = skills.Where(s => s.SkillId is null && !string.IsNullOrWhiteSpace(s.Name)).Select(s => NameKey(s.Name!)).Distinct().ToList();
        var known = await db.Set<Skill>().Where(s => ids.Contains(s.Id) || names.Contains(s.NameKey)).ToListAsync(cancellationToken);
        var wanted = new Dictionary<Guid, ExpertiseLevel>();
        var created = new List<Skill>();
        for (var i = 0; i < skills.Count; i++)
        {
            var input = skills[i];
            var field = $"skills[{i}]";
            if (input.Level is not { } level || !Enum.IsDefined(level))
            {
                errors[field] = [text["SkillLevelRequired"]];
                continue;
            }
            Skill? skill;
            if (input.SkillId is { } skillId)
            {
                skill = known.Find(s => s.Id == skillId);
                if (skill is null)
                {
                    errors[field] = [text["SkillUnknown"]];
                    continue;
                }
            }
            else
            {
                var name = Tidy(input.Name);
                if (name.Length == 0)
                {
                    errors[field] = [text["SkillNameRequired"]];
                    continue;
                }
                if (name.Length > MaxSkillName)
                {
                    errors[field] = [text["SkillNameTooLong", MaxSkillName]];
                    continue;
                }
                var key = NameKey(name);
                skill = known.Find(s => s.NameKey == key) ?? created.Find(s => s.NameKey == key);
                if (skill is null)
                {
                    skill = new Skill { Id = Guid.CreateVersion7(), Name = name, NameKey = key, CreatedAt = clock.GetUtcNow() };
                    created.Add(skill);
                }
            }
            if (!wanted.TryAdd(skill.Id, level))
            {
                errors[field] = [text["SkillTwice", skill.Name]];
            }
        }
        if (errors.Count > 0)
        {
            return Result<IReadOnlyList<ProfileSkill>>.Invalid(errors);
        }
        var now = clock.GetUtcNow();
        db.Set<Skill>().AddRange(created);
        var current = await db.Set<PersonSkill>().Where(s => s.PersonId == personId).ToListAsync(cancellationToken);
        foreach (var gone in current.Where(s => !wanted.ContainsKey(s.SkillId)))
        {
            db.Remove(gone);
        }
        var dropped = current.Where(s => !wanted.ContainsKey(s.SkillId)).Select(s => s.SkillId).ToList();
        if (dropped.Count > 0)
        {
            db.Set<Endorsement>().RemoveRange(await db.Set<Endorsement>()
                .Where(e => e.PersonId == personId && dropped.Contains(e.SkillId)).ToListAsync(cancellationToken));
        }
        foreach (var (skillId, level) in wanted)
        {
            if (current.Find(s => s.SkillId == skillId) is { } existing)
            {
                if (existing.Level != level)
                {
                    existing.Level = level;
                    existing.UpdatedAt = now;
                }
            }
            else
            {
                db.Add(new PersonSkill { PersonId = personId, SkillId = skillId, Level = level, UpdatedAt = now });
            }
        }
        if (await SaveAsync(cancellationToken) is { } conflict)
        {
            return Result<IReadOnlyList<ProfileSkill>>.Conflict(conflict);
        }
        return Result<IReadOnlyList<ProfileSkill>>.Ok(await SkillsOfAsync(personId, cancellationToken));
    }

    /// <summary>Adds one skill by name, or changes its level when the person has it already (the profile's form).</summary>
    public async Task<Result<IReadOnlyList<ProfileSkill>>> AddSkillAsync(Guid personId, string? name, ExpertiseLevel? level, CancellationToken cancellationToken)
    {
        var current = await db.Set<PersonSkill>().AsNoTracking().Where(s => s.PersonId == personId)
            .Select(s => new SkillInput(s.SkillId, null, s.Level)).ToListAsync(cancellationToken);
        var key = NameKey(name ?? "");
        var same = await db.Set<Skill>().AsNoTracking().Where(s => s.NameKey == key).Select(s => (Guid?)s.Id).FirstOrDefaultAsync(cancellationToken);
        var list = current.Where(s => s.SkillId != same).Append(new SkillInput(null, name, level)).ToList();
        var result = await SetSkillsAsync(personId, list, cancellationToken);
        // The form has one skill: its errors belong to its fields, not to a position in a list.
        return result.Status == ResultStatus.Invalid && result.Errors.TryGetValue($"skills[{list.Count - 1}]", out var messages)
            ? Result<IReadOnlyList<ProfileSkill>>.Invalid(new Dictionary<string, string[]> { [level is null ? "level" : "name"] = messages })
            : result;
    }

    /// <summary>Removes one skill (and the endorsements of it).</summary>
    public async Task<Result<IReadOnlyList<ProfileSkill>>> RemoveSkillAsync(Guid personId, Guid skillId, CancellationToken cancellationToken)
    {
        var current = await db.Set<PersonSkill>().AsNoTracking().Where(s => s.PersonId == personId && s.SkillId != skillId)
            .Select(s => new SkillInput(s.SkillId, null, s.Level)).ToListAsync(cancellationToken);
        return await SetSkillsAsync(personId, current, cancellationToken);
    }

    /// <summary>Replaces the "ask me about" topics, in the order given.</summary>
    public async Task<Result<IReadOnlyList<string>>> SetTopicsAsync(Guid personId, IReadOnlyList<string?>? topics, CancellationToken cancellationToken)
    {
        if (await RefuseEditAsync<IReadOnlyList<string>>(personId, cancellationToken) is { } refused)
        {
            return refused;
        }
        var cleaned = (topics ?? []).Select(Tidy).Where(t => t.Length > 0).ToList();
        if (cleaned.Count > MaxTopics)
        {
            return Result<IReadOnlyList<string>>.Invalid("topics", text["TooManyTopics", MaxTopics]);
        }
        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var topic in cleaned)
        {
            if (topic.Length > MaxTopicLength)
            {
                return Result<IReadOnlyList<string>>.Invalid("topics", text["TopicTooLong", topic[..20] + "…", MaxTopicLength]);
            }
            if (!keys.Add(NameKey(topic)))
            {
                return Result<IReadOnlyList<string>>.Invalid("topics", text["TopicTwice", topic]);
            }
        }
        var current = (await db.Set<AskMeAboutTopic>().Where(t => t.PersonId == personId).ToListAsync(cancellationToken))
            .ToDictionary(t => t.Key, StringComparer.Ordinal);
        // The key is part of the primary key: a topic kept is updated in place, so one save does it all.
        db.RemoveRange(current.Values.Where(t => !keys.Contains(t.Key)));
        for (var position = 0; position < cleaned.Count; position++)
        {
            var key = NameKey(cleaned[position]);
            if (current.TryGetValue(key, out var kept))
            {
                kept.Text = cleaned[position];
                kept.Position = position;
            }
            else
            {
                db.Add(new AskMeAboutTopic { PersonId = personId, Key = key, Text = cleaned[position], Position = position });
            }
        }
        if (await SaveAsync(cancellationToken) is { } conflict)
        {
            return Result<IReadOnlyList<string>>.Conflict(conflict);
        }
        return Result<IReadOnlyList<string>>.Ok(cleaned);
    }

    /// <summary>Sets (or, with every field empty, clears) the person's availability.</summary>
    public async Task<Result<AvailabilityView>> SetAvailabilityAsync(Guid personId, AvailabilityRequest request, CancellationToken cancellationToken)
    {
        if (await RefuseEditAsync<AvailabilityView>(personId, cancellationToken) is { } refused)
        {
            return refused;
        }
        var errors = new Dictionary<string, string[]>();
        var note = Tidy(request.Note);
        if (note.Length > MaxNote)
        {
            errors["note"] = [text["NoteTooLong", MaxNote]];
        }
        if (request.HoursPerMonth is < 0 or > MaxHours)
        {
            errors["hoursPerMonth"] = [text["HoursOutOfRange", MaxHours]];
        }
        var settings = await organisation.GetAsync(cancellationToken);
        var today = DateOnly.FromDateTime(settings.ToLocal(clock.GetUtcNow()).DateTime);
        if (request.AwayUntil is { } away && away < today)
        {
            errors["awayUntil"] = [text["AwayUntilPast"]];
        }
        if (errors.Count > 0)
        {
            return Result<AvailabilityView>.Invalid(errors);
        }
        var row = await db.Set<Availability>().FirstOrDefaultAsync(a => a.PersonId == personId, cancellationToken);
        var empty = request.AwayUntil is null && request.HoursPerMonth is null && note.Length == 0;
        if (empty)
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
                row = new Availability { PersonId = personId };
                db.Add(row);
            }
            row.AwayUntil = request.AwayUntil;
            row.HoursPerMonth = request.HoursPerMonth;
            row.Note = note.Length == 0 ? null : note;
            row.UpdatedAt = clock.GetUtcNow();
        }
        if (await SaveAsync(cancellationToken) is { } conflict)
        {
            return Result<AvailabilityView>.Conflict(conflict);
        }
        return Result<AvailabilityView>.Ok(new AvailabilityView(request.AwayUntil, request.HoursPerMonth, note.Length == 0 ? null : note));
    }

    /// <summary>
    /// The caller vouches for one of the person's skills. Endorsing again changes nothing (the answer is the same);
    /// oneself, a skill they have not listed and a former colleague are refused with a reason.
    /// </summary>
    public async Task<Result<EndorsementState>> EndorseAsync(Guid personId, Guid skillId, CancellationToken cancellationToken)
    {
        var subject = PeopleAccess.Subject(personId);
        if (!await me.CanAsync(subject, PeopleAccess.View))
        {
            return Result<EndorsementState>.NotFound();
        }
        var target = await db.Set<Person>().AsNoTracking().Where(p => p.Id == personId)
            .Select(p => new { p.GivenName, p.FamilyName, p.Account.DeactivatedAt, Skill = db.Set<PersonSkill>()
                .Where(s => s.PersonId == personId && s.SkillId == skillId)
                .Join(db.Set<Skill>(), s => s.SkillId, k => k.Id, (s, k) => k.Name).FirstOrDefault() })
            .FirstOrDefaultAsync(cancellationToken);
        if (target is null)
        {
            return Result<EndorsementState>.NotFound();
        }
        if (personId == me.IdOrNull)
        {
            return Result<EndorsementState>.Forbidden(text["EndorseSelf"]);
        }
        if (!await me.CanAsync(subject, PeopleAccess.Endorse))
        {
            return Result<EndorsementState>.Forbidden(text["EndorseNotAllowed"]);
        }
        var name = $"{target.GivenName} {target.FamilyName}";
        if (target.DeactivatedAt is not null)
        {
            return Result<EndorsementState>.Conflict(text["EndorseFormer", name]);
        }
        if (target.Skill is null)
        {
            return Result<EndorsementState>.Invalid("skillId", text["EndorseUnlisted", name]);
        }
        var endorser = me.Id;
        if (!await db.Set<Endorsement>().AnyAsync(e => e.PersonId == personId && e.SkillId == skillId && e.EndorserId == endorser, cancellationToken))
        {
            db.Add(new Endorsement { PersonId = personId, SkillId = skillId, EndorserId = endorser, CreatedAt = clock.GetUtcNow() });
            await notifier.NotifyAsync([personId], new NotificationEvent(EndorsedKind, $"skill:{skillId}", target.Skill, $"/people/{personId}", me.DisplayName), cancellationToken);
            await recorder.AddAsync(db, new LearningAct(new LearningActor(endorser, me.DisplayName), LearningVerbs.Liked,
                SkillOf(personId, name, skillId, target.Skill)), cancellationToken);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateException)
            {
                // The same endorsement from another request a moment ago: it exists, which is what was asked.
                db.ChangeTracker.Clear();
            }
        }
        return Result<EndorsementState>.Ok(await StateAsync(personId, skillId, cancellationToken));
    }

    /// <summary>The caller withdraws their endorsement of the person's skill (nothing to withdraw is fine too).</summary>
    public async Task<Result<EndorsementState>> UnendorseAsync(Guid personId, Guid skillId, CancellationToken cancellationToken)
    {
        if (!await me.CanAsync(PeopleAccess.Subject(personId), PeopleAccess.View)
            || !await db.Set<Person>().AnyAsync(p => p.Id == personId, cancellationToken))
        {
            return Result<EndorsementState>.NotFound();
        }
        var endorser = me.Id;
        await db.Set<Endorsement>().Where(e => e.PersonId == personId && e.SkillId == skillId && e.EndorserId == endorser)
            .ExecuteDeleteAsync(cancellationToken);
        return Result<EndorsementState>.Ok(await StateAsync(personId, skillId, cancellationToken));
    }

    /// <summary>What an endorsement is about in learning records: the skill on the person's profile.</summary>
    internal static LearningActivity SkillOf(Guid personId, string personName, Guid skillId, string skillName) =>
        new($"people/{personId:D}/skills/{skillId:D}", LearningActivityTypes.Profile,
            new LocalizedText("{0} of {1}", "{0} van {1}").Format(skillName, personName));

    private async Task<EndorsementState> StateAsync(Guid personId, Guid skillId, CancellationToken cancellationToken)
    {
        var endorser = me.Id;
        var counts = await db.Set<Endorsement>().AsNoTracking().Where(e => e.PersonId == personId && e.SkillId == skillId)
            .GroupBy(_ => 1).Select(g => new { Count = g.Count(), Mine = g.Any(e => e.EndorserId == endorser) })
            .FirstOrDefaultAsync(cancellationToken);
        return new EndorsementState(personId, skillId, counts?.Count ?? 0, counts?.Mine ?? false);
    }

    private async Task<IReadOnlyList<ProfileSkill>> SkillsOfAsync(Guid personId, CancellationToken cancellationToken)
    {
        var viewer = me.IdOrNull ?? Guid.Empty;
        return await (from s in db.Set<PersonSkill>().AsNoTracking()
                      join skill in db.Set<Skill>() on s.SkillId equals skill.Id
                      where s.PersonId == personId
                      orderby s.Level descending, skill.NameKey
                      select new ProfileSkill(s.SkillId, skill.Name, s.Level,
                          db.Set<Endorsement>().Count(e => e.PersonId == personId && e.SkillId == s.SkillId),
                          db.Set<Endorsement>().Any(e => e.PersonId == personId && e.SkillId == s.SkillId && e.EndorserId == viewer)))
            .ToListAsync(cancellationToken);
    }

    /// <summary>NotFound for a person the caller may not see (or nobody), Forbidden for one they may see but not change.</summary>
    private async Task<Result<T>?> RefuseEditAsync<T>(Guid personId, CancellationToken cancellationToken)
    {
        var subject = PeopleAccess.Subject(personId);
        if (!await me.CanAsync(subject, PeopleAccess.View) || !await db.Set<Person>().AnyAsync(p => p.Id == personId, cancellationToken))
        {
            return Result<T>.NotFound();
        }
        return await me.CanAsync(subject, PeopleAccess.Edit) ? null : Result<T>.Forbidden();
    }

    private async Task<string?> SaveAsync(CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return null;
        }
        catch (DbUpdateException)
        {
            // The same row written by another request at the same moment (a new skill's name, a first topic or
            // availability of the same person): nothing of this one is saved, and trying again works.
            db.ChangeTracker.Clear();
            return text["ChangedMeanwhile"];
        }
    }

    /// <summary>Trimmed, inner runs of white space made one space.</summary>
    internal static string Tidy(string? value) => Spaces().Replace(value?.Trim() ?? "", " ");

    /// <summary>Lower-case, accent-free: "Video Editing" and "video editing" are one skill, one topic.</summary>
    internal static string NameKey(string name) => Person.Fold(Tidy(name));

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}
