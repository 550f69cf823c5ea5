using CsvHelper;
using Guild.Web.Features.People;
using Guild.Web.Platform;
using Guild.Web.Platform.Audit;
using Microsoft.EntityFrameworkCore;

namespace Guild.Web.Features.Expertise.Map;

/// <summary>A problem of an import file, with the line it is on (1 is the header).</summary>
/// <param name="Line">The line of the file (the header is line 1).</param>
/// <param name="Column">The column it concerns, or null for the whole line.</param>
/// <param name="Message">What is wrong, in the reader's language.</param>
public sealed record MapImportProblem(int Line, string? Column, string Message);

/// <summary>What an import did.</summary>
/// <param name="CapabilitiesCreated">Capabilities that were new.</param>
/// <param name="CapabilitiesUpdated">Existing capabilities whose description or owner changed.</param>
/// <param name="ComponentsCreated">Components that were new.</param>
/// <param name="ComponentsUpdated">Existing components whose description, owner or skills changed.</param>
/// <param name="Capabilities">The capabilities the file named, by id.</param>
public sealed record MapImportOutcome(int CapabilitiesCreated, int CapabilitiesUpdated, int ComponentsCreated, int ComponentsUpdated, IReadOnlyList<Guid> Capabilities);

/// <summary>
/// The know-how map as CSV, for organisations that keep a competency framework elsewhere. One row per component
/// (<c>capability,component,parent,description,owner_email,skills</c>); a row without a component describes the
/// capability itself. <c>parent</c> is the path of the parent component from the top ("Video &gt; Editing"), skills are
/// separated by semicolons. UTF-8 (a byte order mark is fine), commas or semicolons between fields. Documented on
/// /admin/map/import and in docs/know-how-map.md.
/// </summary>
public static class MapCsvFormat
{
    public const long MaxFileBytes = 2L * 1024 * 1024;
    public const int MaxRows = 5_000;

    public const string Capability = "capability";
    public const string Component = "component";
    public const string Parent = "parent";
    public const string Description = "description";
    public const string OwnerEmail = "owner_email";
    public const string Skills = "skills";

    public static readonly IReadOnlyList<string> Columns = [Capability, Component, Parent, Description, OwnerEmail, Skills];
    public static readonly IReadOnlyList<string> RequiredColumns = [Capability, Component];

    public static string NormalizeHeader(string header) => People.Import.PeopleCsvFormat.NormalizeHeader(header);
}

/// <summary>Import and export of the map as CSV; the whole file is checked before anything changes.</summary>
public sealed partial class KnowHowMap
{
    private sealed record Row(int Line, string Capability, string? Component, IReadOnlyList<string> ParentPath, string? Description, string? OwnerEmail,
        IReadOnlyList<string> Skills, bool HasDescription, bool HasOwner, bool HasSkills)
    {
        public string CapabilityKey => Person.Fold(Capability);
        public string ParentKey => string.Join('\u001f', ParentPath.Select(Person.Fold));
        public string PathKey => ParentPath.Count == 0 ? Person.Fold(Component!) : $"{ParentKey}\u001f{Person.Fold(Component!)}";
    }

