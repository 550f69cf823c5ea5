using System.Data.Common;

namespace Guild.Web.Features.Lrs.Forwarding;

/// <summary>
/// Whether forwarding is on, as the statement writer asks it for every batch. Read inside the writer's
/// transaction at most every <see cref="RefreshEvery"/>, so the hot path costs nothing most of the time;
/// this node forgets at once when an admin changes the setting here, other nodes within
/// <see cref="RefreshEvery"/> (statements they store in that window are not queued when switching on).
/// </summary>
public sealed class LrsForwardingSwitch(TimeProvider clock)
{
    public static readonly TimeSpan RefreshEvery = TimeSpan.FromSeconds(10);

    private sealed record State(bool On, DateTimeOffset CheckedAt);

    private volatile State? _state;

    internal async Task<bool> IsOnAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        if (_state is { } state && now - state.CheckedAt < RefreshEvery && now >= state.CheckedAt)
        {
            return state.On;
        }
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT enabled FROM lrs_forwarding WHERE id = 1";
        var on = await command.ExecuteScalarAsync(cancellationToken) is { } value and not DBNull && Convert.ToBoolean(value, System.Globalization.CultureInfo.InvariantCulture);
        _state = new State(on, now);
        return on;
    }

    public void Forget() => _state = null;
}
