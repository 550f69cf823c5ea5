using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Guild.Web.Platform.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Coffee : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "coffee_exclusions",
                columns: table => new
                {
                    person_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    excluded_person_id = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_coffee_exclusions", x => new { x.person_id, x.excluded_person_id });
                    table.ForeignKey(
                        name: "fk_coffee_exclusions_person_excluded_person_id",
                        column: x => x.excluded_person_id,
                        principalTable: "people",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_coffee_exclusions_person_person_id",
                        column: x => x.person_id,
                        principalTable: "people",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "coffee_interests",
                columns: table => new
                {
                    person_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    skill_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    kind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_coffee_interests", x => new { x.person_id, x.skill_id, x.kind });
                    table.ForeignKey(
                        name: "fk_coffee_interests_person_person_id",
                        column: x => x.person_id,
                        principalTable: "people",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_coffee_interests_skills_skill_id",
                        column: x => x.skill_id,
                        principalTable: "skills",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "coffee_members",
                columns: table => new
                {
                    person_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    joined_at = table.Column<long>(type: "INTEGER", nullable: false),
                    cross_department_only = table.Column<bool>(type: "INTEGER", nullable: false),
                    left_out_in_round = table.Column<int>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_coffee_members", x => x.person_id);
                    table.ForeignKey(
                        name: "fk_coffee_members_person_person_id",
                        column: x => x.person_id,
                        principalTable: "people",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "coffee_rounds",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    number = table.Column<int>(type: "INTEGER", nullable: false),
                    started_at = table.Column<long>(type: "INTEGER", nullable: false),
                    opted_in = table.Column<int>(type: "INTEGER", nullable: false),
                    away = table.Column<int>(type: "INTEGER", nullable: false),
                    paired = table.Column<int>(type: "INTEGER", nullable: false),
                    left_out = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_coffee_rounds", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "coffee_pairs",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    round_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    trio_joiner_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    met = table.Column<bool>(type: "INTEGER", nullable: true),
                    answered_by_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    answered_at = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_coffee_pairs", x => x.id);
                    table.ForeignKey(
                        name: "fk_coffee_pairs_coffee_round_round_id",
                        column: x => x.round_id,
                        principalTable: "coffee_rounds",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "coffee_pair_members",
                columns: table => new
                {
                    pair_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    person_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    introduced_at = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_coffee_pair_members", x => new { x.pair_id, x.person_id });
                    table.ForeignKey(
                        name: "fk_coffee_pair_members_coffee_pairs_pair_id",
                        column: x => x.pair_id,
                        principalTable: "coffee_pairs",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_coffee_pair_members_person_person_id",
                        column: x => x.person_id,
                        principalTable: "people",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_coffee_exclusions_excluded_person_id",
                table: "coffee_exclusions",
                column: "excluded_person_id");

            migrationBuilder.CreateIndex(
                name: "ix_coffee_interests_skill_id",
                table: "coffee_interests",
                column: "skill_id");

            migrationBuilder.CreateIndex(
                name: "ix_coffee_pair_members_person_id",
                table: "coffee_pair_members",
                column: "person_id");

            migrationBuilder.CreateIndex(
                name: "ix_coffee_pairs_round_id",
                table: "coffee_pairs",
                column: "round_id");

            migrationBuilder.CreateIndex(
                name: "ix_coffee_rounds_number",
                table: "coffee_rounds",
                column: "number",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "coffee_exclusions");

            migrationBuilder.DropTable(
                name: "coffee_interests");

            migrationBuilder.DropTable(
                name: "coffee_members");

            migrationBuilder.DropTable(
                name: "coffee_pair_members");

            migrationBuilder.DropTable(
                name: "coffee_pairs");

            migrationBuilder.DropTable(
                name: "coffee_rounds");
        }
    }
}
