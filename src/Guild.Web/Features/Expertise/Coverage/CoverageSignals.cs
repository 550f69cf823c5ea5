namespace Guild.Web.Features.Expertise.Coverage;

/// <summary>What a later feature can tell about a component, beside its champions.</summary>
public enum CoverageMeasure
{
    /// <summary>Published resources tied to the component (the library). Zero flags "no resource".</summary>
    Resources,
    /// <summary>Open requests about the component that nobody has answered yet (asks). Any flags "demand with no answer".</summary>
    OpenDemand,
    /// <summary>Learning acts about the component's resources and questions in the last 30 days.</summary>
    Engagement,
}

/// <summary>
/// The extension point of the coverage view: a feature that knows something per component (the library its resources,
/// asks its open demand) registers one source per measure with <c>services.AddCoverageSignals&lt;T&gt;()</c>, and the
/// coverage page and API show that column and its gap. A measure nobody supplies is not shown: coverage never guesses a
/// number. Each source costs a read one round trip, so a source answers for all components in one query; coverage keeps
/// the answers (<see cref="CoverageCache"/>) until a change to the types the source names is saved.
/// </summary>
public interface ICoverageSignals
{
    CoverageMeasure Measure { get; }

    /// <summary>The measure for each of the given components; a component left out counts as 0.</summary>
    Task<IReadOnlyDictionary<Guid, int>> CountAsync(IReadOnlyCollection<Guid> componentIds, CancellationToken cancellationToken);
}

/// <summary>The entities a measure counts: saving a change to one makes coverage read its measures again.</summary>
public sealed record CoverageSignalSource(IReadOnlyList<Type> ChangedBy);

public static class CoverageSignalsExtensions
{
    /// <param name="changedBy">The entity types whose changes change the measure (coverage keeps measures until one is saved).</param>
    public static IServiceCollection AddCoverageSignals<TSource>(this IServiceCollection services, params Type[] changedBy)
        where TSource : class, ICoverageSignals
    {
        services.AddSingleton(new CoverageSignalSource(changedBy));
        return services.AddScoped<ICoverageSignals, TSource>();
    }
}
