using Guild.Web.Features.Community.Spaces;
using Guild.Web.Features.People;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Guild.Web.Features.Community.WorkingOutLoud;

/// <summary>
/// A Working Out Loud week: a dated campaign in one space (its members get each day's prompt and its readers see the
/// shared page), run by an organiser and co-organisers. Dates are the organisation's local dates.
/// </summary>
public sealed class WorkingOutLoudWeek
{
    public Guid Id { get; set; }
    public Guid SpaceId { get; set; }
    public string Title { get; set; } = "";
    public DateOnly StartsOn { get; set; }
    public DateOnly EndsOn { get; set; }
    /// <summary>The space moderator who made it.</summary>
    public Guid OrganiserId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>A co-organiser: a member of the space who may change the week's prompts with the organiser.</summary>
public sealed class WorkingOutLoudCoOrganiser
{
    public Guid WeekId { get; set; }
    public Guid PersonId { get; set; }
}

/// <summary>The prompt of one day of a week, in Markdown as the organisers wrote it (rendered by the library's ArticleRenderer).</summary>
public sealed class WorkingOutLoudPrompt
{
    public Guid WeekId { get; set; }
    public DateOnly Date { get; set; }
    public string Markdown { get; set; } = "";
    public string Html { get; set; } = "";
}

/// <summary>
/// That a day's prompt reached one member: the key (week, date, person) makes the send idempotent, so a job run twice,
/// or run again after a restart, never prompts anyone twice.
/// </summary>
public sealed class WorkingOutLoudPromptDelivery
{
    public Guid WeekId { get; set; }
    public DateOnly Date { get; set; }
    public Guid PersonId { get; set; }
    public DateTimeOffset SentAt { get; set; }
}

internal sealed class WorkingOutLoudWeekConfiguration : IEntityTypeConfiguration<WorkingOutLoudWeek>
{
    public void Configure(EntityTypeBuilder<WorkingOutLoudWeek> builder)
    {
        builder.ToTable("community_wol_weeks");
        builder.Property(w => w.Id).ValueGeneratedNever();
        builder.Property(w => w.Title).HasMaxLength(WorkingOutLoudWeeks.TitleMax);
        // The daily planner: weeks running on a date.
        builder.HasIndex(w => new { w.StartsOn, w.EndsOn });
        builder.HasIndex(w => w.SpaceId);
        builder.HasOne<Space>().WithMany().HasForeignKey(w => w.SpaceId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Person>().WithMany().HasForeignKey(w => w.OrganiserId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class WorkingOutLoudCoOrganiserConfiguration : IEntityTypeConfiguration<WorkingOutLoudCoOrganiser>
{
    public void Configure(EntityTypeBuilder<WorkingOutLoudCoOrganiser> builder)
    {
        builder.ToTable("community_wol_co_organisers");
        builder.HasKey(o => new { o.WeekId, o.PersonId });
        builder.HasOne<WorkingOutLoudWeek>().WithMany().HasForeignKey(o => o.WeekId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Person>().WithMany().HasForeignKey(o => o.PersonId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class WorkingOutLoudPromptConfiguration : IEntityTypeConfiguration<WorkingOutLoudPrompt>
{
    public void Configure(EntityTypeBuilder<WorkingOutLoudPrompt> builder)
    {
        builder.ToTable("community_wol_prompts");
        builder.HasKey(p => new { p.WeekId, p.Date });
        builder.Property(p => p.Markdown).HasMaxLength(WorkingOutLoudWeeks.PromptMax);
        builder.Property(p => p.Html).HasMaxLength(WorkingOutLoudWeeks.PromptMax * 4);
        builder.HasOne<WorkingOutLoudWeek>().WithMany().HasForeignKey(p => p.WeekId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class WorkingOutLoudPromptDeliveryConfiguration : IEntityTypeConfiguration<WorkingOutLoudPromptDelivery>
{
    public void Configure(EntityTypeBuilder<WorkingOutLoudPromptDelivery> builder)
    {
        builder.ToTable("community_wol_prompt_deliveries");
        builder.HasKey(d => new { d.WeekId, d.Date, d.PersonId });
        builder.HasOne<WorkingOutLoudWeek>().WithMany().HasForeignKey(d => d.WeekId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Person>().WithMany().HasForeignKey(d => d.PersonId).OnDelete(DeleteBehavior.Cascade);
    }
}
