using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Guild.Web.Platform.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class FestivalOrganiserPagesAndProposals : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "festival_proposals",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    festival_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    partner_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    guest_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    title = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    description = table.Column<string>(type: "TEXT", maxLength: 20000, nullable: false),
                    minutes = table.Column<int>(type: "INTEGER", nullable: false),
                    preferred_day = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    state = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false),
                    decided_at = table.Column<long>(type: "INTEGER", nullable: true),
                    decided_by_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    message = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    workshop_id = table.Column<Guid>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_festival_proposals", x => x.id);
                    table.ForeignKey(
                        name: "fk_festival_proposals_events_workshop_id",
                        column: x => x.workshop_id,
                        principalTable: "events",
                        principalColumn: "id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "fk_festival_proposals_festival_partners_partner_id",
                        column: x => x.partner_id,
                        principalTable: "festival_partners",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_festival_proposals_festivals_festival_id",
                        column: x => x.festival_id,
                        principalTable: "festivals",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_festival_proposals_person_guest_id",
                        column: x => x.guest_id,
                        principalTable: "people",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_festival_proposals_festival_id_state",
                table: "festival_proposals",
                columns: new[] { "festival_id", "state" });

            migrationBuilder.CreateIndex(
                name: "ix_festival_proposals_guest_id",
                table: "festival_proposals",
                column: "guest_id");

            migrationBuilder.CreateIndex(
                name: "ix_festival_proposals_partner_id",
                table: "festival_proposals",
                column: "partner_id");

            migrationBuilder.CreateIndex(
                name: "ix_festival_proposals_workshop_id",
                table: "festival_proposals",
                column: "workshop_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "festival_proposals");
        }
    }
}
