using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Guild.Web.Platform.Organisation;

/// <summary>
/// The organisation this deployment serves (one per deployment; partner guests are people, not
/// organisations). A single row with id 1.
/// </summary>
public sealed class OrganisationSettings
{
    public const int SingletonId = 1;

    public int Id { get; set; } = SingletonId;
    public required string Name { get; set; }
    /// <summary>Key of the logo in file storage; none shows the name only.</summary>
    public string? LogoKey { get; set; }
    public string? LogoContentType { get; set; }
    /// <summary>"en" or "nl": the language for people who chose none and whose browser asks for neither.</summary>
    public string DefaultLanguage { get; set; } = "en";
    /// <summary>IANA time zone id, such as Europe/Amsterdam.</summary>
    public string TimeZoneId { get; set; } = "Europe/Amsterdam";
    public TimeOnly WorkdayStart { get; set; } = new(9, 0);
    public TimeOnly WorkdayEnd { get; set; } = new(17, 30);
    /// <summary>Working days, Monday to Friday by default, as a set of <see cref="DayOfWeek"/>.</summary>
    public List<DayOfWeek> WorkingDays { get; set; } = [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday];
    /// <summary>Base IRI for learning records: activity ids and account home pages start with it.</summary>
    public required string LearningRecordBaseIri { get; set; }
    /// <summary>
    /// The longest an API token may be valid, in days; a token created without an expiry gets this. Lowering
    /// it does not shorten tokens that exist (they keep the expiry they were given; revoke those that must end).
    /// </summary>
    public int ApiTokenMaxDays { get; set; } = DefaultApiTokenMaxDays;
    public DateTimeOffset UpdatedAt { get; set; }

    public const int DefaultApiTokenMaxDays = 365;
    /// <summary>The highest maximum an admin may choose: ten years is "never" in all but name.</summary>
    public const int HighestApiTokenMaxDays = 3650;
}

internal sealed class OrganisationSettingsConfiguration : IEntityTypeConfiguration<OrganisationSettings>
{
    public void Configure(EntityTypeBuilder<OrganisationSettings> builder)
    {
        builder.ToTable("organisation_settings");
        builder.Property(o => o.Id).ValueGeneratedNever();
        builder.Property(o => o.Name).HasMaxLength(200);
        builder.Property(o => o.LogoKey).HasMaxLength(300);
        builder.Property(o => o.LogoContentType).HasMaxLength(100);
        builder.Property(o => o.DefaultLanguage).HasMaxLength(8);
        builder.Property(o => o.TimeZoneId).HasMaxLength(64);
        builder.Property(o => o.LearningRecordBaseIri).HasMaxLength(300);
        builder.Property(o => o.WorkingDays).HasConversion(
            days => string.Join(',', days.Select(d => (int)d)),
            stored => stored.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(d => (DayOfWeek)int.Parse(d, System.Globalization.CultureInfo.InvariantCulture)).ToList(),
            new Microsoft.EntityFrameworkCore.ChangeTracking.ValueComparer<List<DayOfWeek>>(
                (a, b) => a!.SequenceEqual(b!), days => days.Aggregate(0, (hash, day) => hash * 8 + (int)day), days => days.ToList()))
            .HasMaxLength(20);
        builder.HasData(new OrganisationSettings
        {
            Id = OrganisationSettings.SingletonId,
            Name = "Guild",
            LearningRecordBaseIri = "https://guild.example/",
            UpdatedAt = DateTimeOffset.UnixEpoch,
        });
    }
}