    /// <summary>
    /// Reads the whole file and reports every problem with its line; with none, creates and updates the capabilities
    /// and components it names in one transaction (importing an export again changes nothing). Components that
    /// are on the map but not in the file stay as they are.
    /// </summary>
    public async Task<Result<MapImportOutcome>> ImportAsync(Stream content, string? fileName, List<MapImportProblem> problems, CancellationToken cancellationToken)
    {
        if (!await me.CanAsync(MapOperations.WholeMap, MapOperations.Edit))
        {
            return Result<MapImportOutcome>.Forbidden();
        }
        // Rows with problems of their own are left out here, but the checks below still run on the others,
        // so one upload lists every problem of the file.
        var rows = await ReadRowsAsync(content, problems, cancellationToken);
        if (rows is null)
        {
            return Result<MapImportOutcome>.Invalid("file", text["ImportRejected", problems.Count]);
        }
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var capabilityKeys = rows.Select(r => r.CapabilityKey).Distinct().ToList();
        var capabilities = await db.Set<Capability>().Where(c => c.ArchivedAt == null && capabilityKeys.Contains(c.NameKey)).ToListAsync(cancellationToken);
        var capabilityIds = capabilities.Select(c => c.Id).ToList();
        var existing = await db.Set<KnowHowComponent>().Where(c => capabilityIds.Contains(c.CapabilityId)).ToListAsync(cancellationToken);
        var existingIds = existing.Select(c => c.Id).ToList();
        var existingSkills = await db.Set<ComponentSkill>().Where(s => existingIds.Contains(s.ComponentId)).ToListAsync(cancellationToken);
        var owners = await FindOwnersAsync(rows.Where(r => r.OwnerEmail is not null).Select(r => r.OwnerEmail!).ToList(), cancellationToken);

        // Checks that need the map: the owner exists, the parent is in the file or on the map.
        foreach (var row in rows.Where(r => r.OwnerEmail is not null && !owners.ContainsKey(r.OwnerEmail)))
        {
            problems.Add(new MapImportProblem(row.Line, MapCsvFormat.OwnerEmail, text["OwnerUnknown", row.OwnerEmail!]));
        }
        var paths = new Dictionary<string, Dictionary<string, KnowHowComponent>>();
        foreach (var capability in capabilities)
        {
            paths[capability.NameKey] = PathsOf(existing.Where(c => c.CapabilityId == capability.Id && c.ArchivedAt == null).ToList());
        }
        var inFile = rows.Where(r => r.Component is not null).Select(r => (r.CapabilityKey, r.PathKey)).ToHashSet();
        foreach (var row in rows.Where(r => r.Component is not null && r.ParentPath.Count > 0))
        {
            if (!inFile.Contains((row.CapabilityKey, row.ParentKey))
                && !(paths.TryGetValue(row.CapabilityKey, out var known) && known.ContainsKey(row.ParentKey)))
            {
                problems.Add(new MapImportProblem(row.Line, MapCsvFormat.Parent, text["ImportParentUnknown", string.Join(PathSeparator, row.ParentPath)]));
            }
        }
        foreach (var row in rows.Where(r => r.Component is not null && r.ParentPath.Count + 1 > KnowHowComponent.MaxDepth))
        {
            problems.Add(new MapImportProblem(row.Line, MapCsvFormat.Parent, text["TooDeep", KnowHowComponent.MaxDepth]));
        }
        if (problems.Count > 0)
        {
            problems.Sort((a, b) => a.Line.CompareTo(b.Line));
            return Result<MapImportOutcome>.Invalid("file", text["ImportRejected", problems.Count]);
        }

        var now = clock.GetUtcNow();
        int capabilitiesCreated = 0, capabilitiesUpdated = 0, componentsCreated = 0, componentsUpdated = 0;
        var nextCapabilityPosition = (await db.Set<Capability>().Where(c => c.ArchivedAt == null).Select(c => (int?)c.Position).MaxAsync(cancellationToken) ?? -1) + 1;
        var byKey = capabilities.ToDictionary(c => c.NameKey);
        foreach (var group in rows.GroupBy(r => r.CapabilityKey))
        {
            if (!byKey.TryGetValue(group.Key, out var capability))
            {
                capability = new Capability
                {
                    Id = Guid.CreateVersion7(), Name = group.First().Capability, NameKey = group.Key, Position = nextCapabilityPosition++,
                    CreatedAt = now, UpdatedAt = now,
                };
                db.Add(capability);
                byKey[group.Key] = capability;
                paths[group.Key] = [];
                capabilitiesCreated++;
            }
            if (group.FirstOrDefault(r => r.Component is null) is { } about)
            {
                var description = about.HasDescription ? about.Description : capability.Description;
                var ownerId = about.HasOwner ? (about.OwnerEmail is null ? null : owners[about.OwnerEmail]) : capability.OwnerId;
                if (description != capability.Description || ownerId != capability.OwnerId)
                {
                    capability.Description = description;
                    capability.OwnerId = ownerId;
                    capability.UpdatedAt = now;
                    if (capability.CreatedAt != now)
                    {
                        capabilitiesUpdated++;
                    }
                }
            }
            var known = paths[group.Key];
            var all = existing.Where(c => c.CapabilityId == capability.Id).ToList();
            // Parents before their children, and in file order among siblings.
            foreach (var row in group.Where(r => r.Component is not null).OrderBy(r => r.ParentPath.Count).ThenBy(r => r.Line))
            {
                var ownerId = row.OwnerEmail is null ? (Guid?)null : owners[row.OwnerEmail];
                if (known.TryGetValue(row.PathKey, out var component))
                {
                    var changed = false;
                    if (row.HasDescription && component.Description != row.Description)
                    {
                        component.Description = row.Description;
                        changed = true;
                    }
                    if (row.HasOwner && component.OwnerId != ownerId)
                    {
                        component.OwnerId = ownerId;
                        changed = true;
                    }
                    if (row.HasSkills)
                    {
                        var (added, removed) = await SetSkillsAsync(component.Id, row.Skills,
                            existingSkills.Where(s => s.ComponentId == component.Id).ToList(), cancellationToken);
                        changed |= added + removed > 0;
                    }
                    if (changed)
                    {
                        component.UpdatedAt = now;
                        componentsUpdated++;
                    }
                    continue;
                }
                var parent = row.ParentPath.Count == 0 ? null : known[row.ParentKey];
                component = new KnowHowComponent
                {
                    Id = Guid.CreateVersion7(), CapabilityId = capability.Id, ParentId = parent?.Id, Depth = row.ParentPath.Count + 1,
                    Name = row.Component!, NameKey = Person.Fold(row.Component!), Description = row.Description, OwnerId = ownerId,
                    Position = Siblings(all, capability.Id, parent?.Id).Select(c => c.Position + 1).DefaultIfEmpty(0).Max(),
                    CreatedAt = now, UpdatedAt = now,
                };
                db.Add(component);
                all.Add(component);
                known[row.PathKey] = component;
                await SetSkillsAsync(component.Id, row.Skills, [], cancellationToken);
                componentsCreated++;
            }
        }
        audit.Record(AuditActions.KnowHowMapImported, AuditObjectTypes.KnowHowMap, null, fileName, new
        {
            FileName = fileName,
            Rows = rows.Count,
            CapabilitiesCreated = capabilitiesCreated,
            CapabilitiesUpdated = capabilitiesUpdated,
            ComponentsCreated = componentsCreated,
            ComponentsUpdated = componentsUpdated,
        });
        var saved = await SaveAsync(() => Task.FromResult(Result<bool>.Ok(true)), cancellationToken);
        if (!saved.IsOk)
        {
            return Result<MapImportOutcome>.Conflict(saved.Message ?? "");
        }
        await transaction.CommitAsync(cancellationToken);
        return Result<MapImportOutcome>.Ok(new MapImportOutcome(capabilitiesCreated, capabilitiesUpdated, componentsCreated, componentsUpdated,
            rows.Select(r => byKey[r.CapabilityKey].Id).Distinct().ToList()));
    }

