using Guild.Web.Platform;
using Guild.Web.Platform.Api;
using Guild.Web.Platform.Data;
using Guild.Web.Platform.Identity;
using Guild.Web.Platform.Jobs;
using Guild.Web.Platform.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Guild.Web.Features.People.Import;

/// <summary>An import as its page and the API show it, with the progress of its job.</summary>
/// <param name="Id">The import's id; its job has the same id.</param>
/// <param name="FileName">The name of the uploaded file.</param>
/// <param name="FileSize">Its size in bytes.</param>
/// <param name="StartedById">The learning admin who uploaded it.</param>
/// <param name="StartedByName">Their name.</param>
/// <param name="StartedAt">When it was uploaded.</param>
/// <param name="FinishedAt">When it was completed or rejected; null while it runs.</param>
/// <param name="Status">Queued, Checking, Importing, then Completed, Rejected (a problem in the file: nothing changed) or Failed.</param>
/// <param name="InviteNewPeople">Whether new people are mailed an invitation.</param>
/// <param name="RowCount">Rows in the file (without the header).</param>
/// <param name="ProblemCount">Problems that reject the import (see <c>/problems</c>).</param>
/// <param name="NoticeCount">Notices: rows that were imported with a remark, or skipped.</param>
/// <param name="Created">People created.</param>
/// <param name="Updated">People whose details changed.</param>
/// <param name="Unchanged">People the file describes as they already were.</param>
/// <param name="Skipped">Rows skipped (former colleagues).</param>
/// <param name="DepartmentsCreated">Departments that did not exist before.</param>
/// <param name="LocationsCreated">Locations that did not exist before.</param>
/// <param name="RoleChanges">Roles added to people.</param>
/// <param name="Invited">Invitations sent.</param>
/// <param name="Job">The background job that checks and applies the file, with its progress.</param>
public sealed record PeopleImportView(
    Guid Id,
    string FileName,
    long FileSize,
    Guid StartedById,
    string StartedByName,
    DateTimeOffset StartedAt,
    DateTimeOffset? FinishedAt,
    PeopleImportStatus Status,
    bool InviteNewPeople,
    int RowCount,
    int ProblemCount,
    int NoticeCount,
    int Created,
    int Updated,
    int Unchanged,
    int Skipped,
    int DepartmentsCreated,
    int LocationsCreated,
    int RoleChanges,
    int Invited,
    JobView? Job)
{
    /// <summary>Whether the job gave up (after its retries) before the import reached an end state.</summary>
    public bool HasStopped => Status == PeopleImportStatus.Failed || (Job?.Status == JobStatus.Failed && Status is not (PeopleImportStatus.Completed or PeopleImportStatus.Rejected));

    /// <summary>Whether the import is still being checked or applied.</summary>
    public bool IsRunning => !HasStopped && Status is PeopleImportStatus.Queued or PeopleImportStatus.Checking or PeopleImportStatus.Importing;
}

/// <summary>One problem of an import, with its message in the reader's language.</summary>
/// <param name="Line">The line of the file (the header is line 1).</param>
/// <param name="Severity">Error (rejects the import) or Notice (a remark; the row was imported or skipped).</param>
/// <param name="Code">What kind of problem, for programs.</param>
/// <param name="Column">The column it is about, if one.</param>
/// <param name="Value">The value as it was in the file, if it is about one.</param>
/// <param name="Message">What is wrong and how to fix it, for people.</param>
public sealed record ImportProblemView(int Line, ImportProblemSeverity Severity, ImportProblemCode Code, string? Column, string? Value, string Message);

