using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Guild.Web.Platform.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class LibrarySearch : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "library_searches",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    person_id = table.Column<Guid>(type: "uuid", nullable: false),
                    query = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    language = table.Column<string>(type: "character varying(2)", maxLength: 2, nullable: false),
                    at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    result_count = table.Column<int>(type: "integer", nullable: false),
                    clicked_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    settled_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    guessed_components = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_library_searches", x => x.id);
                    table.ForeignKey(
                        name: "fk_library_searches_person_person_id",
                        column: x => x.person_id,
                        principalTable: "people",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "resource_search",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    resource_id = table.Column<Guid>(type: "uuid", nullable: false),
                    language = table.Column<string>(type: "character varying(2)", maxLength: 2, nullable: false),
                    title = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    summary = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    body = table.Column<string>(type: "character varying(20000)", maxLength: 20000, nullable: false),
                    components = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    stamp = table.Column<Guid>(type: "uuid", nullable: false),
                    embedding = table.Column<byte[]>(type: "bytea", nullable: true),
                    embedded_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_resource_search", x => x.id);
                    table.ForeignKey(
                        name: "fk_resource_search_resources_resource_id",
                        column: x => x.resource_id,
                        principalTable: "resources",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "unanswered_searches",
                columns: table => new
                {
                    search_id = table.Column<Guid>(type: "uuid", nullable: false),
                    query = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    language = table.Column<string>(type: "character varying(2)", maxLength: 2, nullable: false),
                    person_id = table.Column<Guid>(type: "uuid", nullable: false),
                    at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    reason = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_unanswered_searches", x => x.search_id);
                    table.ForeignKey(
                        name: "fk_unanswered_searches_library_searches_search_id",
                        column: x => x.search_id,
                        principalTable: "library_searches",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "unanswered_search_components",
                columns: table => new
                {
                    search_id = table.Column<Guid>(type: "uuid", nullable: false),
                    component_id = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_unanswered_search_components", x => new { x.search_id, x.component_id });
                    table.ForeignKey(
                        name: "fk_unanswered_search_components_components_component_id",
                        column: x => x.component_id,
                        principalTable: "components",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_unanswered_search_components_unanswered_searches_search_id",
                        column: x => x.search_id,
                        principalTable: "unanswered_searches",
                        principalColumn: "search_id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_library_searches_person_id_at",
                table: "library_searches",
                columns: new[] { "person_id", "at" });

            migrationBuilder.CreateIndex(
                name: "ix_resource_search_embedded_at",
                table: "resource_search",
                column: "embedded_at");

            migrationBuilder.CreateIndex(
                name: "ix_resource_search_resource_id",
                table: "resource_search",
                column: "resource_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_unanswered_search_components_component_id_search_id",
                table: "unanswered_search_components",
                columns: new[] { "component_id", "search_id" });

            migrationBuilder.CreateIndex(
                name: "ix_unanswered_searches_at",
                table: "unanswered_searches",
                column: "at");

            // Hand-written: the words as a tsvector stemmed by the resource's own language (title weighs most), its GIN index,
            // and the resources that exist already (their articles' text joins at their next edit).
            migrationBuilder.Sql("""
                ALTER TABLE resource_search ADD COLUMN document tsvector GENERATED ALWAYS AS (
                    CASE WHEN language = 'nl' THEN
                        setweight(to_tsvector('dutch'::regconfig, title), 'A') || setweight(to_tsvector('dutch'::regconfig, components), 'B')
                        || setweight(to_tsvector('dutch'::regconfig, summary), 'B') || setweight(to_tsvector('dutch'::regconfig, body), 'C')
                    ELSE
                        setweight(to_tsvector('english'::regconfig, title), 'A') || setweight(to_tsvector('english'::regconfig, components), 'B')
                        || setweight(to_tsvector('english'::regconfig, summary), 'B') || setweight(to_tsvector('english'::regconfig, body), 'C')
                    END) STORED;
                CREATE INDEX ix_resource_search_document ON resource_search USING gin (document);
                INSERT INTO resource_search (resource_id, language, title, summary, body, components, stamp)
                SELECT r.id, r.language, r.title, r.summary, '',
                       coalesce((SELECT string_agg(k.name, E'\n' ORDER BY k.name) FROM resource_components c JOIN components k ON k.id = c.component_id
                                 WHERE c.resource_id = r.id), ''),
                       gen_random_uuid()
                FROM resources r;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "resource_search");

            migrationBuilder.DropTable(
                name: "unanswered_search_components");

            migrationBuilder.DropTable(
                name: "unanswered_searches");

            migrationBuilder.DropTable(
                name: "library_searches");
        }
    }
}
