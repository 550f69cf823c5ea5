using Guild.Web.Features.Expertise.Calls;
using Microsoft.Extensions.Localization;

namespace Guild.Web.Features.Expertise.Teams;

/// <summary>One component a proposed person covers, and how.</summary>
/// <param name="ComponentId">The component.</param>
/// <param name="Component">Its name when proposed.</param>
/// <param name="Champion">Whether they are a Knowledge Champion of it (else they have one of its skills).</param>
/// <param name="Level">How well they know it.</param>
/// <param name="Skill">The skill that covers it, when not a champion.</param>
/// <param name="Endorsements">Endorsements of that skill.</param>
public sealed record CoveredComponent(Guid ComponentId, string Component, bool Champion, ExpertiseLevel Level, string? Skill, int Endorsements);

/// <summary>
/// Why Guild proposed someone (stored as JSON in <c>team_members.reason</c>): facts, not sentences, so the proposer
/// reads them in their own language (<see cref="Words"/>).
/// </summary>
/// <param name="Covers">The components they cover.</param>
/// <param name="AwayUntil">Away until this day (null: around).</param>
/// <param name="HoursPerMonth">Hours a month they said they can give, if they said.</param>
/// <param name="Department">Their department's name, if any.</param>
/// <param name="FirstFromDepartment">No one else on the team came from that department when they were chosen.</param>
/// <param name="Championships">How many components they champion.</param>
/// <param name="Teams">How many other teams they are on (invited or accepted).</param>
/// <param name="AddedByProposer">The proposer added them by hand (the other facts are then empty).</param>
public sealed record TeamReason(
    IReadOnlyList<CoveredComponent> Covers, DateOnly? AwayUntil, int? HoursPerMonth, string? Department, bool FirstFromDepartment,
    int Championships, int Teams, bool AddedByProposer = false)
{
    public static TeamReason ByHand { get; } = new([], null, null, null, false, 0, 0, AddedByProposer: true);

    /// <summary>"Champion for Short video, can teach it; available; from Marketing — no one else from Marketing yet; 2 other teams".</summary>
    public string Words(IStringLocalizer<TeamText> text, DateOnly today)
    {
        if (AddedByProposer)
        {
            return text["Reason.AddedByProposer"];
        }
        var parts = new List<string>();
        foreach (var covered in Covers)
        {
            var level = text[$"Reason.Level.{covered.Level}"];
            parts.Add(covered.Champion
                ? text["Reason.Champion", covered.Component, level]
                : covered.Endorsements > 0
                    ? text["Reason.SkillEndorsed", covered.Skill ?? "", covered.Component, level, covered.Endorsements]
                    : text["Reason.Skill", covered.Skill ?? "", covered.Component, level]);
        }
        parts.Add(AwayUntil is { } away && away >= today ? text["Reason.AwayUntil", away.ToString("d", System.Globalization.CultureInfo.CurrentCulture)]
            : HoursPerMonth is { } hours ? text["Reason.AvailableHours", hours] : text["Reason.Available"]);
        if (Department is { } department)
        {
            parts.Add(FirstFromDepartment ? text["Reason.FirstFromDepartment", department] : text["Reason.FromDepartment", department]);
        }
        if (Championships + Teams > 1)
        {
            parts.Add(text["Reason.Load", Championships, Teams]);
        }
        return string.Join("; ", parts);
    }
}
