using Guild.Tests.Features.People;
using Guild.Web.Features.Library.Browse;
using Guild.Web.Features.Library.Feedback;
using Guild.Web.Features.Library.Resources;
using Guild.Web.Features.People;
using Guild.Web.Platform.Identity;
using Microsoft.EntityFrameworkCore;

namespace Guild.Tests.Features.Library.Feedback;

/// <summary>
/// The small demo organisation's readers did things with its library: views and "did this help?" answers (with what for)
/// spread over the last eight weeks, on the demo champion's resources too (his reach chart); colleagues of the demo
/// employee looked lately (their "popular" shelf) and one asked a question (their department's demand); a question and
/// an "outdated" flag; the employee is part-way through something and finished something else.
/// </summary>
public sealed class FeedbackDemoContentTests(DemoOrganisationApp app) : IClassFixture<DemoOrganisationApp>
{
    [Fact]
    public async Task The_small_demo_library_has_views_answers_flags_and_progress_for_the_demo_logins()
    {
        var daanEmail = DemoAccounts.All.First(a => a.Role == Roles.Champion).Email;
        var employeeEmail = DemoAccounts.All.First(a => a.Role == Roles.Employee).Email;
        var (views, answers, flags, progress, people, authors) = await app.WithDbAsync(async db => (
            await db.Set<ResourceView>().AsNoTracking().ToListAsync(),
            await db.Set<ResourceHelpfulness>().AsNoTracking().ToListAsync(),
            await db.Set<ResourceFlag>().AsNoTracking().ToListAsync(),
            await db.Set<ResourceProgress>().AsNoTracking().ToListAsync(),
            await db.Set<Person>().AsNoTracking().Select(p => new { p.Id, p.Account.Email, p.DepartmentId }).ToListAsync(),
            await db.Set<ResourceAuthor>().AsNoTracking().ToListAsync()));
        var daan = people.Single(p => p.Email == daanEmail);
        var employee = people.Single(p => p.Email == employeeEmail);
        var today = DateOnly.FromDateTime(app.Clock.GetUtcNow().UtcDateTime);

        Assert.InRange(views.Count, 24, 200);
        Assert.InRange(answers.Count, 12, 100);
        Assert.All(views, v => Assert.InRange(v.Day, today.AddDays(-7 * FeedbackDemoContent.Weeks - 1), today.AddDays(1)));
        Assert.True(views.Select(v => v.Day.DayNumber / 7).Distinct().Count() >= 4, "The views should spread over several weeks.");
        Assert.Contains(answers, a => a.Helpful && !string.IsNullOrEmpty(a.WhatFor));
        Assert.Contains(answers, a => !a.Helpful);
        // No one reads or answers on their own resource.
        Assert.DoesNotContain(views, v => authors.Any(a => a.ResourceId == v.ResourceId && a.PersonId == v.PersonId));
        var daansResources = authors.Where(a => a.PersonId == daan.Id).Select(a => a.ResourceId).ToHashSet();
        Assert.Contains(views, v => daansResources.Contains(v.ResourceId));
        Assert.Contains(answers, a => daansResources.Contains(a.ResourceId));

        var colleagues = people.Where(p => p.DepartmentId == employee.DepartmentId && p.Id != employee.Id).Select(p => p.Id).ToHashSet();
        Assert.Contains(views, v => colleagues.Contains(v.PersonId) && v.Day >= today.AddDays(-LibraryShelves.PopularDays));
        Assert.Contains(flags, f => f.Kind == FlagKind.Question && colleagues.Contains(f.PersonId) && f.HandledAt is null);
        Assert.Contains(flags, f => f.Kind == FlagKind.Outdated);
        Assert.Contains(progress, p => p.PersonId == employee.Id && p.CompletedAt is null);
        Assert.Contains(progress, p => p.PersonId == employee.Id && p.CompletedAt is not null);
    }
}
