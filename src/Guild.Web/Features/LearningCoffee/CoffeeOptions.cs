namespace Guild.Web.Features.LearningCoffee;

/// <summary>The <c>LearningCoffee</c> configuration section.</summary>
public sealed class CoffeeOptions
{
    /// <summary>Time between rounds: the daily job starts a round once this much has passed since the last one.</summary>
    public TimeSpan RoundEvery { get; set; } = TimeSpan.FromDays(14);
    /// <summary>Two people who met in one of the last this many rounds are not paired again.</summary>
    public int NoRepeatRounds { get; set; } = 6;
    /// <summary>Working time two people must share in a week to be paired (someone in Sydney and someone in Denver rarely do).</summary>
    public TimeSpan MinimumSharedWorkingTime { get; set; } = TimeSpan.FromHours(1);
    /// <summary>How long after the round "did you meet?" is asked.</summary>
    public TimeSpan AskMetAfter { get; set; } = TimeSpan.FromDays(10);
    /// <summary>Partners each person keeps in the matching's graph (their best ones): fewer edges, same pairs in practice.</summary>
    public int CandidatesPerPerson { get; set; } = 24;
    /// <summary>A programme larger than this is paired in shuffled blocks of about this size (the matching is cubic).</summary>
    public int BlockSize { get; set; } = 400;
}
