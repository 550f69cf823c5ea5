using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Guild.Web.Platform.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class LibraryLibrary : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "resources",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    kind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    title = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    summary = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    language = table.Column<string>(type: "TEXT", maxLength: 2, nullable: false),
                    markdown = table.Column<string>(type: "TEXT", maxLength: 100000, nullable: true),
                    html = table.Column<string>(type: "TEXT", nullable: true),
                    reading_minutes = table.Column<int>(type: "INTEGER", nullable: true),
                    media_asset_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    duration_seconds = table.Column<int>(type: "INTEGER", nullable: true),
                    url = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    file_key = table.Column<string>(type: "TEXT", maxLength: 300, nullable: true),
                    file_name = table.Column<string>(type: "TEXT", maxLength: 255, nullable: true),
                    file_size = table.Column<long>(type: "INTEGER", nullable: true),
                    created_by_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false),
                    updated_at = table.Column<long>(type: "INTEGER", nullable: false),
                    published_at = table.Column<long>(type: "INTEGER", nullable: true),
                    archived_at = table.Column<long>(type: "INTEGER", nullable: true),
                    reviewer_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    review_requested_at = table.Column<long>(type: "INTEGER", nullable: true),
                    review_message = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_resources", x => x.id);
                    table.ForeignKey(
                        name: "fk_resources_person_created_by_id",
                        column: x => x.created_by_id,
                        principalTable: "people",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_resources_person_reviewer_id",
                        column: x => x.reviewer_id,
                        principalTable: "people",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "resource_authors",
                columns: table => new
                {
                    resource_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    person_id = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_resource_authors", x => new { x.resource_id, x.person_id });
                    table.ForeignKey(
                        name: "fk_resource_authors_person_person_id",
                        column: x => x.person_id,
                        principalTable: "people",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_resource_authors_resource_resource_id",
                        column: x => x.resource_id,
                        principalTable: "resources",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "resource_components",
                columns: table => new
                {
                    resource_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    component_id = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_resource_components", x => new { x.resource_id, x.component_id });
                    table.ForeignKey(
                        name: "fk_resource_components_components_component_id",
                        column: x => x.component_id,
                        principalTable: "components",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_resource_components_resource_resource_id",
                        column: x => x.resource_id,
                        principalTable: "resources",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "resource_revisions",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    resource_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    number = table.Column<int>(type: "INTEGER", nullable: false),
                    title = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    summary = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    markdown = table.Column<string>(type: "TEXT", maxLength: 100000, nullable: true),
                    url = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    by_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_resource_revisions", x => x.id);
                    table.ForeignKey(
                        name: "fk_resource_revisions_person_by_id",
                        column: x => x.by_id,
                        principalTable: "people",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_resource_revisions_resources_resource_id",
                        column: x => x.resource_id,
                        principalTable: "resources",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "resource_views",
                columns: table => new
                {
                    resource_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    person_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    day = table.Column<DateOnly>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_resource_views", x => new { x.resource_id, x.person_id, x.day });
                    table.ForeignKey(
                        name: "fk_resource_views_resources_resource_id",
                        column: x => x.resource_id,
                        principalTable: "resources",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_resource_authors_person_id_resource_id",
                table: "resource_authors",
                columns: new[] { "person_id", "resource_id" });

            migrationBuilder.CreateIndex(
                name: "ix_resource_components_component_id_resource_id",
                table: "resource_components",
                columns: new[] { "component_id", "resource_id" });

            migrationBuilder.CreateIndex(
                name: "ix_resource_revisions_by_id",
                table: "resource_revisions",
                column: "by_id");

            migrationBuilder.CreateIndex(
                name: "ix_resource_revisions_resource_id_number",
                table: "resource_revisions",
                columns: new[] { "resource_id", "number" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_resources_created_by_id",
                table: "resources",
                column: "created_by_id");

            migrationBuilder.CreateIndex(
                name: "ix_resources_reviewer_id_review_requested_at",
                table: "resources",
                columns: new[] { "reviewer_id", "review_requested_at" },
                filter: "status = 'InReview'");

            migrationBuilder.CreateIndex(
                name: "ix_resources_status_published_at",
                table: "resources",
                columns: new[] { "status", "published_at" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "resource_authors");

            migrationBuilder.DropTable(
                name: "resource_components");

            migrationBuilder.DropTable(
                name: "resource_revisions");

            migrationBuilder.DropTable(
                name: "resource_views");

            migrationBuilder.DropTable(
                name: "resources");
        }
    }
}
