using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Guild.Web.Platform.Data;

/// <summary>
/// A LINQ query that EF Core compiles once (<c>EF.CompileAsyncQuery</c>)
/// instead of on every call. For the queries every page runs (the bell, a profile): an ordinary query builds its
/// expression tree, extracts its parameters and looks itself up in the query cache on each execution, which the
/// profile page's CPU profile showed as a quarter of its time.
/// <para>EF refuses to run a compiled query against a model other than the one it was compiled for, and a process
/// can hold several (the SQLite and the PostgreSQL context in the tests), so the delegate is compiled once per model.</para>
/// </summary>
/// <typeparam name="TQuery">The delegate <c>EF.CompileAsyncQuery</c> answers.</typeparam>
public sealed class CompiledQuery<TQuery>(Func<TQuery> compile) where TQuery : class
{
    private readonly ConditionalWeakTable<IModel, TQuery> _byModel = [];

    /// <summary>The query compiled for <paramref name="db"/>'s model; pass <paramref name="db"/> to it as well.</summary>
    public TQuery For(GuildDb db) => _byModel.GetValue(db.Model, _ => compile());
}
