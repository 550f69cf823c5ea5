using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Guild.Web.Platform.Data.Migrations.Sqlite
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
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    person_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    query = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    language = table.Column<string>(type: "TEXT", maxLength: 2, nullable: false),
                    at = table.Column<long>(type: "INTEGER", nullable: false),
                    result_count = table.Column<int>(type: "INTEGER", nullable: false),
                    clicked_at = table.Column<long>(type: "INTEGER", nullable: true),
                    settled_at = table.Column<long>(type: "INTEGER", nullable: true),
                    guessed_components = table.Column<string>(type: "TEXT", maxLength: 400, nullable: false)
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
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    resource_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    language = table.Column<string>(type: "TEXT", maxLength: 2, nullable: false),
                    title = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    summary = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    body = table.Column<string>(type: "TEXT", maxLength: 20000, nullable: false),
                    components = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    stamp = table.Column<Guid>(type: "TEXT", nullable: false),
                    embedding = table.Column<byte[]>(type: "BLOB", nullable: true),
                    embedded_at = table.Column<long>(type: "INTEGER", nullable: true)
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
                    search_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    query = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    language = table.Column<string>(type: "TEXT", maxLength: 2, nullable: false),
                    person_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    at = table.Column<long>(type: "INTEGER", nullable: false),
                    reason = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false)
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
                    search_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    component_id = table.Column<Guid>(type: "TEXT", nullable: false)
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

            // Hand-written: the full-text index (FTS5, external content: the words live once, in resource_search) and the
            // triggers that keep it in step inside every transaction that writes resource_search; then the resources that
            // exist already (their articles' text joins at their next edit).
            migrationBuilder.Sql("""
                CREATE VIRTUAL TABLE resource_search_fts USING fts5(title, summary, body, components,
                    content='resource_search', content_rowid='id', tokenize='porter unicode61 remove_diacritics 2');
                CREATE TRIGGER resource_search_ai AFTER INSERT ON resource_search BEGIN
                    INSERT INTO resource_search_fts(rowid, title, summary, body, components) VALUES (new.id, new.title, new.summary, new.body, new.components);
                END;
                CREATE TRIGGER resource_search_ad AFTER DELETE ON resource_search BEGIN
                    INSERT INTO resource_search_fts(resource_search_fts, rowid, title, summary, body, components)
                    VALUES ('delete', old.id, old.title, old.summary, old.body, old.components);
                END;
                CREATE TRIGGER resource_search_au AFTER UPDATE OF title, summary, body, components ON resource_search BEGIN
                    INSERT INTO resource_search_fts(resource_search_fts, rowid, title, summary, body, components)
                    VALUES ('delete', old.id, old.title, old.summary, old.body, old.components);
                    INSERT INTO resource_search_fts(rowid, title, summary, body, components) VALUES (new.id, new.title, new.summary, new.body, new.components);
                END;
                INSERT INTO resource_search (resource_id, language, title, summary, body, components, stamp)
                SELECT r.id, r.language, r.title, r.summary, '',
                       coalesce((SELECT group_concat(k.name, char(10)) FROM resource_components c JOIN components k ON k.id = c.component_id
                                 WHERE c.resource_id = r.id), ''),
                       (SELECT substr(h, 1, 8) || '-' || substr(h, 9, 4) || '-' || substr(h, 13, 4) || '-' || substr(h, 17, 4) || '-' || substr(h, 21)
                        FROM (SELECT upper(hex(randomblob(16))) AS h))
                FROM resources r;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER IF EXISTS resource_search_au;
                DROP TRIGGER IF EXISTS resource_search_ad;
                DROP TRIGGER IF EXISTS resource_search_ai;
                DROP TABLE IF EXISTS resource_search_fts;
                """);

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
