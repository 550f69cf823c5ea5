using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Guild.Web.Platform.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class WorkingOutLoud : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "purpose",
                table: "community_posts",
                type: "TEXT",
                maxLength: 12,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "community_wol_weeks",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    space_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    title = table.Column<string>(type: "TEXT", maxLength: 120, nullable: false),
                    starts_on = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    ends_on = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    organiser_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_community_wol_weeks", x => x.id);
                    table.ForeignKey(
                        name: "fk_community_wol_weeks_community_spaces_space_id",
                        column: x => x.space_id,
                        principalTable: "community_spaces",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_community_wol_weeks_person_organiser_id",
                        column: x => x.organiser_id,
                        principalTable: "people",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "community_wol_co_organisers",
                columns: table => new
                {
                    week_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    person_id = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_community_wol_co_organisers", x => new { x.week_id, x.person_id });
                    table.ForeignKey(
                        name: "fk_community_wol_co_organisers_person_person_id",
                        column: x => x.person_id,
                        principalTable: "people",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_community_wol_co_organisers_working_out_loud_week_week_id",
                        column: x => x.week_id,
                        principalTable: "community_wol_weeks",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "community_wol_prompt_deliveries",
                columns: table => new
                {
                    week_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    date = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    person_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    sent_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_community_wol_prompt_deliveries", x => new { x.week_id, x.date, x.person_id });
                    table.ForeignKey(
                        name: "fk_community_wol_prompt_deliveries_person_person_id",
                        column: x => x.person_id,
                        principalTable: "people",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_community_wol_prompt_deliveries_working_out_loud_week_week_id",
                        column: x => x.week_id,
                        principalTable: "community_wol_weeks",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "community_wol_prompts",
                columns: table => new
                {
                    week_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    date = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    markdown = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    html = table.Column<string>(type: "TEXT", maxLength: 8000, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_community_wol_prompts", x => new { x.week_id, x.date });
                    table.ForeignKey(
                        name: "fk_community_wol_prompts_working_out_loud_week_week_id",
                        column: x => x.week_id,
                        principalTable: "community_wol_weeks",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_community_wol_co_organisers_person_id",
                table: "community_wol_co_organisers",
                column: "person_id");

            migrationBuilder.CreateIndex(
                name: "ix_community_wol_prompt_deliveries_person_id",
                table: "community_wol_prompt_deliveries",
                column: "person_id");

            migrationBuilder.CreateIndex(
                name: "ix_community_wol_weeks_organiser_id",
                table: "community_wol_weeks",
                column: "organiser_id");

            migrationBuilder.CreateIndex(
                name: "ix_community_wol_weeks_space_id",
                table: "community_wol_weeks",
                column: "space_id");

            migrationBuilder.CreateIndex(
                name: "ix_community_wol_weeks_starts_on_ends_on",
                table: "community_wol_weeks",
                columns: new[] { "starts_on", "ends_on" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "community_wol_co_organisers");

            migrationBuilder.DropTable(
                name: "community_wol_prompt_deliveries");

            migrationBuilder.DropTable(
                name: "community_wol_prompts");

            migrationBuilder.DropTable(
                name: "community_wol_weeks");

            migrationBuilder.DropColumn(
                name: "purpose",
                table: "community_posts");
        }
    }
}
