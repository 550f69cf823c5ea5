using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Guild.Web.Features.LearningCoffee;

/// <summary>
/// Someone who joined the learning-coffee programme. Leaving removes the row (with their exclusions and interests kept
/// out of the way by cascade), so joining again starts fresh; past rounds keep their pairs.
/// </summary>
public sealed class CoffeeMember
{
    public Guid PersonId { get; set; }
    public DateTimeOffset JoinedAt { get; set; }
    /// <summary>Only meet people of other departments (the programme's default: the point is meeting across the organisation).</summary>
    public bool CrossDepartmentOnly { get; set; } = true;
    /// <summary>The round in which nobody could be found for them: the next round favours them.</summary>
    public int? LeftOutInRound { get; set; }
}

/// <summary>A private "do not pair me with": only its owner ever sees it.</summary>
public sealed class CoffeeExclusion
{
    public Guid PersonId { get; set; }
    public Guid ExcludedPersonId { get; set; }
}

public enum CoffeeInterestKind { Learn, Teach }

/// <summary>"I want to learn" / "I can teach" a skill of the know-how map: a learner and a teacher of one skill make a good pair.</summary>
public sealed class CoffeeInterest
{
    public Guid PersonId { get; set; }
    public Guid SkillId { get; set; }
    public CoffeeInterestKind Kind { get; set; }
}

/// <summary>One pairing round, with the figures known when it was made.</summary>
public sealed class CoffeeRound
{
    public Guid Id { get; set; }
    /// <summary>1, 2, 3…: "the last N rounds" counts these.</summary>
    public int Number { get; set; }
    public DateTimeOffset StartedAt { get; set; }
    /// <summary>Members when the round was made (away people included).</summary>
    public int OptedIn { get; set; }
    /// <summary>Members who were away during the round.</summary>
    public int Away { get; set; }
    /// <summary>Members in a pair or trio.</summary>
    public int Paired { get; set; }
    /// <summary>Members for whom nobody could be found.</summary>
    public int LeftOut { get; set; }
}

/// <summary>A pair (or the round's one trio) and, once someone answered, whether they met.</summary>
public sealed class CoffeePair
{
    public Guid Id { get; set; }
    public Guid RoundId { get; set; }
    /// <summary>The person who joined a pair to make the trio; null for a pair. The next trio goes to someone else.</summary>
    public Guid? TrioJoinerId { get; set; }
    /// <summary>Null: nobody answered "did you meet?" yet. False: they did not, so the pair may meet again soon.</summary>
    public bool? Met { get; set; }
    public Guid? AnsweredById { get; set; }
    public DateTimeOffset? AnsweredAt { get; set; }
    public List<CoffeePairMember> Members { get; set; } = [];
}

public sealed class CoffeePairMember
{
    public Guid PairId { get; set; }
    public Guid PersonId { get; set; }
    /// <summary>When their introduction went out (inside their working hours).</summary>
    public DateTimeOffset? IntroducedAt { get; set; }
}

internal sealed class CoffeeMemberConfiguration : IEntityTypeConfiguration<CoffeeMember>
{
    public void Configure(EntityTypeBuilder<CoffeeMember> builder)
    {
        builder.ToTable("coffee_members");
        builder.HasKey(m => m.PersonId);
        builder.HasOne<People.Person>().WithMany().HasForeignKey(m => m.PersonId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class CoffeeExclusionConfiguration : IEntityTypeConfiguration<CoffeeExclusion>
{
    public void Configure(EntityTypeBuilder<CoffeeExclusion> builder)
    {
        builder.ToTable("coffee_exclusions");
        builder.HasKey(e => new { e.PersonId, e.ExcludedPersonId });
        builder.HasOne<People.Person>().WithMany().HasForeignKey(e => e.PersonId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<People.Person>().WithMany().HasForeignKey(e => e.ExcludedPersonId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class CoffeeInterestConfiguration : IEntityTypeConfiguration<CoffeeInterest>
{
    public void Configure(EntityTypeBuilder<CoffeeInterest> builder)
    {
        builder.ToTable("coffee_interests");
        builder.HasKey(i => new { i.PersonId, i.SkillId, i.Kind });
        builder.Property(i => i.Kind).HasConversion<string>().HasMaxLength(16);
        builder.HasOne<People.Person>().WithMany().HasForeignKey(i => i.PersonId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Expertise.Map.Skill>().WithMany().HasForeignKey(i => i.SkillId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class CoffeeRoundConfiguration : IEntityTypeConfiguration<CoffeeRound>
{
    public void Configure(EntityTypeBuilder<CoffeeRound> builder)
    {
        builder.ToTable("coffee_rounds");
        builder.HasKey(r => r.Id);
        // Two nodes starting the same round: the second insert fails instead of pairing everyone twice.
        builder.HasIndex(r => r.Number).IsUnique();
    }
}

internal sealed class CoffeePairConfiguration : IEntityTypeConfiguration<CoffeePair>
{
    public void Configure(EntityTypeBuilder<CoffeePair> builder)
    {
        builder.ToTable("coffee_pairs");
        builder.HasKey(p => p.Id);
        builder.HasIndex(p => p.RoundId);
        builder.HasOne<CoffeeRound>().WithMany().HasForeignKey(p => p.RoundId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(p => p.Members).WithOne().HasForeignKey(m => m.PairId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class CoffeePairMemberConfiguration : IEntityTypeConfiguration<CoffeePairMember>
{
    public void Configure(EntityTypeBuilder<CoffeePairMember> builder)
    {
        builder.ToTable("coffee_pair_members");
        builder.HasKey(m => new { m.PairId, m.PersonId });
        // "My current pair" and "who did I meet lately".
        builder.HasIndex(m => m.PersonId);
        builder.HasOne<People.Person>().WithMany().HasForeignKey(m => m.PersonId).OnDelete(DeleteBehavior.Cascade);
    }
}
