using Guild.Web.Features.Library.Resources;
using Guild.Web.Features.People;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Guild.Web.Features.Events.Series;

/// <summary>
/// A recording of a talk in the making: a library resource made from the talk (<c>/library/new?lecture={eventId}</c>) that must be
/// processed and published before colleagues can watch it, so the talk links it when it is published (<see cref="TalkRecordingOnPublish"/>).
/// </summary>
public sealed class TalkRecording
{
    public Guid ResourceId { get; set; }
    /// <summary>The occurrence (its event) the recording is of.</summary>
    public Guid EventId { get; set; }
    public Guid MadeById { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

internal sealed class TalkRecordingConfiguration : IEntityTypeConfiguration<TalkRecording>
{
    public void Configure(EntityTypeBuilder<TalkRecording> builder)
    {
        builder.ToTable("talk_recordings");
        builder.HasKey(r => r.ResourceId);
        builder.HasIndex(r => r.EventId);
        builder.HasOne<SeriesTalk>().WithMany().HasForeignKey(r => r.EventId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Resource>().WithMany().HasForeignKey(r => r.ResourceId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Person>().WithMany().HasForeignKey(r => r.MadeById).OnDelete(DeleteBehavior.Cascade);
    }
}
