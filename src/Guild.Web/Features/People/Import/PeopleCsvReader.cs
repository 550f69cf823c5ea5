using System.Runtime.CompilerServices;
using CsvHelper;

namespace Guild.Web.Features.People.Import;

/// <summary>One data record of the file: its line and the raw text of each known column (null when the file has no such column).</summary>
public sealed record CsvPersonRecord(int Line, IReadOnlyDictionary<ImportColumn, string> Values, bool IsMalformed);

/// <summary>
/// Streams an employee CSV: UTF-8 with or without a byte order mark (UTF-16 with one works too),
/// comma, semicolon, tab or pipe separated (detected, Excel's "sep=;" line honoured), quoted fields
/// with line breaks. Reports the header's problems and each record's structural problems (wrong
/// field count, broken quotes, bytes that are not UTF-8) with the line the record starts on.
/// </summary>
public sealed class PeopleCsvReader : IAsyncDisposable
{
    private readonly CsvReader _csv;
    private readonly List<ImportProblem> _problems;
    private readonly Dictionary<int, CsvMalformedReason> _malformedLines = [];
    private (ImportColumn Column, int Index)[] _columns = [];
    private int _headerCount;

    private PeopleCsvReader(Stream stream, List<ImportProblem> problems)
    {
        _problems = problems;
        _csv = CsvReader.Create(stream, CsvReaderOptions.Default with
        {
            HasHeader = true,
            TrackLineNumbers = true,
            // An unclosed quote must not make the reader swallow a 64 MB file into one record.
            MaxRecordSize = 1024 * 1024,
            OnMalformedRecord = record =>
            {
                if (record.Reason != CsvMalformedReason.FieldCountMismatch)
                {
                    _malformedLines.TryAdd((int)record.LineNumber, record.Reason);
                }
            },
        }, leaveOpen: true);
    }

    /// <summary>Which of the known columns the file has.</summary>
    public IReadOnlySet<ImportColumn> PresentColumns { get; private set; } = new HashSet<ImportColumn>();

    /// <summary>Data records read so far (blank lines are not records).</summary>
    public int RecordCount { get; private set; }

    /// <summary>Reads the header; false (with the problems added) when the file cannot be imported at all.</summary>
    public static async Task<(PeopleCsvReader Reader, bool HeaderIsUsable)> OpenAsync(Stream stream, List<ImportProblem> problems, CancellationToken cancellationToken)
    {
        var reader = new PeopleCsvReader(stream, problems);
        return (reader, await reader.ReadHeaderAsync(cancellationToken));
    }

    private async Task<bool> ReadHeaderAsync(CancellationToken cancellationToken)
    {
        await _csv.ReadHeaderAsync(cancellationToken);
        var headers = _csv.Headers;
        if (headers.Count == 0 || headers.All(string.IsNullOrWhiteSpace))
        {
            _problems.Add(new ImportProblem(1, ImportProblemCode.EmptyFile));
            return false;
        }
        _headerCount = headers.Count;
        var columns = new List<(ImportColumn, int)>();
        var seen = new Dictionary<ImportColumn, string>();
        for (var index = 0; index < headers.Count; index++)
        {
            var header = headers[index];
            if (string.IsNullOrWhiteSpace(header))
            {
                // Excel leaves empty header cells after the last column; they are harmless.
                continue;
            }
            if (PeopleCsvFormat.ColumnFor(header) is not { } column)
            {
                _problems.Add(new ImportProblem(1, ImportProblemCode.UnknownColumn, Value: Shorten(header.Trim()),
                    Detail: string.Join(", ", PeopleCsvFormat.Columns.Select(c => c.Name))));
                continue;
            }
            if (!seen.TryAdd(column, header.Trim()))
            {
                _problems.Add(new ImportProblem(1, ImportProblemCode.DuplicateColumn, PeopleCsvFormat.Spec(column).Name, Shorten(header.Trim()), seen[column]));
                continue;
            }
            columns.Add((column, index));
        }
        foreach (var spec in PeopleCsvFormat.Columns.Where(spec => spec.Required && !seen.ContainsKey(spec.Column)))
        {
            _problems.Add(new ImportProblem(1, ImportProblemCode.MissingColumn, spec.Name));
        }
        _columns = [.. columns];
        PresentColumns = seen.Keys.ToHashSet();
        return _problems.Count == 0;
    }

    /// <summary>The data records in file order. Blank lines and rows of only separators (";;;") are skipped.</summary>
    public async IAsyncEnumerable<CsvPersonRecord> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        while (await _csv.ReadAsync(cancellationToken))
        {
            var line = (int)_csv.LineNumber;
            if (IsBlank())
            {
                continue;
            }
            RecordCount++;
            if (RecordCount > PeopleCsvFormat.MaxRows)
            {
                _problems.Add(new ImportProblem(line, ImportProblemCode.TooManyRows, Detail: PeopleCsvFormat.MaxRows.ToString("N0", System.Globalization.CultureInfo.InvariantCulture)));
                yield break;
            }
            var malformed = false;
            if (_malformedLines.Remove(line, out var reason))
            {
                _problems.Add(new ImportProblem(line, ImportProblemCode.BadQuotes, Detail: reason.ToString()));
                malformed = true;
            }
            if (_csv.FieldCount != _headerCount && !TrailingEmptyFieldsOnly())
            {
                _problems.Add(new ImportProblem(line, ImportProblemCode.FieldCount,
                    Value: _csv.FieldCount.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    Detail: _headerCount.ToString(System.Globalization.CultureInfo.InvariantCulture)));
                malformed = true;
            }
            var values = new Dictionary<ImportColumn, string>(_columns.Length);
            foreach (var (column, index) in _columns)
            {
                var value = index < _csv.FieldCount ? _csv.GetString(index) ?? "" : "";
                if (value.Contains('\uFFFD', StringComparison.Ordinal))
                {
                    // The decoder put U+FFFD where bytes were not UTF-8: the file was saved as ANSI/Latin-1.
                    _problems.Add(new ImportProblem(line, ImportProblemCode.NotUtf8, PeopleCsvFormat.Spec(column).Name, Shorten(value)));
                    malformed = true;
                }
                values[column] = value;
            }
            yield return new CsvPersonRecord(line, values, malformed);
        }
    }

    private bool IsBlank()
    {
        for (var i = 0; i < _csv.FieldCount; i++)
        {
            if (!_csv.GetSpan(i).Trim(" \t"u8).IsEmpty)
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>Some exports pad every row with extra empty cells; only cells with text count as extra.</summary>
    private bool TrailingEmptyFieldsOnly()
    {
        if (_csv.FieldCount < _headerCount)
        {
            return false;
        }
        for (var i = _headerCount; i < _csv.FieldCount; i++)
        {
            if (!_csv.GetSpan(i).Trim(" \t"u8).IsEmpty)
            {
                return false;
            }
        }
        return true;
    }

    internal static string Shorten(string value) =>
        value.Length <= PeopleImportProblemLimits.ValueLength ? value : value[..(PeopleImportProblemLimits.ValueLength - 1)] + "…";

    public ValueTask DisposeAsync() => _csv.DisposeAsync();
}
