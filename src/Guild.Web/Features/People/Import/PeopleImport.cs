using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Guild.Web.Features.People.Import;

public enum PeopleImportStatus
{
    /// <summary>Uploaded; the job has not started yet.</summary>
    Queued,
    /// <summary>Reading the whole file and checking every row; nothing is written yet.</summary>
    Checking,
    /// <summary>The file was clean; people are being created and updated in batches.</summary>
    Importing,
    /// <summary>Done: every row is in Guild.</summary>
    Completed,
    /// <summary>The file had problems; nothing was imported (see the problems).</summary>
    Rejected,
    /// <summary>The job gave up (for example the file could not be read); see the job's error.</summary>
    Failed,
}

/// <summary>
/// One upload of an employee CSV by a learning admin, processed by <see cref="PeopleImportJob"/>.
/// Its id is the id of that job, so the page and the API can show the job's progress. The counters
/// and <see cref="AppliedRows"/> are committed with each batch, so a job that is killed half-way
/// resumes after the last committed batch instead of starting over.
/// </summary>
public sealed class PeopleImport
{
    public Guid Id { get; set; }
    public required string FileName { get; set; }
    /// <summary>The uploaded file in the file store; removed once the import has finished.</summary>
    public string? FileKey { get; set; }
    public long FileSize { get; set; }
    public Guid StartedById { get; set; }
    public DateTimeOffset StartedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }
    public bool InviteNewPeople { get; set; }
    public PeopleImportStatus Status { get; set; }

    /// <summary>Rows of people in the file (without the header and blank lines).</summary>
    public int RowCount { get; set; }
    public int ProblemCount { get; set; }
    /// <summary>Rows that could not be imported but did not stop the import (former colleagues).</summary>
    public int NoticeCount { get; set; }
    /// <summary>How many rows of the plan, in plan order, are committed; a retry continues after them.</summary>
    public int AppliedRows { get; set; }
    public int Created { get; set; }
    public int Updated { get; set; }
    public int Unchanged { get; set; }
    public int Skipped { get; set; }
    public int DepartmentsCreated { get; set; }
    public int LocationsCreated { get; set; }
    public int RoleChanges { get; set; }
    public int Invited { get; set; }

    public bool IsFinished => Status is PeopleImportStatus.Completed or PeopleImportStatus.Rejected or PeopleImportStatus.Failed;
}

public enum ImportProblemSeverity { Error, Notice }

/// <summary>
/// One thing wrong with one line of an import file. The message is not stored: it is written from
/// <see cref="Code"/> and the values in the reader's language when shown.
/// </summary>
public sealed class PeopleImportProblem
{
    public Guid ImportId { get; set; }
    /// <summary>Position among the import's problems (1, 2, ...); with <see cref="ImportId"/> the key, so they insert in bulk.</summary>
    public int Number { get; set; }
    /// <summary>Line in the file, counting the header as line 1.</summary>
    public int Line { get; set; }
    public ImportProblemSeverity Severity { get; set; }
    public ImportProblemCode Code { get; set; }
    /// <summary>The column's name as the template writes it (email, manager_email), if the problem is about one column.</summary>
    public string? Column { get; set; }
    /// <summary>The offending value, shortened.</summary>
    public string? Value { get; set; }
    /// <summary>What else the message needs: other line numbers, a name, the allowed values.</summary>
    public string? Detail { get; set; }
}

internal sealed class PeopleImportConfiguration : IEntityTypeConfiguration<PeopleImport>
{
    public void Configure(EntityTypeBuilder<PeopleImport> builder)
    {
        builder.ToTable("people_imports");
        builder.Property(i => i.Id).ValueGeneratedNever();
        builder.Property(i => i.FileName).HasMaxLength(255);
        builder.Property(i => i.FileKey).HasMaxLength(300);
        builder.Property(i => i.Status).HasConversion<string>().HasMaxLength(16);
        builder.Ignore(i => i.IsFinished);
        builder.HasOne<Person>().WithMany().HasForeignKey(i => i.StartedById).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(i => i.StartedAt);
        builder.HasIndex(i => i.Status);
    }
}

internal sealed class PeopleImportProblemConfiguration : IEntityTypeConfiguration<PeopleImportProblem>
{
    public void Configure(EntityTypeBuilder<PeopleImportProblem> builder)
    {
        builder.ToTable("people_import_problems");
        builder.HasKey(p => new { p.ImportId, p.Number });
        builder.Property(p => p.Severity).HasConversion<string>().HasMaxLength(16);
        builder.Property(p => p.Code).HasConversion<string>().HasMaxLength(40);
        builder.Property(p => p.Column).HasMaxLength(40);
        builder.Property(p => p.Value).HasMaxLength(PeopleImportProblemLimits.ValueLength);
        builder.Property(p => p.Detail).HasMaxLength(PeopleImportProblemLimits.DetailLength);
        builder.HasOne<PeopleImport>().WithMany().HasForeignKey(p => p.ImportId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(p => new { p.ImportId, p.Severity, p.Line });
    }
}

internal static class PeopleImportProblemLimits
{
    public const int ValueLength = 200;
    public const int DetailLength = 500;
}
