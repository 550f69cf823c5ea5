using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Guild.Web.Platform.Data;

/// <summary>
/// Marks a string property as a JSON document. Entity configurations cannot know the provider, so
/// they only mark the property; <see cref="PostgresGuildDb"/> maps every marked property to
/// <c>jsonb</c> (indexable, validated by the server) and SQLite keeps it as TEXT.
/// </summary>
public static class JsonColumns
{
    private const string Annotation = "Guild:JsonDocument";

    public static PropertyBuilder<T> IsJsonDocument<T>(this PropertyBuilder<T> property) =>
        property.HasAnnotation(Annotation, true);

    /// <summary>Called by the PostgreSQL model: every marked property becomes jsonb.</summary>
    internal static void UseJsonb(ModelBuilder builder)
    {
        foreach (var entity in builder.Model.GetEntityTypes())
        {
            foreach (var property in entity.GetProperties())
            {
                if (property.FindAnnotation(Annotation)?.Value is true)
                {
                    ((IMutableProperty)property).SetColumnType("jsonb");
                }
            }
        }
    }
}
