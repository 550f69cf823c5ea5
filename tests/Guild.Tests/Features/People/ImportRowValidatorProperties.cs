using System.Text;
using CsCheck;
using Guild.Web.Features.People.Import;

namespace Guild.Tests.Features.People;

/// <summary>
/// Properties of reading and checking an import file, without a database: whatever valid rows look
/// like (quoted cells, commas and semicolons inside them, accents, blank lines, either separator,
/// with or without a byte order mark, columns in any order), they are accepted; and any corruption
/// of a required cell in one row is reported on exactly that row's line, in the right column.
/// </summary>
public sealed class ImportRowValidatorProperties
{
    private sealed record PersonRow(string Email, string GivenName, string FamilyName, string JobTitle, string Department,
        string Languages, string EmployeeNumber, string Roles, int? ManagerIndex);

    private sealed record FileShape(char Separator, bool ByteOrderMark, string NewLine, int[] ColumnOrder, bool[] BlankLineBefore);

    private static readonly Gen<string> Word = Gen.Char["abcdefghijklmnopqrstuvwxyzéëïöüçñş"].Array[1, 10].Select(chars => new string(chars));

    private static readonly Gen<string> Name = Gen.Select(Gen.Char["ABCDEFGHIJKLMNOPRSTUVWZÖÉŞ"], Word,
        Gen.OneOf("", " de Vries", "-Smit", ", Jr.", "; BV", " \"Bobby\"", " 't Hart", " O'Brien"),
        (initial, rest, suffix) => initial + rest + suffix);

    private static readonly Gen<(string Title, string Department, string Languages)> Work = Gen.Select(
        Gen.OneOf("", "Editor", "Head of Sales, Benelux", "R&D; lab", "Eindredacteur"),
        Gen.OneOf("", "Sales", "Redactie", "R&D, Lab"),
        Gen.OneOf("", "nl", "nl en", "en,de", "fr / nl", "TR"),
        (title, department, languages) => (title, department, languages));

    private static Gen<PersonRow> Row(int index, bool withManagers) => Gen.Select(
        Word, Name, Name, Work, Gen.Bool, Gen.OneOf("", "Champion", "champion moderator", "LearningAdmin,Moderator"),
        withManagers && index > 0 ? Gen.Int[-1, index - 1] : Gen.Const(-1),
        (local, given, family, work, numbered, roles, manager) => new PersonRow(
            $"{local}.{index}@example.com", given, family, work.Title, work.Department, work.Languages,
            numbered ? $"E{index:00000}" : "", roles, manager < 0 ? null : manager));

    private static Gen<PersonRow[]> Rows(bool withManagers) => Gen.Int[1, 25].SelectMany(count =>
        Enumerable.Range(0, count).Select(i => Row(i, withManagers)).Aggregate(
            Gen.Const(new List<PersonRow>()), (list, row) => list.SelectMany(l => row.Select(r => { var copy = new List<PersonRow>(l) { r }; return copy; })))
        .Select(list => list.ToArray()));

    private static readonly Gen<FileShape> Shape = Gen.Select(Gen.OneOf(',', ';'), Gen.Bool, Gen.OneOf("\n", "\r\n"),
        Gen.Shuffle(Enumerable.Range(0, PeopleCsvFormat.Columns.Count).ToArray()), Gen.Bool.Array[26],
        (separator, bom, newLine, order, blanks) => new FileShape(separator, bom, newLine, order, blanks));

    [Fact]
    public void Valid_rows_are_accepted_whatever_the_file_looks_like()
    {
        Gen.Select(Rows(withManagers: true), Shape, Gen.Int[0, 1_000]).Sample((rows, shape, seed) =>
        {
            // The rows go into the file in any order; managers may come after their teams.
            var order = Enumerable.Range(0, rows.Length).OrderBy(i => (i * 7919 + seed) % 104729).ToArray();
            var (bytes, lines) = Write(rows, order, shape);
            var (parsed, problems) = Read(bytes);

            Assert.True(problems.Count == 0, string.Join("; ", problems.Select(p => $"{p.Line} {p.Code} {p.Column} '{p.Value}' {p.Detail}")));
            Assert.Equal(order.Select(i => lines[i]), parsed.Select(r => r.Line));
            var plan = ImportPlanner.Plan(parsed, ImportSnapshot.Empty, problems);
            Assert.NotNull(plan);
            Assert.All(plan.Rows, p => Assert.Equal(PlannedAction.Create, p.Action));
            // Managers are written before the people who report to them.
            var position = plan.Rows.Select((p, i) => (p.PersonId, i)).ToDictionary(x => x.PersonId, x => x.i);
            Assert.All(plan.Rows.Where(p => p.ManagerId is not null), p => Assert.True(position[p.ManagerId!.Value] < position[p.PersonId]));
            Assert.Equal(rows.Length, plan.Rows.Count);
        }, iter: 300);
    }

