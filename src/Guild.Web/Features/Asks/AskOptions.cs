namespace Guild.Web.Features.Asks;

/// <summary>The <c>Asks</c> configuration section.</summary>
public sealed class AskOptions
{
    /// <summary>Working time (of the organisation's calendar) an ask may stay unclaimed before it goes to the next champions.</summary>
    public TimeSpan EscalateAfter { get; set; } = TimeSpan.FromHours(2);
    /// <summary>People each routing round goes to.</summary>
    public int ChampionsPerRound { get; set; } = 2;
    /// <summary>Someone with this many claimed, unanswered asks is not routed more while others are free.</summary>
    public int BusyAt { get; set; } = 3;
    /// <summary>Asks one person may post per hour (spam bursts).</summary>
    public int MaxPerHour { get; set; } = 10;
    /// <summary>Largest screenshot or file with an ask.</summary>
    public long AttachmentMaxBytes { get; set; } = 10 * 1024 * 1024;
    /// <summary>An answered ask nobody confirmed is nudged this long after the answer…</summary>
    public TimeSpan NudgeAfter { get; set; } = TimeSpan.FromDays(2);
    /// <summary>…and closed with a note this long after the nudge.</summary>
    public TimeSpan CloseAfterNudge { get; set; } = TimeSpan.FromDays(5);
    /// <summary>The organisation's policy: moderators and L&amp;D admins may reveal who asked an anonymous ask (each look audited).</summary>
    public bool AllowRevealingAuthors { get; set; } = true;
}
