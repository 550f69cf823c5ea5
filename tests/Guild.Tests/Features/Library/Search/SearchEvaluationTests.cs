using System.Globalization;
using System.Text.Json;
using Guild.Tests.Features.Expertise;
using Guild.Tests.Infrastructure;
using Guild.Web.Platform.Data;
using Guild.Web.Platform.Identity;
using Xunit.Abstractions;
using static Guild.Tests.Features.Library.Resources.ResourcesTestKit;

namespace Guild.Tests.Features.Library.Search;

/// <summary>
/// The search's quality on a fixed evaluation set (SearchEvaluation.json): a corpus of 46 resources in English and Dutch
/// and 57 questions (English, Dutch, mixed, and 8 that nothing in the corpus answers), in a Guild of its own so no other
/// test's resources take part. It reports recall@3 (the share of a question's answers, at most three, in the first three
/// results), MRR@10 (one over the rank of the first answer) and how often an unanswerable question gets no result, per
/// language, and fails when they fall below floors set just under what was measured.
/// </summary>
public abstract class SearchEvaluationTests(GuildApp app, ITestOutputHelper output)
{
    // Measured 2026-12-07 on SQLite: recall@3 0.67, MRR@10 0.83, silence 0.88 (English 0.73 / 0.83, Dutch 0.54 / 0.80,
    // mixed 0.75 / 1.00); PostgreSQL in the report. Floors a little below.
    private const double RecallFloor = 0.6;
    private const double MrrFloor = 0.75;
    private const double NoAnswerFloor = 0.75;

    private sealed record Corpus(string[] Components, CorpusResource[] Resources, Question[] Questions);
    private sealed record CorpusResource(string Key, string Component, string Language, string Title, string Summary, string Body);
    private sealed record Question(string Q, string Language, string[] Answers);

    [Fact]
    public async Task The_evaluation_set_keeps_recall_MRR_and_silence_on_unanswerable_questions_above_their_floors()
    {
        var corpus = JsonSerializer.Deserialize<Corpus>(
            await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "Features", "Library", "Search", "SearchEvaluation.json")), Json)!;
        GuildApp fresh = app.Provider == DatabaseProvider.Postgres ? new PostgresApp() : new SqliteApp();
        await ((Xunit.IAsyncLifetime)fresh).InitializeAsync();
        try
        {
            var capability = await fresh.CreateCapabilityAsync("Everyday work", corpus.Components);
            var components = capability.Components.ToDictionary(c => c.Name, c => c.Id);
            var (admin, _) = await fresh.SignedInAsync(Roles.Employee, Roles.LearningAdmin);
            var (reader, _) = await fresh.SignedInAsync();
            var ids = new Dictionary<Guid, string>();
            foreach (var resource in corpus.Resources)
            {
                var created = await admin.ArticleAsync(components[resource.Component], resource.Title, resource.Summary,
                    resource.Body.Length == 0 ? resource.Summary : resource.Body, resource.Language);
                ids[created.Id] = resource.Key;
            }
            await fresh.EmbedAsync();

            var scores = new List<(string Language, bool Answerable, double Recall, double Reciprocal, bool Silent, string Line)>();
            foreach (var question in corpus.Questions)
            {
                var found = await reader.SearchAsync(question.Q, "&limit=10");
                var keys = found.Results.Select(r => ids.GetValueOrDefault(r.Id, "?")).ToList();
                var answerable = question.Answers.Length > 0;
                var recall = answerable ? (double)keys.Take(3).Count(question.Answers.Contains) / Math.Min(3, question.Answers.Length) : 0;
                var rank = keys.FindIndex(k => question.Answers.Contains(k));
                scores.Add((question.Language, answerable, recall, rank < 0 ? 0 : 1.0 / (rank + 1), keys.Count == 0,
                    $"{question.Language} '{question.Q}' → {string.Join(", ", keys.Take(3))}"));
            }

            foreach (var line in scores.Select(s => s.Line))
            {
                output.WriteLine(line);
            }
            string Figure(double value) => value.ToString("0.00", CultureInfo.InvariantCulture);
            foreach (var group in scores.Where(s => s.Answerable).GroupBy(s => s.Language).Append(scores.Where(s => s.Answerable).GroupBy(_ => "all").Single()))
            {
                output.WriteLine($"{group.Key}: {group.Count()} questions, recall@3 {Figure(group.Average(s => s.Recall))}, MRR@10 {Figure(group.Average(s => s.Reciprocal))}");
            }
            var unanswerable = scores.Where(s => !s.Answerable).ToList();
            var silence = unanswerable.Average(s => s.Silent ? 1.0 : 0.0);
            output.WriteLine($"unanswerable: {unanswerable.Count} questions, nothing confident for {Figure(silence)}");

            var answerableScores = scores.Where(s => s.Answerable).ToList();
            Assert.True(answerableScores.Average(s => s.Recall) >= RecallFloor, $"recall@3 {answerableScores.Average(s => s.Recall)} fell below {RecallFloor}");
            Assert.True(answerableScores.Average(s => s.Reciprocal) >= MrrFloor, $"MRR@10 {answerableScores.Average(s => s.Reciprocal)} fell below {MrrFloor}");
            Assert.True(silence >= NoAnswerFloor, $"unanswerable questions answered: silence {silence} fell below {NoAnswerFloor}");
        }
        finally
        {
            await ((Xunit.IAsyncLifetime)fresh).DisposeAsync();
        }
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SearchEvaluationTestsOnSqlite(SqliteApp app, ITestOutputHelper output) : SearchEvaluationTests(app, output);

[Collection(PostgresCollection.Name)]
public sealed class SearchEvaluationTestsOnPostgres(PostgresApp app, ITestOutputHelper output) : SearchEvaluationTests(app, output);
