namespace Guild.Web.Features.Expertise.Map;

/// <summary>What the map's admin forms post that is not a field of a request.</summary>
internal static class MapForms
{
    /// <summary>An up/down button's value, "{id}:up" or "{id}:down": one form serves every row, without script.</summary>
    public static (Guid Id, int Delta)? ParseMove(string? value)
    {
        var parts = value?.Split(':');
        if (parts is [var id, var direction] && Guid.TryParse(id, out var parsed) && direction is "up" or "down")
        {
            return (parsed, direction == "up" ? -1 : 1);
        }
        return null;
    }
}
