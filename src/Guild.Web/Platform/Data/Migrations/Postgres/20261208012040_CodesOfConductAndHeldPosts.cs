using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Guild.Web.Platform.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class CodesOfConductAndHeldPosts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "hold_first_posts",
                table: "community_spaces",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "review",
                table: "community_posts",
                type: "character varying(8)",
                maxLength: 8,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "review_note",
                table: "community_posts",
                type: "character varying(500)",
                maxLength: 500,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "community_conduct_acceptances",
                columns: table => new
                {
                    space_id = table.Column<Guid>(type: "uuid", nullable: false),
                    person_id = table.Column<Guid>(type: "uuid", nullable: false),
                    version = table.Column<int>(type: "integer", nullable: false),
                    accepted_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_community_conduct_acceptances", x => new { x.space_id, x.person_id, x.version });
                    table.ForeignKey(
                        name: "fk_community_conduct_acceptances_person_person_id",
                        column: x => x.person_id,
                        principalTable: "people",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_community_conduct_acceptances_space_space_id",
                        column: x => x.space_id,
                        principalTable: "community_spaces",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "community_conduct_codes",
                columns: table => new
                {
                    space_id = table.Column<Guid>(type: "uuid", nullable: false),
                    version = table.Column<int>(type: "integer", nullable: false),
                    markdown = table.Column<string>(type: "character varying(20000)", maxLength: 20000, nullable: false),
                    html = table.Column<string>(type: "character varying(80000)", maxLength: 80000, nullable: false),
                    written_by_id = table.Column<Guid>(type: "uuid", nullable: false),
                    written_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_community_conduct_codes", x => new { x.space_id, x.version });
                    table.ForeignKey(
                        name: "fk_community_conduct_codes_person_written_by_id",
                        column: x => x.written_by_id,
                        principalTable: "people",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_community_conduct_codes_space_space_id",
                        column: x => x.space_id,
                        principalTable: "community_spaces",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_community_posts_space_id_review",
                table: "community_posts",
                columns: new[] { "space_id", "review" });

            migrationBuilder.CreateIndex(
                name: "ix_community_conduct_acceptances_person_id",
                table: "community_conduct_acceptances",
                column: "person_id");

            migrationBuilder.CreateIndex(
                name: "ix_community_conduct_acceptances_space_id_version",
                table: "community_conduct_acceptances",
                columns: new[] { "space_id", "version" });

            migrationBuilder.CreateIndex(
                name: "ix_community_conduct_codes_written_by_id",
                table: "community_conduct_codes",
                column: "written_by_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "community_conduct_acceptances");

            migrationBuilder.DropTable(
                name: "community_conduct_codes");

            migrationBuilder.DropIndex(
                name: "ix_community_posts_space_id_review",
                table: "community_posts");

            migrationBuilder.DropColumn(
                name: "hold_first_posts",
                table: "community_spaces");

            migrationBuilder.DropColumn(
                name: "review",
                table: "community_posts");

            migrationBuilder.DropColumn(
                name: "review_note",
                table: "community_posts");
        }
    }
}
