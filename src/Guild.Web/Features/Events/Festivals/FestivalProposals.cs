using Guild.Web.Features.People;
using Guild.Web.Platform;
using Guild.Web.Platform.Data;
using Guild.Web.Platform.Identity;
using Guild.Web.Platform.Notifications;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.Extensions.Localization;

namespace Guild.Web.Features.Events.Festivals;

/// <summary>Where a partner guest's workshop proposal stands.</summary>
public enum ProposalState { Open, Accepted, Declined }

/// <summary>
/// A workshop a partner guest proposes for a festival: organisers accept it (it becomes a workshop they place in a room and time) or decline it
/// with a message the guest reads.
/// </summary>
public sealed class FestivalProposal
{
    public const int MessageMax = 2_000;

    public Guid Id { get; set; }
    public Guid FestivalId { get; set; }
    /// <summary>The partner organisation the guest came with.</summary>
    public Guid PartnerId { get; set; }
    public Guid GuestId { get; set; }
    public required string Title { get; set; }
    public string Description { get; set; } = "";
    /// <summary>How long the workshop would take.</summary>
    public int Minutes { get; set; }
    /// <summary>The festival day the guest prefers, if any.</summary>
    public DateOnly? PreferredDay { get; set; }
    public ProposalState State { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? DecidedAt { get; set; }
    public Guid? DecidedById { get; set; }
    /// <summary>Why it was declined, for the guest.</summary>
    public string? Message { get; set; }
    /// <summary>The workshop it became.</summary>
    public Guid? WorkshopId { get; set; }
}

internal sealed class FestivalProposalConfiguration : IEntityTypeConfiguration<FestivalProposal>
{
    public void Configure(EntityTypeBuilder<FestivalProposal> builder)
    {
        builder.ToTable("festival_proposals");
        builder.Property(p => p.Id).ValueGeneratedNever();
        builder.Property(p => p.Title).HasMaxLength(GuildEvent.TitleMax);
        builder.Property(p => p.Description).HasMaxLength(GuildEvent.DescriptionMax);
        builder.Property(p => p.State).HasConversion<string>().HasMaxLength(16);
        builder.Property(p => p.Message).HasMaxLength(FestivalProposal.MessageMax);
        builder.HasIndex(p => new { p.FestivalId, p.State });
        builder.HasIndex(p => p.GuestId);
        builder.HasOne<Festival>().WithMany().HasForeignKey(p => p.FestivalId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<FestivalPartner>().WithMany().HasForeignKey(p => p.PartnerId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Person>().WithMany().HasForeignKey(p => p.GuestId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<GuildEvent>().WithMany().HasForeignKey(p => p.WorkshopId).OnDelete(DeleteBehavior.SetNull);
    }
}

/// <summary>A workshop a partner guest proposes.</summary>
/// <param name="Title">What the workshop would be called.</param>
/// <param name="Description">What it would be about.</param>
/// <param name="Minutes">How long it would take (15 to 480 minutes).</param>
/// <param name="PreferredDay">A festival day the guest prefers (optional).</param>
public sealed record ProposalInput(string? Title, string? Description, int? Minutes, DateOnly? PreferredDay);

/// <summary>Why a proposal is declined.</summary>
/// <param name="Message">The message the guest reads (required).</param>
public sealed record DeclineInput(string? Message);

/// <summary>A workshop proposal.</summary>
/// <param name="Id">The proposal's id.</param>
/// <param name="Title">Its title.</param>
/// <param name="Description">What it is about.</param>
/// <param name="Minutes">How long it would take.</param>
/// <param name="PreferredDay">The day the guest prefers, if any.</param>
/// <param name="Guest">Who proposed it.</param>
/// <param name="Partner">Their organisation.</param>
/// <param name="State">Open, Accepted or Declined.</param>
/// <param name="CreatedAt">When it was proposed.</param>
/// <param name="Message">Why it was declined.</param>
/// <param name="WorkshopId">The workshop it became.</param>
public sealed record ProposalView(Guid Id, string Title, string Description, int Minutes, DateOnly? PreferredDay, HostView Guest, string Partner, ProposalState State,
    DateTimeOffset CreatedAt, string? Message, Guid? WorkshopId);

/// <summary>
/// Partner guests propose workshops for their festival; organisers accept (the workshop is added with the checks of any workshop, the guest as
/// its host) or decline with a message; the guest is notified either way. A guest sees their own proposals only; a guest of another festival,
/// and anyone who cannot see the festival, gets not found.
/// </summary>
public sealed class FestivalProposals(GuildDb db, CurrentPerson me, TimeProvider clock, FestivalProgrammes programmes, Notifier notifier,
    IStringLocalizer<FestivalsText> text)
{
    public const string AcceptedKind = "festivals.proposal-accepted";
    public const string DeclinedKind = "festivals.proposal-declined";

    /// <summary>How many open proposals one guest may have at a festival.</summary>
    public const int OpenPerGuest = 10;

    /// <summary>A partner guest proposes a workshop for a published festival of their organisation.</summary>
    public async Task<Result<ProposalView>> ProposeAsync(Guid festivalId, ProposalInput input, CancellationToken cancellationToken)
    {
        if (await programmes.FindAsync(db, festivalId, cancellationToken) is not { } found || !await me.CanAsync(found.Standing, FestivalOperations.View))
        {
            return Result<ProposalView>.NotFound();
        }
        if (found.MyPartnerId is not { } partnerId || !await me.CanAsync(found.Standing, FestivalOperations.Propose))
        {
            return Result<ProposalView>.Forbidden(text["OnlyGuestsPropose"]);
        }
        var festival = found.Festival;
        var errors = new Dictionary<string, string[]>();
        var title = input.Title?.Trim() ?? "";
        if (title.Length is 0 or > GuildEvent.TitleMax)
        {
            errors["title"] = [text["TitleRequired", GuildEvent.TitleMax]];
        }
        var description = input.Description?.Trim() ?? "";
        if (description.Length > GuildEvent.DescriptionMax)
        {
            errors["description"] = [text["DescriptionTooLong", GuildEvent.DescriptionMax]];
        }
        if (input.Minutes is not (>= 15 and <= 480))
        {
            errors["minutes"] = [text["MinutesRange"]];
        }
        if (input.PreferredDay is { } day && (day < festival.FirstDay || day > festival.LastDay))
        {
            errors["preferredDay"] = [text["DayOutside"]];
        }
        if (errors.Count > 0)
        {
            return Result<ProposalView>.Invalid(errors);
        }
        if (await db.Set<FestivalProposal>().CountAsync(p => p.FestivalId == festivalId && p.GuestId == me.Id && p.State == ProposalState.Open, cancellationToken) >= OpenPerGuest)
        {
            return Result<ProposalView>.Conflict(text["TooManyProposals", OpenPerGuest]);
        }
        var proposal = new FestivalProposal
        {
            Id = Guid.CreateVersion7(), FestivalId = festivalId, PartnerId = partnerId, GuestId = me.Id, Title = title, Description = description,
            Minutes = input.Minutes!.Value, PreferredDay = input.PreferredDay, State = ProposalState.Open, CreatedAt = clock.GetUtcNow(),
        };
        db.Add(proposal);
        await db.SaveChangesAsync(cancellationToken);
        return Result<ProposalView>.Ok((await ReadAsync(festivalId, proposal.Id, cancellationToken))!);
    }

    /// <summary>
    /// The proposals the caller may see at a festival: all of them for organisers, their own for a partner guest of it; anyone else who sees
    /// the festival gets none.
    /// </summary>
    public async Task<Result<IReadOnlyList<ProposalView>>> ListAsync(Guid festivalId, CancellationToken cancellationToken)
    {
        if (await programmes.FindAsync(db, festivalId, cancellationToken) is not { } found || !await me.CanAsync(found.Standing, FestivalOperations.View))
        {
            return Result<IReadOnlyList<ProposalView>>.NotFound();
        }
        var organiser = await me.CanAsync(found.Standing, FestivalOperations.Organise);
        if (!organiser && found.MyPartnerId is null)
        {
            return Result<IReadOnlyList<ProposalView>>.Forbidden();
        }
        var myId = me.Id;
        var rows = await ReadAsync(db.Set<FestivalProposal>().Where(p => p.FestivalId == festivalId && (organiser || p.GuestId == myId)), cancellationToken);
        return Result<IReadOnlyList<ProposalView>>.Ok(rows);
    }

    /// <summary>One proposal, for organisers (the form that places it reads it).</summary>
    public async Task<Result<ProposalView>> GetAsync(Guid festivalId, Guid proposalId, CancellationToken cancellationToken)
    {
        if (await programmes.FindAsync(db, festivalId, cancellationToken) is not { } found || !await me.CanAsync(found.Standing, FestivalOperations.Organise))
        {
            return Result<ProposalView>.NotFound();
        }
        return await ReadAsync(festivalId, proposalId, cancellationToken) is { } view ? Result<ProposalView>.Ok(view) : Result<ProposalView>.NotFound();
    }

    /// <summary>
    /// Accepts an open proposal: the workshop is added as any workshop is (same checks; the organiser places it in a room and time, the guest
    /// normally its host), the proposal points at it, and the guest is notified. The proposal is claimed first, so two organisers accepting at
    /// once make one workshop; if the workshop is refused, the claim is let go and the proposal stays open.
    /// </summary>
    public async Task<Result<WorkshopView>> AcceptAsync(Guid festivalId, Guid proposalId, WorkshopInput input, CancellationToken cancellationToken)
    {
        if (await Decidable(festivalId, proposalId, cancellationToken) is { } refused)
        {
            return FestivalPlaces.Refusal<WorkshopView>(refused);
        }
        var now = clock.GetUtcNow();
        if (await db.Set<FestivalProposal>().Where(p => p.Id == proposalId && p.State == ProposalState.Open)
                .ExecuteUpdateAsync(s => s.SetProperty(p => p.State, ProposalState.Accepted).SetProperty(p => p.DecidedAt, now).SetProperty(p => p.DecidedById, me.Id), cancellationToken) == 0)
        {
            return Result<WorkshopView>.Conflict(text["ProposalDecided"]);
        }
        var added = await programmes.AddWorkshopAsync(festivalId, input, cancellationToken);
        if (!added.IsOk)
        {
            await db.Set<FestivalProposal>().Where(p => p.Id == proposalId)
                .ExecuteUpdateAsync(s => s.SetProperty(p => p.State, ProposalState.Open).SetProperty(p => p.DecidedAt, (DateTimeOffset?)null)
                    .SetProperty(p => p.DecidedById, (Guid?)null), cancellationToken);
            return added;
        }
        var workshopId = added.Value!.Id;
        await db.Set<FestivalProposal>().Where(p => p.Id == proposalId).ExecuteUpdateAsync(s => s.SetProperty(p => p.WorkshopId, workshopId), cancellationToken);
        await NotifyGuestAsync(festivalId, proposalId, AcceptedKind, cancellationToken);
        return added;
    }

    /// <summary>Declines an open proposal with a message the guest reads (and is notified of).</summary>
    public async Task<Result<ProposalView>> DeclineAsync(Guid festivalId, Guid proposalId, DeclineInput input, CancellationToken cancellationToken)
    {
        if (await Decidable(festivalId, proposalId, cancellationToken) is { } refused)
        {
            return FestivalPlaces.Refusal<ProposalView>(refused);
        }
        var message = input.Message?.Trim() ?? "";
        if (message.Length is 0 or > FestivalProposal.MessageMax)
        {
            return Result<ProposalView>.Invalid("message", text["DeclineMessageRequired", FestivalProposal.MessageMax]);
        }
        var now = clock.GetUtcNow();
        if (await db.Set<FestivalProposal>().Where(p => p.Id == proposalId && p.State == ProposalState.Open)
                .ExecuteUpdateAsync(s => s.SetProperty(p => p.State, ProposalState.Declined).SetProperty(p => p.DecidedAt, now).SetProperty(p => p.DecidedById, me.Id)
                    .SetProperty(p => p.Message, message), cancellationToken) == 0)
        {
            return Result<ProposalView>.Conflict(text["ProposalDecided"]);
        }
        await NotifyGuestAsync(festivalId, proposalId, DeclinedKind, cancellationToken);
        return Result<ProposalView>.Ok((await ReadAsync(festivalId, proposalId, cancellationToken))!);
    }

    /// <summary>Null when the caller may decide on this proposal of this festival; otherwise the refusal (not found for what they cannot see).</summary>
    private async Task<Result<bool>?> Decidable(Guid festivalId, Guid proposalId, CancellationToken cancellationToken)
    {
        if (await programmes.FindAsync(db, festivalId, cancellationToken) is not { } found || !await me.CanAsync(found.Standing, FestivalOperations.View))
        {
            return Result<bool>.NotFound();
        }
        if (!await me.CanAsync(found.Standing, FestivalOperations.Organise))
        {
            // A guest may see their own proposal, but deciding is the organisers'.
            return found.MyPartnerId is null ? Result<bool>.Forbidden() : Result<bool>.NotFound();
        }
        var state = await db.Set<FestivalProposal>().Where(p => p.Id == proposalId && p.FestivalId == festivalId).Select(p => (ProposalState?)p.State)
            .FirstOrDefaultAsync(cancellationToken);
        return state switch
        {
            null => Result<bool>.NotFound(),
            ProposalState.Open => null,
            _ => Result<bool>.Conflict(text["ProposalDecided"]),
        };
    }

    private async Task NotifyGuestAsync(Guid festivalId, Guid proposalId, string kind, CancellationToken cancellationToken)
    {
        var proposal = await db.Set<FestivalProposal>().AsNoTracking().Where(p => p.Id == proposalId).Select(p => new { p.GuestId, p.Title }).FirstAsync(cancellationToken);
        var actor = await db.Set<Person>().AsNoTracking().Where(p => p.Id == me.Id).Select(p => p.GivenName + " " + p.FamilyName).FirstOrDefaultAsync(cancellationToken);
        await notifier.NotifyAsync([proposal.GuestId], new NotificationEvent(kind, $"festival-proposal:{proposalId}", proposal.Title,
            $"/festivals/{festivalId}/proposals", actor), cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>Proposals with their guest and partner, open ones first, newest first.</summary>
    private async Task<List<ProposalView>> ReadAsync(IQueryable<FestivalProposal> proposals, CancellationToken cancellationToken)
    {
        var rows = await (from p in proposals.AsNoTracking()
                          join g in db.Set<Person>() on p.GuestId equals g.Id
                          join o in db.Set<FestivalPartner>() on p.PartnerId equals o.Id
                          orderby p.State == ProposalState.Open ? 0 : 1, p.CreatedAt descending
                          select new { Proposal = p, GuestId = g.Id, GuestName = g.GivenName + " " + g.FamilyName, g.Account.Email, Partner = o.Name })
            .Take(500).ToListAsync(cancellationToken);
        return rows.Select(r => new ProposalView(r.Proposal.Id, r.Proposal.Title, r.Proposal.Description, r.Proposal.Minutes, r.Proposal.PreferredDay,
            new HostView(r.GuestId, r.GuestName, r.Email ?? ""), r.Partner, r.Proposal.State, r.Proposal.CreatedAt, r.Proposal.Message, r.Proposal.WorkshopId)).ToList();
    }

    private async Task<ProposalView?> ReadAsync(Guid festivalId, Guid proposalId, CancellationToken cancellationToken) =>
        (await ReadAsync(db.Set<FestivalProposal>().Where(p => p.FestivalId == festivalId && p.Id == proposalId), cancellationToken)).FirstOrDefault();
}