/// <summary>Starting an import of employees from a CSV file and reading how it went. Learning admins only.</summary>
public sealed class PeopleImports(
    GuildDb db,
    IFileStore files,
    JobQueue jobs,
    CurrentPerson me,
    TimeProvider clock,
    JobTexts jobTexts,
    IStringLocalizer<PeopleText> text)
{
    /// <summary>
    /// Stores the upload and queues the job that checks and imports it; the import's record and the job
    /// commit together. Only one import runs at a time: two would race for the same people.
    /// </summary>
    public async Task<Result<PeopleImportView>> StartAsync(Stream content, string? fileName, bool inviteNewPeople, CancellationToken cancellationToken)
    {
        if (!me.IsLearningAdmin || me.IdOrNull is not { } starterId)
        {
            return Result<PeopleImportView>.Forbidden();
        }
        if (await RunningImportAsync(cancellationToken) is { } running)
        {
            return Result<PeopleImportView>.Conflict(text["ImportBusy", running.FileName]);
        }
        var name = Path.GetFileName(fileName?.Trim() ?? "");
        name = string.IsNullOrEmpty(name) ? "people.csv" : name.Length > 255 ? name[..255] : name;

        var counted = new LimitedStream(content, PeopleCsvFormat.MaxFileBytes);
        string key;
        try
        {
            key = await files.SaveAsync(counted, "people-imports", ".csv", cancellationToken);
        }
        catch (LimitedStream.TooLongException)
        {
            return Result<PeopleImportView>.Invalid("file", text["ImportFileTooLarge", PeopleCsvFormat.MaxFileBytes / 1024 / 1024]);
        }
        if (counted.BytesRead == 0)
        {
            await files.DeleteAsync(key, CancellationToken.None);
            return Result<PeopleImportView>.Invalid("file", text["ImportFileEmpty"]);
        }

        // The import takes its job's id, so the job finds its import and the page follows the job.
        var job = jobs.Enqueue(PeopleImportJob.JobKind, new { }, startedById: starterId, maxAttempts: 5);
        job.WorksOn(PeopleImportJob.SubjectType, job.Id.ToString());
        var import = new PeopleImport
        {
            Id = job.Id,
            FileName = name,
            FileKey = key,
            FileSize = counted.BytesRead,
            StartedById = starterId,
            StartedAt = clock.GetUtcNow(),
            InviteNewPeople = inviteNewPeople,
            Status = PeopleImportStatus.Queued,
        };
        db.Add(import);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch
        {
            await files.DeleteAsync(key, CancellationToken.None);
            throw;
        }
        return Result<PeopleImportView>.Ok((await GetAsync(import.Id, cancellationToken)).Value!);
    }

    public async Task<Result<PeopleImportView>> GetAsync(Guid id, CancellationToken cancellationToken)
    {
        if (!me.IsLearningAdmin)
        {
            return Result<PeopleImportView>.Forbidden();
        }
        var views = await ViewsAsync(db.Set<PeopleImport>().Where(i => i.Id == id), cancellationToken);
        return views.Count == 0 ? Result<PeopleImportView>.NotFound() : Result<PeopleImportView>.Ok(views[0]);
    }

    public async Task<Result<Paged<PeopleImportView>>> ListAsync(PageRequest page, CancellationToken cancellationToken)
    {
        if (!me.IsLearningAdmin)
        {
            return Result<Paged<PeopleImportView>>.Forbidden();
        }
        var imports = db.Set<PeopleImport>();
        var total = await imports.CountAsync(cancellationToken);
        var items = await ViewsAsync(imports.OrderByDescending(i => i.StartedAt).ThenByDescending(i => i.Id).Skip(page.Skip).Take(page.PageSize), cancellationToken);
        return Result<Paged<PeopleImportView>>.Ok(new Paged<PeopleImportView>(items, page.Page, page.PageSize, total));
    }

    public async Task<Result<Paged<ImportProblemView>>> ProblemsAsync(Guid id, ImportProblemSeverity severity, PageRequest page, CancellationToken cancellationToken)
    {
        if (!me.IsLearningAdmin)
        {
            return Result<Paged<ImportProblemView>>.Forbidden();
        }
        if (!await db.Set<PeopleImport>().AnyAsync(i => i.Id == id, cancellationToken))
        {
            return Result<Paged<ImportProblemView>>.NotFound();
        }
        var problems = await db.Set<PeopleImportProblem>().AsNoTracking()
            .Where(p => p.ImportId == id && p.Severity == severity)
            .OrderBy(p => p.Line).ThenBy(p => p.Number)
            .ToPagedAsync(page, cancellationToken);
        return Result<Paged<ImportProblemView>>.Ok(problems.Map(p => new ImportProblemView(p.Line, p.Severity, p.Code, p.Column, p.Value, Describe(p.Code, p.Column, p.Value, p.Detail))));
    }

    /// <summary>How many lines of the file have at least one error.</summary>
    public async Task<int> RowsWithProblemsAsync(Guid id, CancellationToken cancellationToken) =>
        !me.IsLearningAdmin ? 0 : await db.Set<PeopleImportProblem>()
            .Where(p => p.ImportId == id && p.Severity == ImportProblemSeverity.Error)
            .Select(p => p.Line).Distinct().CountAsync(cancellationToken);

    /// <summary>The sentence for a problem, in the current language: {0} the column, {1} the value, {2}… the details.</summary>
    public string Describe(ImportProblemCode code, string? column, string? value, string? detail)
    {
        var arguments = new List<object> { column ?? "", value ?? "" };
        if (detail is not null)
        {
            arguments.AddRange(detail.Split(ImportProblem.DetailSeparator));
        }
        return text[$"ImportProblem.{code}", [.. arguments]];
    }

    private async Task<PeopleImport?> RunningImportAsync(CancellationToken cancellationToken) =>
        await (from import in db.Set<PeopleImport>().AsNoTracking()
               join job in db.Set<BackgroundJob>() on import.Id equals job.Id
               where (import.Status == PeopleImportStatus.Queued || import.Status == PeopleImportStatus.Checking || import.Status == PeopleImportStatus.Importing)
                     && (job.Status == JobStatus.Queued || job.Status == JobStatus.Running)
               select import).FirstOrDefaultAsync(cancellationToken);

    private async Task<List<PeopleImportView>> ViewsAsync(IQueryable<PeopleImport> imports, CancellationToken cancellationToken)
    {
        var rows = await (from import in imports.AsNoTracking()
                          join person in db.Set<Person>() on import.StartedById equals person.Id
                          join job in db.Set<BackgroundJob>() on import.Id equals job.Id into jobRows
                          from job in jobRows.DefaultIfEmpty()
                          select new { Import = import, StarterName = person.GivenName + " " + person.FamilyName, Job = job })
            .ToListAsync(cancellationToken);
        return rows.Select(row =>
        {
            var i = row.Import;
            return new PeopleImportView(i.Id, i.FileName, i.FileSize, i.StartedById, row.StarterName, i.StartedAt, i.FinishedAt, i.Status,
                i.InviteNewPeople, i.RowCount, i.ProblemCount, i.NoticeCount, i.Created, i.Updated, i.Unchanged, i.Skipped,
                i.DepartmentsCreated, i.LocationsCreated, i.RoleChanges, i.Invited, row.Job is null ? null : JobView.From(row.Job, jobTexts));
        }).OrderByDescending(view => view.StartedAt).ThenByDescending(view => view.Id).ToList();
    }
}
