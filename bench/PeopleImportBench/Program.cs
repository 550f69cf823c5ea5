// Measures the employee CSV import at scale: a first import of N new people (with a management
// line, departments, locations and roles), the same file again (everything unchanged), and a file
// in which every row is bad (rejected, every problem stored). Prints wall time and memory.
//
//   GUILD_TEST_POSTGRES="Host=127.0.0.1;Port=55432;Username=postgres" \
//   dotnet run -c Release --project bench/PeopleImportBench -- 100000 postgres
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Guild.Tests.Infrastructure;
using Guild.Web.Features.People.Import;
using Guild.Web.Platform.Identity;
using Microsoft.EntityFrameworkCore;

// WebApplicationFactory finds Guild.Web's content root through this variable outside a test project.
var root = new DirectoryInfo(AppContext.BaseDirectory);
while (root is not null && !Directory.Exists(Path.Combine(root.FullName, "src", "Guild.Web")))
{
    root = root.Parent;
}
Environment.SetEnvironmentVariable("ASPNETCORE_TEST_CONTENTROOT_GUILD_WEB", Path.Combine(root!.FullName, "src", "Guild.Web"));

var rows = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 100_000;
var provider = args.Length > 1 ? args[1] : "sqlite";
GuildApp app = provider.StartsWith("pg", StringComparison.OrdinalIgnoreCase) || provider.StartsWith("postgres", StringComparison.OrdinalIgnoreCase)
    ? new PostgresApp() : new SqliteApp();
await app.InitializeAsync();
var adminEmail = "";
try
{
    var admin = await app.CreatePersonAsync("Bench", "Admin", [Roles.Employee, Roles.LearningAdmin]);
    adminEmail = admin.Email;

    var good = Generate(rows, bad: false);
    var bad = Generate(rows, bad: true);
    Console.WriteLine($"{provider}, {rows:N0} rows, file {good.Length / 1024.0 / 1024.0:0.0} MB");
    await MeasureAsync("first import (all new)", good);
    await MeasureAsync("same file again (all unchanged)", good);
    await MeasureAsync("every row bad (rejected)", bad);
}
finally
{
    await ((Xunit.IAsyncLifetime)app).DisposeAsync();
}

async Task MeasureAsync(string label, byte[] file)
{
    using var client = app.CreateGuildClient();
    await client.SignInAsync(adminEmail, GuildApp.Password);
    using var content = new MultipartFormDataContent { { new ByteArrayContent(file), "file", "people.csv" } };
    var upload = Stopwatch.StartNew();
    using var response = await client.Http.PostAsync("/api/v1/people/imports", content);
    response.EnsureSuccessStatusCode();
    var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("importId").GetGuid();
    upload.Stop();

    GC.Collect();
    var allocatedBefore = GC.GetTotalAllocatedBytes();
    var peakHeap = 0L;
    using var sampling = new CancellationTokenSource();
    var sampler = Task.Run(async () =>
    {
        while (!sampling.IsCancellationRequested)
        {
            peakHeap = Math.Max(peakHeap, GC.GetGCMemoryInfo().HeapSizeBytes);
            peakHeap = Math.Max(peakHeap, GC.GetTotalMemory(false));
            await Task.Delay(50).ConfigureAwait(false);
        }
    });
    var run = Stopwatch.StartNew();
    var job = await app.RunJobAsync(id);
    run.Stop();
    await sampling.CancelAsync();
    await sampler;
    var import = await app.WithDbAsync(db => db.Set<PeopleImport>().AsNoTracking().SingleAsync(i => i.Id == id));
    Console.WriteLine($"  {label}: upload {upload.Elapsed.TotalSeconds:0.0} s, job {run.Elapsed.TotalSeconds:0.0} s ({job.Status}, {import.Status}: " +
                      $"{import.Created:N0} created, {import.Updated:N0} updated, {import.Unchanged:N0} unchanged, {import.ProblemCount:N0} problems); " +
                      $"managed heap peak {peakHeap / 1024 / 1024:N0} MB, allocated {(GC.GetTotalAllocatedBytes() - allocatedBefore) / 1024 / 1024:N0} MB, " +
                      $"process peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / 1024 / 1024:N0} MB");
}

static byte[] Generate(int count, bool bad)
{
    string[] given = ["Sanne", "Daan", "Eva", "Lars", "Ayşe", "Emre", "Olivia", "James", "Noor", "Priya"];
    string[] family = ["de Vries", "Jansen", "van den Berg", "Öztürk", "Smith", "El Amrani", "Bakker", "Nguyen"];
    var text = new StringBuilder("email;given_name;family_name;job_title;department;location;manager_email;languages;employee_number;roles\n");
    for (var i = count - 1; i >= 0; i--)
    {
        // A management line ten wide: row i reports to row i / 10, which comes later in the file.
        var manager = i == 0 ? "" : $"p{i / 10}@bench.example";
        var email = bad ? $"p{i} at bench.example" : $"p{i}@bench.example";
        text.Append(CultureInfo.InvariantCulture,
            $"{email};{given[i % given.Length]};{family[i % family.Length]} {i};Specialist {i % 40};Department {i % 30};Location {i % 12};{manager};nl en;B{i:000000};{(i % 12 == 0 ? "Champion" : "")}\n");
    }
    return Encoding.UTF8.GetBytes(text.ToString());
}
