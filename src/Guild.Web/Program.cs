using Guild.Web.Features.Administration;
using Guild.Web.Features.Asks;
using Guild.Web.Features.Community;
using Guild.Web.Features.Events;
using Guild.Web.Features.Events.Series;
using Guild.Web.Features.Events.Festivals;
using Guild.Web.Features.Expertise;
using Guild.Web.Features.LearningCoffee;
using Guild.Web.Features.Library;
using Guild.Web.Features.Lrs;
using Guild.Web.Features.People;
using Guild.Web.Features.Restock;
using Guild.Web.Platform;
using Guild.Web.Platform.Identity;

var builder = WebApplication.CreateBuilder(args);

builder.AddGuildPlatform();
builder.AddAccounts();
builder.AddPeople();
builder.AddExpertise();
builder.AddLibrary();
builder.AddAsks();
builder.AddLearningCoffee();
builder.AddRestock();
builder.AddEvents();
builder.AddLectureSeries();
builder.AddFestivals();
builder.AddCommunity();
builder.AddAdministration();
builder.AddLrs();

var app = builder.Build();

if (await app.RunCommandAsync(args) is { } exitCode)
{
    return exitCode;
}

app.UseGuildPlatform();
app.MapAccounts();
app.MapPeople();
app.MapExpertise();
app.MapLibrary();
app.MapAsks();
app.MapLearningCoffee();
app.MapRestock();
app.MapEvents();
app.MapLectureSeries();
app.MapFestivals();
app.MapCommunity();
app.MapAdministration();
app.MapLrs();
app.MapGuildPages();

app.Run();
return 0;

public partial class Program;
