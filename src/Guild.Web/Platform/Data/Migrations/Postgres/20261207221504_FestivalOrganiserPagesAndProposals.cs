using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Guild.Web.Platform.Data.Migrations.Postgres
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
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    festival_id = table.Column<Guid>(type: "uuid", nullable: false),
                    partner_id = table.Column<Guid>(type: "uuid", nullable: false),
                    guest_id = table.Column<Guid>(type: "uuid", nullable: false),
                    title = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    description = table.Column<string>(type: "character varying(20000)", maxLength: 20000, nullable: false),
                    minutes = table.Column<int>(type: "integer", nullable: false),
                    preferred_day = table.Column<DateOnly>(type: "date", nullable: true),
                    state = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    decided_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    decided_by_id = table.Column<Guid>(type: "uuid", nullable: true),
                    message = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    workshop_id = table.Column<Guid>(type: "uuid", nullable: true)
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
