using System.Globalization;
using System.Text;

namespace Guild.Tests.Platform.Security;

/// <summary>
/// One line of <c>EndpointPermissions.txt</c>: an endpoint (method, route pattern as Guild maps it, and for a page's
/// POST the form it submits), what each caller gets, and optionally how the request is made.
/// </summary>
/// <param name="Form">The <c>@formname</c> a page POST submits; null for everything else (and for a page without forms).</param>
/// <param name="ObjectKind">Whose object fills the route's id; null: chosen from the route (see <see cref="EndpointSweep.ObjectKindOf"/>).</param>
/// <param name="Expected">One cell per <see cref="EndpointSweep.Callers"/>: a status code, or <c>login</c> (a redirect to the sign-in page).</param>
/// <param name="Request">Query and body of the call (see the head of EndpointPermissions.txt), or empty.</param>
internal sealed record PermissionRow(string Method, string Route, string? Form, string? ObjectKind, IReadOnlyList<string> Expected, string Request)
{
    public (string Method, string Route, string? Form) Key => (Method, Route, Form);

    public string Name => $"{Method} {Route}{(Form is null ? "" : " form=" + Form)}";

    public static bool IsUnsafe(string method) => method is not ("GET" or "HEAD" or "OPTIONS" or "TRACE");

    /// <summary>The line as it belongs in the file, padded so the columns line up.</summary>
    public string Format(IReadOnlyList<string>? cells = null)
    {
        var line = new StringBuilder();
        line.Append(Method.PadRight(8));
        var target = Route + (Form is null ? "" : " form=" + Form) + (ObjectKind is null ? "" : " id=" + ObjectKind);
        line.Append(target.PadRight(56)).Append(' ');
        foreach (var cell in cells ?? Expected)
        {
            line.Append(cell.PadRight(6));
        }
        if (Request.Length > 0)
        {
            line.Append("  ").Append(Request);
        }
        return line.ToString().TrimEnd();
    }

    public static int MethodOrder(string method) => method switch
    {
        "GET" => 0, "HEAD" => 1, "OPTIONS" => 2, "POST" => 3, "PUT" => 4, "PATCH" => 5, "DELETE" => 6, _ => 7,
    };
}

/// <summary>Reads the permission table: comments (#) and blank lines are skipped; a malformed line fails loudly.</summary>
internal static class EndpointPermissionTable
{
    public const string FileName = "EndpointPermissions.txt";

    /// <summary>Where to edit it (the test reads the copy in the output folder).</summary>
    public const string SourcePath = "tests/Guild.Tests/Platform/Security/" + FileName;

    public static List<PermissionRow> Load(int callers)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Platform", "Security", FileName);
        var rows = new List<PermissionRow>();
        var number = 0;
        foreach (var raw in File.ReadLines(path))
        {
            number++;
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }
            rows.Add(Parse(line, callers) ?? throw new InvalidDataException($"{SourcePath} line {number} is not \"METHOD ROUTE [form=…] [id=…] {callers} cells [request]\": {raw}"));
        }
        var duplicates = rows.GroupBy(r => r.Key).Where(g => g.Count() > 1).Select(g => g.First().Name).ToList();
        if (duplicates.Count > 0)
        {
            throw new InvalidDataException($"{SourcePath} has more than one line for: {string.Join(", ", duplicates)}");
        }
        return rows;
    }

    private static PermissionRow? Parse(string line, int callers)
    {
        var position = 0;
        string? Next()
        {
            while (position < line.Length && char.IsWhiteSpace(line[position]))
            {
                position++;
            }
            if (position >= line.Length)
            {
                return null;
            }
            var start = position;
            while (position < line.Length && !char.IsWhiteSpace(line[position]))
            {
                position++;
            }
            return line[start..position];
        }

        var method = Next();
        var route = Next();
        if (method is null || route is null)
        {
            return null;
        }
        string? form = null;
        string? kind = null;
        var cells = new List<string>();
        while (cells.Count < callers)
        {
            var token = Next();
            if (token is null)
            {
                return null;
            }
            if (cells.Count == 0 && token.StartsWith("form=", StringComparison.Ordinal))
            {
                form = token["form=".Length..];
            }
            else if (cells.Count == 0 && token.StartsWith("id=", StringComparison.Ordinal))
            {
                kind = token["id=".Length..];
            }
            else if (token == "login" || (token.Length == 3 && int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out _)))
            {
                cells.Add(token);
            }
            else
            {
                return null;
            }
        }
        return new PermissionRow(method, route, form, kind, cells, line[position..].Trim());
    }
}
