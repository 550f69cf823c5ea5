using System.Text.Json;
using Guild.Web.Platform.Audit;
using Guild.Web.Platform.Data;
using Guild.Web.Platform.Identity;
using Guild.Web.Platform.Jobs;
using Guild.Web.Platform.Mail;
using Guild.Web.Platform.Storage;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Guild.Web.Features.People.Import;

/// <summary>
/// Checks an uploaded employee CSV as a whole and, only when every row is right, imports it.
/// <list type="number">
/// <item>Checking: the file is streamed once; every row is checked on its own, then all rows against
/// each other and against everyone in Guild (read in a few queries). Any error: the problems are
/// stored, the import is rejected, and nothing else changes.</item>
/// <item>Importing: new departments and locations first, then the rows in batches, managers before
/// their teams. Each batch — new accounts through the bulk inserter, changed fields, added roles with
/// their audit entries, invitation mails — commits together with the import's counters and its
/// position in the plan. A killed job is retried by the queue and continues after the last committed
/// batch; the plan is rebuilt the same way, and rows already written now match unchanged people.</item>
/// </list>
/// Importing the same file again finds every row unchanged and writes nothing but the import's own record.
/// </summary>
internal sealed class PeopleImportJob(
    GuildDb db,
    IFileStore files,
    BulkInserter bulk,
    AuditLog audit,
    Invitations invitations,
    Mailer mailer,
    ILookupNormalizer normalizer,
    CurrentPerson me,
    TimeProvider clock,
    ILogger<PeopleImportJob> logger) : IJobHandler
{
    public const string JobKind = "people.import";
    /// <summary>The <see cref="BackgroundJob.SubjectType"/> of an import's job.</summary>
    public const string SubjectType = nameof(PeopleImport);
    internal const int BatchSize = 500;
    private const int ProgressEvery = 500;

    public string Kind => JobKind;

    public async Task RunAsync(JobContext job, CancellationToken cancellationToken)
    {
        // The import shares its id with its job.
        var importId = job.Id;
        var import = await db.Set<PeopleImport>().FirstOrDefaultAsync(i => i.Id == importId, cancellationToken)
            ?? throw new PermanentJobFailure($"People import {importId} does not exist.");
        if (import.IsFinished)
        {
            // Run again after it ended (its node died before the job was marked done): tell how it ended.
            var badLines = await db.Set<PeopleImportProblem>()
                .Where(p => p.ImportId == importId && p.Severity == ImportProblemSeverity.Error)
                .Select(p => p.Line).Distinct().CountAsync(cancellationToken);
            job.SetResult(ResultOf(import));
            SetOutcome(job, import, badLines);
            return;
        }
        try
        {
            var badLines = await CheckAndImportAsync(import, job, cancellationToken);
            job.SetResult(ResultOf(import));
            SetOutcome(job, import, badLines);
        }
        catch (PermanentJobFailure)
        {
            await db.Set<PeopleImport>().Where(i => i.Id == importId).ExecuteUpdateAsync(set => set
                .SetProperty(i => i.Status, PeopleImportStatus.Failed)
                .SetProperty(i => i.FinishedAt, clock.GetUtcNow()), CancellationToken.None);
            throw;
        }
    }

    /// <summary>Checks the file and, when it is clean, imports it; answers how many lines have errors (0 when imported).</summary>
    private async Task<int> CheckAndImportAsync(PeopleImport import, JobContext job, CancellationToken cancellationToken)
    {
        if (import.Status == PeopleImportStatus.Queued)
        {
            import.Status = PeopleImportStatus.Checking;
            await db.SaveChangesAsync(cancellationToken);
        }

        // 1. Check everything before writing anything.
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var estimate = Math.Max(1, await CountLinesAsync(import, cancellationToken) - 1);
        var problems = new List<ImportProblem>();
        var rows = new List<ImportRow>();
        await using (var stream = await OpenAsync(import, cancellationToken))
        {
            var (reader, headerIsUsable) = await PeopleCsvReader.OpenAsync(stream, problems, cancellationToken);
            await using (reader)
            {
                if (headerIsUsable)
                {
                    await foreach (var record in reader.ReadAsync(cancellationToken))
                    {
                        rows.Add(ImportRowValidator.Validate(record, problems));
                        if (rows.Count % ProgressEvery == 0)
                        {
                            estimate = Math.Max(estimate, rows.Count);
                            await job.ReportProgressAsync(rows.Count, estimate * 2, new JobMessage("ProgressChecking", rows.Count, estimate));
                        }
                    }
                    if (reader.RecordCount == 0 && problems.Count == 0)
                    {
                        problems.Add(new ImportProblem(1, ImportProblemCode.NoRows));
                    }
                }
            }
        }
        var total = rows.Count;
        var readTime = watch.Elapsed;
        ImportPlan? plan = null;
        if (rows.Count > 0 && !problems.Any(p => p.Code is ImportProblemCode.TooManyRows))
        {
            // Also when some rows have problems of their own: the checks across rows report the rest in the same round.
            await job.ReportProgressAsync(total, total * 2, new JobMessage("ProgressComparing", total));
            var snapshot = await ImportSnapshot.LoadAsync(db, cancellationToken);
            plan = ImportPlanner.Plan(rows, snapshot, problems);
        }
        var checkTime = watch.Elapsed;
        if (plan is null)
        {
            var badLines = await RejectAsync(import, total, problems, cancellationToken);
            logger.LogInformation("People import {ImportId} rejected: {Rows} rows read in {ReadMs} ms, checked in {CheckMs} ms, {Problems} problems stored in {StoreMs} ms",
                import.Id, total, (int)readTime.TotalMilliseconds, (int)(checkTime - readTime).TotalMilliseconds, import.ProblemCount, (int)(watch.Elapsed - checkTime).TotalMilliseconds);
            return badLines;
        }

        // 2. Import: departments and locations, the notices, then the rows batch by batch.
        if (import.Status != PeopleImportStatus.Importing || plan.NewOrgUnits.Count > 0)
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            await bulk.InsertAsync(plan.NewOrgUnits.Select(u => new OrgUnit { Id = u.Id, Kind = u.Kind, Name = u.Name }), cancellationToken);
            import.DepartmentsCreated += plan.NewOrgUnits.Count(u => u.Kind == OrgUnitKind.Department);
            import.LocationsCreated += plan.NewOrgUnits.Count(u => u.Kind == OrgUnitKind.Location);
            if (import.Status != PeopleImportStatus.Importing)
            {
                await bulk.InsertAsync(Stored(import.Id, plan.Notices, firstNumber: 1), cancellationToken);
                import.NoticeCount = plan.Notices.Count;
                import.RowCount = total;
                import.Status = PeopleImportStatus.Importing;
            }
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        foreach (var batch in plan.Rows.Skip(import.AppliedRows).Chunk(BatchSize))
        {
            await ApplyAsync(import, batch, cancellationToken);
            await job.ReportProgressAsync(total + import.AppliedRows, total * 2, new JobMessage("ProgressImporting", import.AppliedRows, total));
        }

        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            import.Status = PeopleImportStatus.Completed;
            import.FinishedAt = clock.GetUtcNow();
            var fileKey = import.FileKey;
            import.FileKey = null;
            audit.Record(AuditActions.PeopleImported, AuditObjectTypes.PeopleImport, import.Id.ToString(), import.FileName, new
            {
                Rows = import.RowCount,
                import.Created,
                import.Updated,
                import.Unchanged,
                import.Skipped,
                import.DepartmentsCreated,
                import.LocationsCreated,
                import.RoleChanges,
                import.Invited,
            });
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            await DeleteFileAsync(fileKey);
        }
        await job.ReportProgressAsync(total * 2, total * 2);
        logger.LogInformation("People import {ImportId} completed: {Rows} rows read in {ReadMs} ms, checked in {CheckMs} ms, written in {WriteMs} ms " +
            "({Created} created, {Updated} updated, {Unchanged} unchanged, {Skipped} skipped)", import.Id, total, (int)readTime.TotalMilliseconds,
            (int)(checkTime - readTime).TotalMilliseconds, (int)(watch.Elapsed - checkTime).TotalMilliseconds,
            import.Created, import.Updated, import.Unchanged, import.Skipped);
        return 0;
    }

    /// <summary>
    /// The job's final word, which its page, its progress and the API show in each reader's language:
    /// the import's end state as the outcome ("Import rejected"), and the numbers behind it.
    /// </summary>
    private static void SetOutcome(JobContext job, PeopleImport import, int badLines)
    {
        switch (import.Status)
        {
            case PeopleImportStatus.Completed:
                job.SetOutcome(JobOutcome.Positive,
                    new JobMessage("JobImported", import.RowCount, import.Created, import.Updated, import.Unchanged), "JobOutcome.Completed");
                break;
            case PeopleImportStatus.Rejected:
                var key = import.ProblemCount == 1 ? "JobRejected.One" : badLines == 1 ? "JobRejected.OneRow" : "JobRejected";
                job.SetOutcome(JobOutcome.Negative, new JobMessage(key, import.ProblemCount, badLines), "JobOutcome.Rejected");
                break;
            case PeopleImportStatus.Failed:
                job.SetOutcome(JobOutcome.Negative,
                    new JobMessage("JobStopped", import.AppliedRows, import.RowCount, import.ProblemCount), "JobOutcome.Stopped");
                break;
        }
    }

    /// <summary>One batch of the plan, in one transaction with the import's counters and position.</summary>
    private async Task ApplyAsync(PeopleImport import, PlannedRow[] batch, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);

        var creates = batch.Where(p => p.Action == PlannedAction.Create).ToList();
        var users = new List<GuildUser>(creates.Count);
        var people = new List<Person>(creates.Count);
        var userRoles = new List<IdentityUserRole<Guid>>();
        foreach (var planned in creates)
        {
            var row = planned.Row;
            var user = new GuildUser
            {
                Id = planned.PersonId,
                UserName = row.Email,
                NormalizedUserName = normalizer.NormalizeName(row.Email),
                Email = row.Email,
                NormalizedEmail = normalizer.NormalizeEmail(row.Email),
                SecurityStamp = PersonAdministration.NewSecurityStamp(),
                ConcurrencyStamp = Guid.NewGuid().ToString(),
                LockoutEnabled = true,
            };
            var person = new Person
            {
                Id = planned.PersonId,
                GivenName = row.GivenName!,
                FamilyName = row.FamilyName!,
                JobTitle = row.JobTitle,
                EmployeeNumber = row.EmployeeNumber,
                DepartmentId = planned.DepartmentId,
                LocationId = planned.LocationId,
                ManagerId = planned.ManagerId,
                Languages = [.. row.Languages ?? []],
                CreatedAt = now,
                InvitedAt = import.InviteNewPeople ? now : null,
            };
            person.RefreshNameKeys();
            users.Add(user);
            people.Add(person);
            var roles = Roles.All.Where(planned.RolesToAdd.Contains).ToList();
            userRoles.AddRange(roles.Select(role => new IdentityUserRole<Guid> { UserId = planned.PersonId, RoleId = GuildRoleConfiguration.Ids[role] }));
            if (roles.Any(role => role != Roles.Employee))
            {
                // Every imported person is an Employee; more than that is worth a line in the audit log.
                PersonAdministration.RecordRoleChange(audit, person.Id, person.DisplayName, [], roles, source: "import");
                import.RoleChanges++;
            }
            if (import.InviteNewPeople)
            {
                mailer.Queue(await invitations.ComposeAsync(user, person, me.DisplayName, cancellationToken));
                import.Invited++;
            }
        }
        // Accounts first (people share their ids), then people in plan order (managers first), then roles.
        await bulk.InsertAsync(users, cancellationToken);
        await bulk.InsertAsync(people, cancellationToken);
        await bulk.InsertAsync(userRoles, cancellationToken);

        var updates = batch.Where(p => p.Action == PlannedAction.Update).ToList();
        if (updates.Count > 0)
        {
            var ids = updates.Select(p => p.PersonId).ToList();
            var tracked = await db.Set<Person>().Where(p => ids.Contains(p.Id)).ToDictionaryAsync(p => p.Id, cancellationToken);
            var emailChanges = updates.Where(p => !string.Equals(p.Row.Email, p.Existing!.Email, StringComparison.Ordinal)).Select(p => p.PersonId).ToList();
            var accounts = emailChanges.Count == 0 ? []
                : await db.Users.Where(u => emailChanges.Contains(u.Id)).ToDictionaryAsync(u => u.Id, cancellationToken);
            foreach (var planned in updates)
            {
                var person = tracked[planned.PersonId];
                Apply(planned, person, accounts.GetValueOrDefault(planned.PersonId));
                if (planned.RolesToAdd.Count > 0)
                {
                    foreach (var role in planned.RolesToAdd)
                    {
                        db.UserRoles.Add(new IdentityUserRole<Guid> { UserId = person.Id, RoleId = GuildRoleConfiguration.Ids[role] });
                    }
                    var before = Roles.All.Where(planned.Existing!.Roles.Contains).ToList();
                    var after = Roles.All.Where(role => before.Contains(role) || planned.RolesToAdd.Contains(role)).ToList();
                    PersonAdministration.RecordRoleChange(audit, person.Id, person.DisplayName, before, after, source: "import");
                    import.RoleChanges++;
                }
            }
        }

        import.Created += creates.Count;
        import.Updated += updates.Count;
        import.Unchanged += batch.Count(p => p.Action == PlannedAction.Unchanged);
        import.Skipped += batch.Count(p => p.Action == PlannedAction.Skip);
        import.AppliedRows += batch.Length;
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        db.ChangeTracker.Clear();
        db.Attach(import);
    }

    /// <summary>Sets what the row gives; a cell left empty (or a column left out) keeps the current value.</summary>
    private void Apply(PlannedRow planned, Person person, GuildUser? user)
    {
        var row = planned.Row;
        person.GivenName = row.GivenName!;
        person.FamilyName = row.FamilyName!;
        person.JobTitle = row.JobTitle ?? person.JobTitle;
        person.EmployeeNumber ??= row.EmployeeNumber;
        person.DepartmentId = planned.DepartmentId ?? person.DepartmentId;
        person.LocationId = planned.LocationId ?? person.LocationId;
        person.ManagerId = planned.ManagerId ?? person.ManagerId;
        if (row.Languages is not null && !row.Languages.ToHashSet(StringComparer.Ordinal).SetEquals(person.Languages))
        {
            person.Languages = [.. row.Languages];
        }
        // The account owns the address; the person has no copy of it.
        if (user is not null && !string.Equals(row.Email, user.Email, StringComparison.OrdinalIgnoreCase))
        {
            user.Email = user.UserName = row.Email;
            user.NormalizedEmail = normalizer.NormalizeEmail(row.Email);
            user.NormalizedUserName = normalizer.NormalizeName(row.Email);
            user.ConcurrencyStamp = Guid.NewGuid().ToString();
        }
        person.RefreshNameKeys();
    }

    /// <summary>The file had problems: they are stored, and nothing else changes. Answers how many lines have errors.</summary>
    private async Task<int> RejectAsync(PeopleImport import, int rowCount, List<ImportProblem> problems, CancellationToken cancellationToken)
    {
        var errors = problems.Where(p => p.Severity == ImportProblemSeverity.Error).OrderBy(p => p.Line).ThenBy(p => p.Code).ToList();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await bulk.InsertAsync(Stored(import.Id, errors, firstNumber: import.NoticeCount + 1), cancellationToken);
        import.ProblemCount = errors.Count;
        import.RowCount = rowCount;
        // Rows of an earlier attempt may be in already (the people in Guild changed between attempts):
        // then the import did not run to its end, and the page says so rather than "nothing imported".
        import.Status = import.AppliedRows > 0 ? PeopleImportStatus.Failed : PeopleImportStatus.Rejected;
        import.FinishedAt = clock.GetUtcNow();
        var fileKey = import.FileKey;
        import.FileKey = null;
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        await DeleteFileAsync(fileKey);
        return errors.Select(p => p.Line).Distinct().Count();
    }

    private static IEnumerable<PeopleImportProblem> Stored(Guid importId, IEnumerable<ImportProblem> problems, int firstNumber) =>
        problems.Select((p, index) => new PeopleImportProblem
        {
            ImportId = importId,
            Number = firstNumber + index,
            Line = p.Line,
            Severity = p.Severity,
            Code = p.Code,
            Column = p.Column,
            Value = p.Value is null ? null : PeopleCsvReader.Shorten(p.Value),
            Detail = p.Detail is { Length: > PeopleImportProblemLimits.DetailLength } detail ? detail[..(PeopleImportProblemLimits.DetailLength - 1)] + "…" : p.Detail,
        });

    private async Task<Stream> OpenAsync(PeopleImport import, CancellationToken cancellationToken) =>
        import.FileKey is { } key && await files.OpenReadAsync(key, cancellationToken) is { } stream
            ? stream
            : throw new PermanentJobFailure($"The uploaded file of people import {import.Id} is no longer in the file store.");

    /// <summary>Lines in the file, to size the progress bar before the rows are parsed.</summary>
    private async Task<int> CountLinesAsync(PeopleImport import, CancellationToken cancellationToken)
    {
        await using var stream = await OpenAsync(import, cancellationToken);
        var buffer = new byte[81920];
        var lines = 0;
        var last = (byte)'\n';
        int read;
        while ((read = await stream.ReadAsync(buffer, cancellationToken)) > 0)
        {
            lines += buffer.AsSpan(0, read).Count((byte)'\n');
            last = buffer[read - 1];
        }
        // A last line without a line break still counts.
        return last == (byte)'\n' ? lines : lines + 1;
    }

    private async Task DeleteFileAsync(string? key)
    {
        if (key is null)
        {
            return;
        }
        try
        {
            // The upload holds personal data; once the import is done nothing needs it.
            await files.DeleteAsync(key, CancellationToken.None);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            logger.LogWarning(exception, "Could not remove the uploaded file {Key} of a finished people import", key);
        }
    }

    private static string ResultOf(PeopleImport import) => JsonSerializer.Serialize(new
    {
        importId = import.Id,
        status = import.Status.ToString(),
        rows = import.RowCount,
        problems = import.ProblemCount,
        created = import.Created,
        updated = import.Updated,
        unchanged = import.Unchanged,
        skipped = import.Skipped,
    }, JsonSerializerOptions.Web);
}