    [Fact]
    public void Any_corruption_of_a_required_cell_is_reported_on_that_line_and_column()
    {
        var corruption = Gen.OneOf(
            Gen.OneOf("", "   ", "no-at-sign.example.com", "two@@example.com", "a b@example.com", "dot.@example.com", "x@localhost",
                new string('a', 250) + "@example.com").Select(bad => (Column: ImportColumn.Email, Value: bad)),
            Gen.OneOf("", "  ", new string('G', 101), "Ann\u0001a", "Jo\nhn").Select(bad => (Column: ImportColumn.GivenName, Value: bad)),
            Gen.OneOf("", "\t", new string('F', 101), "Smit\u0007").Select(bad => (Column: ImportColumn.FamilyName, Value: bad)));

        Gen.Select(Rows(withManagers: false), Shape, Gen.Int[0, 1_000], corruption).Sample((rows, shape, pick, bad) =>
        {
            var victim = pick % rows.Length;
            rows[victim] = bad.Column switch
            {
                ImportColumn.Email => rows[victim] with { Email = bad.Value },
                ImportColumn.GivenName => rows[victim] with { GivenName = bad.Value },
                _ => rows[victim] with { FamilyName = bad.Value },
            };
            var order = Enumerable.Range(0, rows.Length).ToArray();
            var (bytes, lines) = Write(rows, order, shape);
            var (parsed, problems) = Read(bytes);
            var plan = ImportPlanner.Plan(parsed, ImportSnapshot.Empty, problems);

            Assert.Null(plan);
            var line = lines[victim];
            Assert.NotEmpty(problems);
            Assert.All(problems, p => Assert.Equal(line, p.Line));
            Assert.Contains(problems, p => p.Column == PeopleCsvFormat.Spec(bad.Column).Name);
        }, iter: 300);
    }

    /// <summary>Writes the file as a spreadsheet would, quoting where needed; answers the bytes and each row's first line.</summary>
    private static (byte[] Bytes, int[] Lines) Write(PersonRow[] rows, int[] order, FileShape shape)
    {
        string Cell(string value) =>
            value.IndexOfAny([shape.Separator, '"', '\r', '\n']) >= 0 || value != value.Trim(' ')
                ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""
                : value;

        string[] Cells(PersonRow row, Func<PersonRow, string> managerEmail) =>
        [
            row.Email, row.GivenName, row.FamilyName, row.JobTitle, row.Department, "", managerEmail(row), row.Languages, row.EmployeeNumber, row.Roles,
        ];

        var text = new StringBuilder();
        var line = 1;
        text.Append(string.Join(shape.Separator, shape.ColumnOrder.Select(c => PeopleCsvFormat.Columns[c].Name))).Append(shape.NewLine);
        var lines = new int[rows.Length];
        for (var k = 0; k < order.Length; k++)
        {
            var index = order[k];
            line++;
            if (shape.BlankLineBefore[k])
            {
                // Excel leaves rows of separators where a row was cleared; editors leave empty lines.
                text.Append(k % 2 == 0 ? "" : new string(shape.Separator, PeopleCsvFormat.Columns.Count - 1)).Append(shape.NewLine);
                line++;
            }
            lines[index] = line;
            var cells = Cells(rows[index], row => row.ManagerIndex is { } m ? rows[m].Email : "");
            var record = string.Join(shape.Separator, shape.ColumnOrder.Select(c => Cell(cells[c])));
            text.Append(record).Append(shape.NewLine);
            line += record.Count(c => c == '\n');
        }
        var bytes = Encoding.UTF8.GetBytes(text.ToString());
        return (shape.ByteOrderMark ? [.. Encoding.UTF8.GetPreamble(), .. bytes] : bytes, lines);
    }

    private static (List<ImportRow> Rows, List<ImportProblem> Problems) Read(byte[] bytes)
    {
        var problems = new List<ImportProblem>();
        var rows = new List<ImportRow>();
        using var stream = new MemoryStream(bytes);
        var (reader, ok) = PeopleCsvReader.OpenAsync(stream, problems, CancellationToken.None).GetAwaiter().GetResult();
        try
        {
            Assert.True(ok, string.Join("; ", problems.Select(p => $"{p.Code} {p.Value}")));
            var records = reader.ReadAsync(CancellationToken.None).GetAsyncEnumerator();
            while (records.MoveNextAsync().AsTask().GetAwaiter().GetResult())
            {
                rows.Add(ImportRowValidator.Validate(records.Current, problems));
            }
        }
        finally
        {
            reader.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
        return (rows, problems);
    }
}
