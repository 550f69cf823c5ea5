using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Guild.Web.Platform.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class PeopleImportsAndInvitations : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "invitation_accepted_at",
                table: "people",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "invited_at",
                table: "people",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "people_imports",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    file_name = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    file_key = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: true),
                    file_size = table.Column<long>(type: "bigint", nullable: false),
                    started_by_id = table.Column<Guid>(type: "uuid", nullable: false),
                    started_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    finished_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    language = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: false),
                    invite_new_people = table.Column<bool>(type: "boolean", nullable: false),
                    status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    row_count = table.Column<int>(type: "integer", nullable: false),
                    problem_count = table.Column<int>(type: "integer", nullable: false),
                    notice_count = table.Column<int>(type: "integer", nullable: false),
                    applied_rows = table.Column<int>(type: "integer", nullable: false),
                    created = table.Column<int>(type: "integer", nullable: false),
                    updated = table.Column<int>(type: "integer", nullable: false),
                    unchanged = table.Column<int>(type: "integer", nullable: false),
                    skipped = table.Column<int>(type: "integer", nullable: false),
                    departments_created = table.Column<int>(type: "integer", nullable: false),
                    locations_created = table.Column<int>(type: "integer", nullable: false),
                    role_changes = table.Column<int>(type: "integer", nullable: false),
                    invited = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_people_imports", x => x.id);
                    table.ForeignKey(
                        name: "fk_people_imports_person_started_by_id",
                        column: x => x.started_by_id,
                        principalTable: "people",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "people_import_problems",
                columns: table => new
                {
                    import_id = table.Column<Guid>(type: "uuid", nullable: false),
                    number = table.Column<int>(type: "integer", nullable: false),
                    line = table.Column<int>(type: "integer", nullable: false),
                    severity = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    code = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    column = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    value = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    detail = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_people_import_problems", x => new { x.import_id, x.number });
                    table.ForeignKey(
                        name: "fk_people_import_problems_people_imports_import_id",
                        column: x => x.import_id,
                        principalTable: "people_imports",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_people_import_problems_import_id_severity_line",
                table: "people_import_problems",
                columns: new[] { "import_id", "severity", "line" });

            migrationBuilder.CreateIndex(
                name: "ix_people_imports_started_at",
                table: "people_imports",
                column: "started_at");

            migrationBuilder.CreateIndex(
                name: "ix_people_imports_started_by_id",
                table: "people_imports",
                column: "started_by_id");

            migrationBuilder.CreateIndex(
                name: "ix_people_imports_status",
                table: "people_imports",
                column: "status");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "people_import_problems");

            migrationBuilder.DropTable(
                name: "people_imports");

            migrationBuilder.DropColumn(
                name: "invitation_accepted_at",
                table: "people");

            migrationBuilder.DropColumn(
                name: "invited_at",
                table: "people");
        }
    }
}
