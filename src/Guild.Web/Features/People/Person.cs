using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Guild.Web.Features.People;

/// <summary>
/// Someone in the organisation (or a partner guest). Shares its id with the sign-in account, <see cref="Account"/>,
/// which owns the e-mail address and deactivation: sign-in, tokens, revocation and mail all read the account, so the
/// person has no copy of either to keep in step. A person who leaves is deactivated, never deleted: what they shared
/// keeps their name.
/// </summary>
public sealed class Person
{
    public Guid Id { get; set; }
    public required string GivenName { get; set; }
    /// <summary>Family name with any prefix, as written: "de Vries".</summary>
    public required string FamilyName { get; set; }
    public string? JobTitle { get; set; }
    /// <summary>Key from the HR system, when imported; matches re-imports to the same person.</summary>
    public string? EmployeeNumber { get; set; }
    public Guid? DepartmentId { get; set; }
    public OrgUnit? Department { get; set; }
    public Guid? LocationId { get; set; }
    public OrgUnit? Location { get; set; }
    public Guid? ManagerId { get; set; }
    public Person? Manager { get; set; }
    /// <summary>Languages the person speaks, as ISO 639-1 codes.</summary>
    public string[] Languages { get; set; } = [];
    public string? PhotoKey { get; set; }
    /// <summary>Partner guests: the organisation they come from.</summary>
    public string? PartnerOrganisation { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    /// <summary>
    /// The sign-in account (same id): its <c>Email</c> is the person's address and its <c>DeactivatedAt</c> says whether
    /// they left. Required: every person has one, so queries join it with an inner join on the primary key.
    /// </summary>
    public Platform.Identity.GuildUser Account { get; set; } = null!;
    /// <summary>When the latest invitation mail went out; null for people who were never invited.</summary>
    public DateTimeOffset? InvitedAt { get; set; }
    /// <summary>When the person accepted an invitation by choosing a password.</summary>
    public DateTimeOffset? InvitationAcceptedAt { get; set; }
    /// <summary>Lower-case, accent-free "family given" for sorting and prefix search ("vries sanne de").</summary>
    public string SortKey { get; set; } = "";
    /// <summary>Lower-case, accent-free "given family" for prefix search.</summary>
    public string SearchName { get; set; } = "";

    public string DisplayName => $"{GivenName} {FamilyName}";
    public bool IsGuest => PartnerOrganisation is not null;

    /// <summary>Recomputes the sort and search keys; call after changing a name.</summary>
    public void RefreshNameKeys()
    {
        var (prefix, core) = SplitFamilyName(FamilyName);
        SortKey = Fold($"{core} {GivenName} {prefix}".Trim());
        SearchName = Fold($"{GivenName} {FamilyName}");
    }

    private static readonly string[] Prefixes = ["van der", "van den", "van de", "van 't", "in 't", "van", "de", "der", "den", "het", "ter", "ten", "te", "op de", "el", "al"];

    /// <summary>Dutch names sort on the core of the family name: "de Vries" under V.</summary>
    internal static (string Prefix, string Core) SplitFamilyName(string familyName)
    {
        var trimmed = familyName.Trim();
        foreach (var prefix in Prefixes)
        {
            if (trimmed.Length > prefix.Length + 1 && trimmed.StartsWith(prefix + " ", StringComparison.OrdinalIgnoreCase))
            {
                return (trimmed[..prefix.Length], trimmed[(prefix.Length + 1)..]);
            }
        }
        return ("", trimmed);
    }

    /// <summary>Lower case without diacritics, so "Ünal" is found by "un".</summary>
    public static string Fold(string text)
    {
        var decomposed = text.Normalize(NormalizationForm.FormD);
        var builder = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark)
            {
                builder.Append(char.ToLowerInvariant(c));
            }
        }
        return builder.ToString().Normalize(NormalizationForm.FormC);
    }
}

internal sealed class PersonConfiguration : IEntityTypeConfiguration<Person>
{
    public void Configure(EntityTypeBuilder<Person> builder)
    {
        builder.ToTable("people");
        builder.Property(p => p.Id).ValueGeneratedNever();
        builder.Property(p => p.GivenName).HasMaxLength(100);
        builder.Property(p => p.FamilyName).HasMaxLength(100);
        builder.Property(p => p.JobTitle).HasMaxLength(150);
        builder.Property(p => p.EmployeeNumber).HasMaxLength(50);
        builder.Property(p => p.PhotoKey).HasMaxLength(300);
        builder.Property(p => p.PartnerOrganisation).HasMaxLength(200);
        builder.Property(p => p.SortKey).HasMaxLength(250);
        builder.Property(p => p.SearchName).HasMaxLength(250);
        builder.Property(p => p.Languages).HasConversion(
                languages => string.Join(',', languages),
                stored => stored.Split(',', StringSplitOptions.RemoveEmptyEntries),
                new Microsoft.EntityFrameworkCore.ChangeTracking.ValueComparer<string[]>(
                    (a, b) => a!.SequenceEqual(b!), languages => string.Join(',', languages).GetHashCode(StringComparison.Ordinal), languages => languages.ToArray()))
            .HasMaxLength(100);
        builder.Ignore(p => p.DisplayName);
        builder.Ignore(p => p.IsGuest);
        builder.HasOne(p => p.Account).WithOne().HasForeignKey<Person>(p => p.Id).IsRequired().OnDelete(DeleteBehavior.Restrict);
        builder.HasOne(p => p.Department).WithMany().HasForeignKey(p => p.DepartmentId).OnDelete(DeleteBehavior.SetNull);
        builder.HasOne(p => p.Location).WithMany().HasForeignKey(p => p.LocationId).OnDelete(DeleteBehavior.SetNull);
        builder.HasOne(p => p.Manager).WithMany().HasForeignKey(p => p.ManagerId).OnDelete(DeleteBehavior.SetNull);
        builder.HasIndex(p => p.EmployeeNumber).IsUnique();
        builder.HasIndex(p => p.SortKey);
        // Prefix search ("LIKE 'sa%'") on PostgreSQL needs the pattern operator class to use the index.
        builder.HasIndex(p => p.SearchName).HasOperators("text_pattern_ops");
        // Named explicitly: the naming convention gave it the plain index's name, so it was never created.
        builder.HasIndex(p => p.SortKey, "ix_people_sort_key_pattern").HasOperators("text_pattern_ops").HasDatabaseName("ix_people_sort_key_pattern");
        builder.HasIndex(p => new { p.DepartmentId, p.SortKey });
        // The directory's "name starts with" inside a department (given or family name first): two short range scans
        // instead of every person of the department.
        builder.HasIndex(p => new { p.DepartmentId, p.SearchName }, "ix_people_department_id_search_name_pattern")
            .HasOperators("uuid_ops", "text_pattern_ops").HasDatabaseName("ix_people_department_id_search_name_pattern");
        builder.HasIndex(p => new { p.DepartmentId, p.SortKey }, "ix_people_department_id_sort_key_pattern")
            .HasOperators("uuid_ops", "text_pattern_ops").HasDatabaseName("ix_people_department_id_sort_key_pattern");
    }
}
