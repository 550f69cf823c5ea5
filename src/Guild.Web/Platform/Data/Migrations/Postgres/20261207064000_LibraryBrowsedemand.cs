using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Guild.Web.Platform.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class LibraryBrowsedemand : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Hand-written: the search ignores accents as SQLite's FTS5 does (remove_diacritics), so "cafe" finds "café" and
            // "ideeen" finds "ideeën". The unaccent extension is a contrib module that may be missing or not creatable by
            // Guild's (non-superuser) owner role, so an IMMUTABLE function of our own (a generated column needs one) maps the
            // accented letters of Latin-1 and Latin Extended-A to their base letter: exactly those SearchTerms.Fold strips
            // (a letter with combining marks), so the query's terms and the document agree. The document column is rebuilt with it.
            migrationBuilder.Sql("""
                CREATE FUNCTION guild_unaccent(text) RETURNS text LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
                AS $$ SELECT pg_catalog.translate($1,
                    'ÀÁÂÃÄÅÇÈÉÊËÌÍÎÏÑÒÓÔÕÖÙÚÛÜÝàáâãäåçèéêëìíîïñòóôõöùúûüýÿĀāĂăĄąĆćĈĉĊċČčĎďĒēĔĕĖėĘęĚěĜĝĞğĠġĢģĤĥĨĩĪīĬĭĮįİĴĵĶķĹĺĻļĽľŃńŅņŇňŌōŎŏŐőŔŕŖŗŘřŚśŜŝŞşŠšŢţŤťŨũŪūŬŭŮůŰűŲųŴŵŶŷŸŹźŻżŽž',
                    'aaaaaaceeeeiiiinooooouuuuyaaaaaaceeeeiiiinooooouuuuyyaaaaaaccccccccddeeeeeeeeeegggggggghhiiiiiiiiijjkkllllllnnnnnnoooooorrrrrrssssssssttttuuuuuuuuuuuuwwyyyzzzzzz') $$;
                DROP INDEX ix_resource_search_document;
                ALTER TABLE resource_search DROP COLUMN document;
                ALTER TABLE resource_search ADD COLUMN document tsvector GENERATED ALWAYS AS (
                    CASE WHEN language = 'nl' THEN
                        setweight(to_tsvector('dutch'::regconfig, guild_unaccent(title)), 'A') || setweight(to_tsvector('dutch'::regconfig, guild_unaccent(components)), 'B')
                        || setweight(to_tsvector('dutch'::regconfig, guild_unaccent(summary)), 'B') || setweight(to_tsvector('dutch'::regconfig, guild_unaccent(body)), 'C')
                    ELSE
                        setweight(to_tsvector('english'::regconfig, guild_unaccent(title)), 'A') || setweight(to_tsvector('english'::regconfig, guild_unaccent(components)), 'B')
                        || setweight(to_tsvector('english'::regconfig, guild_unaccent(summary)), 'B') || setweight(to_tsvector('english'::regconfig, guild_unaccent(body)), 'C')
                    END) STORED;
                CREATE INDEX ix_resource_search_document ON resource_search USING gin (document);
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP INDEX ix_resource_search_document;
                ALTER TABLE resource_search DROP COLUMN document;
                ALTER TABLE resource_search ADD COLUMN document tsvector GENERATED ALWAYS AS (
                    CASE WHEN language = 'nl' THEN
                        setweight(to_tsvector('dutch'::regconfig, title), 'A') || setweight(to_tsvector('dutch'::regconfig, components), 'B')
                        || setweight(to_tsvector('dutch'::regconfig, summary), 'B') || setweight(to_tsvector('dutch'::regconfig, body), 'C')
                    ELSE
                        setweight(to_tsvector('english'::regconfig, title), 'A') || setweight(to_tsvector('english'::regconfig, components), 'B')
                        || setweight(to_tsvector('english'::regconfig, summary), 'B') || setweight(to_tsvector('english'::regconfig, body), 'C')
                    END) STORED;
                CREATE INDEX ix_resource_search_document ON resource_search USING gin (document);
                DROP FUNCTION guild_unaccent(text);
                """);
        }
    }
}