    /// <summary>The live components by folded path ("video\u001fediting").</summary>
    private static Dictionary<string, KnowHowComponent> PathsOf(List<KnowHowComponent> live)
    {
        var byId = live.ToDictionary(c => c.Id);
        var result = new Dictionary<string, KnowHowComponent>(StringComparer.Ordinal);
        foreach (var component in live)
        {
            var parts = new List<string>();
            for (KnowHowComponent? at = component; at is not null; at = at.ParentId is { } p ? byId.GetValueOrDefault(p) : null)
            {
                parts.Insert(0, at.NameKey);
            }
            result[string.Join('\u001f', parts)] = component;
        }
        return result;
    }

    /// <summary>
    /// Reads and checks every row on its own and against the others, adding each problem; answers the rows without
    /// problems, or null when the header makes the file unreadable.
    /// </summary>
    private async Task<List<Row>?> ReadRowsAsync(Stream content, List<MapImportProblem> problems, CancellationToken cancellationToken)
    {
        var malformed = new Dictionary<int, CsvMalformedReason>();
        await using var csv = CsvReader.Create(content, CsvReaderOptions.Default with
        {
            HasHeader = true,
            TrackLineNumbers = true,
            MaxRecordSize = 256 * 1024,
            OnMalformedRecord = record =>
            {
                if (record.Reason != CsvMalformedReason.FieldCountMismatch)
                {
                    malformed.TryAdd((int)record.LineNumber, record.Reason);
                }
            },
        }, leaveOpen: true);
        await csv.ReadHeaderAsync(cancellationToken);
        var headers = csv.Headers;
        var columns = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < headers.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(headers[i]))
            {
                continue;
            }
            var name = MapCsvFormat.NormalizeHeader(headers[i]);
            if (name.Contains('\uFFFD', StringComparison.Ordinal))
            {
                problems.Add(new MapImportProblem(1, null, text["ImportNotUtf8"]));
            }
            else if (!MapCsvFormat.Columns.Contains(name))
            {
                problems.Add(new MapImportProblem(1, MapFieldErrors.Shorten(headers[i].Trim()), text["ImportUnknownColumn", MapFieldErrors.Shorten(headers[i].Trim()), string.Join(", ", MapCsvFormat.Columns)]));
            }
            else if (!columns.TryAdd(name, i))
            {
                problems.Add(new MapImportProblem(1, name, text["ImportDuplicateColumn", name]));
            }
        }
        foreach (var missing in MapCsvFormat.RequiredColumns.Where(c => !columns.ContainsKey(c)))
        {
            problems.Add(new MapImportProblem(1, missing, text["ImportMissingColumn", missing]));
        }
        if (headers.Count == 0 || headers.All(string.IsNullOrWhiteSpace))
        {
            problems.Add(new MapImportProblem(1, null, text["ImportEmptyFile"]));
        }
        if (problems.Count > 0)
        {
            return null;
        }

        var rows = new List<Row>();
        var capabilityRows = new Dictionary<string, int>(StringComparer.Ordinal);
        var componentRows = new Dictionary<(string, string), int>();
        while (await csv.ReadAsync(cancellationToken))
        {
            var line = (int)csv.LineNumber;
            string Cell(string column) => columns.TryGetValue(column, out var index) && index < csv.FieldCount ? csv.GetString(index) ?? "" : "";
            var cells = MapCsvFormat.Columns.ToDictionary(c => c, Cell);
            if (cells.Values.All(string.IsNullOrWhiteSpace))
            {
                continue;
            }
            if (rows.Count + 1 > MapCsvFormat.MaxRows)
            {
                problems.Add(new MapImportProblem(line, null, text["ImportTooManyRows", MapCsvFormat.MaxRows]));
                break;
            }
            var before = problems.Count;
            if (malformed.Remove(line))
            {
                problems.Add(new MapImportProblem(line, null, text["ImportBadQuotes"]));
            }
            if (csv.FieldCount > headers.Count && Enumerable.Range(headers.Count, csv.FieldCount - headers.Count).Any(i => !string.IsNullOrWhiteSpace(csv.GetString(i))))
            {
                problems.Add(new MapImportProblem(line, null, text["ImportFieldCount", csv.FieldCount, headers.Count]));
            }
            foreach (var (column, value) in cells.Where(c => c.Value.Contains('\uFFFD', StringComparison.Ordinal)))
            {
                problems.Add(new MapImportProblem(line, column, text["ImportNotUtf8"]));
            }
            if (problems.Count > before)
            {
                continue;
            }
            var errors = new MapFieldErrors(text);
            var capability = errors.Name(MapCsvFormat.Capability, cells[MapCsvFormat.Capability]);
            var component = errors.Text(MapCsvFormat.Component, cells[MapCsvFormat.Component], NameMaxLength, required: false);
            var parentPath = cells[MapCsvFormat.Parent].Split('>', StringSplitOptions.TrimEntries);
            if (parentPath is [""])
            {
                parentPath = [];
            }
            else if (parentPath.Any(string.IsNullOrEmpty))
            {
                errors.Add(MapCsvFormat.Parent, text["ImportParentEmptyPart"]);
            }
            if (component is null && cells[MapCsvFormat.Component].Trim().Length == 0 && parentPath.Length > 0)
            {
                errors.Add(MapCsvFormat.Component, text["FieldRequired"]);
            }
            var description = errors.Description(MapCsvFormat.Description, cells[MapCsvFormat.Description]);
            var owner = errors.Text(MapCsvFormat.OwnerEmail, cells[MapCsvFormat.OwnerEmail], 256, required: false);
            var skills = component is null ? [] : errors.Skills(MapCsvFormat.Skills, MapFieldErrors.SplitSkills(cells[MapCsvFormat.Skills]));
            foreach (var (column, messages) in errors.Errors)
            {
                problems.AddRange(messages.Select(m => new MapImportProblem(line, column, m)));
            }
            if (errors.Any)
            {
                continue;
            }
            var row = new Row(line, capability!, component, parentPath, description, owner, skills,
                columns.ContainsKey(MapCsvFormat.Description), columns.ContainsKey(MapCsvFormat.OwnerEmail), columns.ContainsKey(MapCsvFormat.Skills));
            if (component is null)
            {
                if (!capabilityRows.TryAdd(row.CapabilityKey, line))
                {
                    problems.Add(new MapImportProblem(line, MapCsvFormat.Capability, text["ImportDuplicateCapability", capability!, capabilityRows[row.CapabilityKey]]));
                    continue;
                }
            }
            else if (!componentRows.TryAdd((row.CapabilityKey, row.PathKey), line))
            {
                problems.Add(new MapImportProblem(line, MapCsvFormat.Component, text["ImportDuplicateComponent", component, componentRows[(row.CapabilityKey, row.PathKey)]]));
                continue;
            }
            rows.Add(row);
        }
        if (rows.Count == 0 && problems.Count == 0)
        {
            problems.Add(new MapImportProblem(1, null, text["ImportEmptyFile"]));
        }
        return rows;
    }

    /// <summary>A capability's live map in the import format: its own row first, then its components in tree order.</summary>
    public async Task<Result<(string FileName, byte[] Content)>> ExportAsync(Guid capabilityId, CancellationToken cancellationToken)
    {
        if (!await me.CanAsync(MapOperations.WholeMap, MapOperations.Edit))
        {
            return Result<(string, byte[])>.Forbidden();
        }
        var map = await GetAsync(capabilityId, includeArchived: false, cancellationToken);
        if (!map.IsOk)
        {
            return map.Status == ResultStatus.NotFound ? Result<(string, byte[])>.NotFound() : Result<(string, byte[])>.Forbidden();
        }
        var capability = map.Value!;
        using var output = new MemoryStream();
        using (var writer = CsvWriter.Create(output, CsvWriterOptions.Default with { WriteByteOrderMark = true }, leaveOpen: true))
        {
            writer.WriteHeader(MapCsvFormat.Columns.ToArray());
            writer.WriteRecord([capability.Name, "", "", capability.Description ?? "", capability.Owner?.Email ?? "", ""]);
            void Write(ComponentNode node, string parentPath)
            {
                writer.WriteRecord([capability.Name, node.Name, parentPath, node.Description ?? "", node.Owner?.Email ?? "",
                    string.Join("; ", node.Skills.Select(s => s.Name))]);
                foreach (var child in node.Children)
                {
                    Write(child, parentPath.Length == 0 ? node.Name : $"{parentPath}{PathSeparator}{node.Name}");
                }
            }
            foreach (var node in capability.Components)
            {
                Write(node, "");
            }
        }
        var slug = new string(capability.Name.Select(c => char.IsLetterOrDigit(c) ? char.ToLowerInvariant(c) : '-').ToArray()).Trim('-');
        return Result<(string, byte[])>.Ok(($"know-how-map-{(slug.Length == 0 ? "capability" : slug)}.csv", output.ToArray()));
    }
}
