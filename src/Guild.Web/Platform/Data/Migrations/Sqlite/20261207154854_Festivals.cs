using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Guild.Web.Platform.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Festivals : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid>(
                name: "festival_id",
                table: "events",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "festival_place_pools",
                columns: table => new
                {
                    event_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    partner_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    quota = table.Column<int>(type: "INTEGER", nullable: false),
                    taken = table.Column<int>(type: "INTEGER", nullable: false),
                    returned_at = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_festival_place_pools", x => new { x.event_id, x.partner_id });
                    table.ForeignKey(
                        name: "fk_festival_place_pools_events_event_id",
                        column: x => x.event_id,
                        principalTable: "events",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "festivals",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    description = table.Column<string>(type: "TEXT", maxLength: 20000, nullable: false),
                    first_day = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    last_day = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    time_zone = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    quota_return_days = table.Column<int>(type: "INTEGER", nullable: false),
                    created_by_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_festivals", x => x.id);
                    table.ForeignKey(
                        name: "fk_festivals_person_created_by_id",
                        column: x => x.created_by_id,
                        principalTable: "people",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "festival_partners",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    festival_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    logo_url = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    quota_per_workshop = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_festival_partners", x => x.id);
                    table.ForeignKey(
                        name: "fk_festival_partners_festivals_festival_id",
                        column: x => x.festival_id,
                        principalTable: "festivals",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "festival_rooms",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    festival_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    capacity = table.Column<int>(type: "INTEGER", nullable: false),
                    position = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_festival_rooms", x => x.id);
                    table.ForeignKey(
                        name: "fk_festival_rooms_festivals_festival_id",
                        column: x => x.festival_id,
                        principalTable: "festivals",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "festival_schedule",
                columns: table => new
                {
                    person_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    event_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    festival_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    starts_at = table.Column<long>(type: "INTEGER", nullable: false),
                    ends_at = table.Column<long>(type: "INTEGER", nullable: false),
                    pool_id = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_festival_schedule", x => new { x.person_id, x.event_id });
                    table.ForeignKey(
                        name: "fk_festival_schedule_events_event_id",
                        column: x => x.event_id,
                        principalTable: "events",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_festival_schedule_festivals_festival_id",
                        column: x => x.festival_id,
                        principalTable: "festivals",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_festival_schedule_person_person_id",
                        column: x => x.person_id,
                        principalTable: "people",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "festival_invitations",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    partner_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    token_hash = table.Column<byte[]>(type: "BLOB", maxLength: 32, nullable: false),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false),
                    created_by_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    expires_at = table.Column<long>(type: "INTEGER", nullable: false),
                    revoked_at = table.Column<long>(type: "INTEGER", nullable: true),
                    accounts_made = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_festival_invitations", x => x.id);
                    table.ForeignKey(
                        name: "fk_festival_invitations_festival_partner_partner_id",
                        column: x => x.partner_id,
                        principalTable: "festival_partners",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "festival_partner_members",
                columns: table => new
                {
                    person_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    partner_id = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_festival_partner_members", x => x.person_id);
                    table.ForeignKey(
                        name: "fk_festival_partner_members_festival_partners_partner_id",
                        column: x => x.partner_id,
                        principalTable: "festival_partners",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_festival_partner_members_person_person_id",
                        column: x => x.person_id,
                        principalTable: "people",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "festival_workshops",
                columns: table => new
                {
                    event_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    festival_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    room_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    partner_id = table.Column<Guid>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_festival_workshops", x => x.event_id);
                    table.ForeignKey(
                        name: "fk_festival_workshops_events_event_id",
                        column: x => x.event_id,
                        principalTable: "events",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_festival_workshops_festival_rooms_room_id",
                        column: x => x.room_id,
                        principalTable: "festival_rooms",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_festival_workshops_festivals_festival_id",
                        column: x => x.festival_id,
                        principalTable: "festivals",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "festival_workshop_hosts",
                columns: table => new
                {
                    event_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    person_id = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_festival_workshop_hosts", x => new { x.event_id, x.person_id });
                    table.ForeignKey(
                        name: "fk_festival_workshop_hosts_festival_workshops_event_id",
                        column: x => x.event_id,
                        principalTable: "festival_workshops",
                        principalColumn: "event_id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_festival_workshop_hosts_person_person_id",
                        column: x => x.person_id,
                        principalTable: "people",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_events_festival_id",
                table: "events",
                column: "festival_id");

            migrationBuilder.CreateIndex(
                name: "ix_festival_invitations_partner_id",
                table: "festival_invitations",
                column: "partner_id");

            migrationBuilder.CreateIndex(
                name: "ix_festival_invitations_token_hash",
                table: "festival_invitations",
                column: "token_hash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_festival_partner_members_partner_id",
                table: "festival_partner_members",
                column: "partner_id");

            migrationBuilder.CreateIndex(
                name: "ix_festival_partners_festival_id_name",
                table: "festival_partners",
                columns: new[] { "festival_id", "name" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_festival_rooms_festival_id_name",
                table: "festival_rooms",
                columns: new[] { "festival_id", "name" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_festival_schedule_event_id",
                table: "festival_schedule",
                column: "event_id");

            migrationBuilder.CreateIndex(
                name: "ix_festival_schedule_festival_id_person_id",
                table: "festival_schedule",
                columns: new[] { "festival_id", "person_id" });

            migrationBuilder.CreateIndex(
                name: "ix_festival_workshop_hosts_person_id",
                table: "festival_workshop_hosts",
                column: "person_id");

            migrationBuilder.CreateIndex(
                name: "ix_festival_workshops_festival_id",
                table: "festival_workshops",
                column: "festival_id");

            migrationBuilder.CreateIndex(
                name: "ix_festival_workshops_room_id",
                table: "festival_workshops",
                column: "room_id");

            migrationBuilder.CreateIndex(
                name: "ix_festivals_created_by_id",
                table: "festivals",
                column: "created_by_id");

            // The schedule never holds two overlapping workshops of one person: the database refuses them (SQLite has no exclusion constraint).
            migrationBuilder.Sql("""
                CREATE TRIGGER festival_schedule_no_overlap BEFORE INSERT ON festival_schedule
                WHEN EXISTS (SELECT 1 FROM festival_schedule s WHERE s.person_id = NEW.person_id AND s.starts_at < NEW.ends_at AND NEW.starts_at < s.ends_at)
                BEGIN SELECT RAISE(ABORT, 'festival_schedule_overlap'); END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER festival_schedule_no_overlap_update BEFORE UPDATE OF person_id, starts_at, ends_at ON festival_schedule
                WHEN EXISTS (SELECT 1 FROM festival_schedule s WHERE s.person_id = NEW.person_id AND NOT (s.person_id = OLD.person_id AND s.event_id = OLD.event_id)
                    AND s.starts_at < NEW.ends_at AND NEW.starts_at < s.ends_at)
                BEGIN SELECT RAISE(ABORT, 'festival_schedule_overlap'); END;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS festival_schedule_no_overlap;");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS festival_schedule_no_overlap_update;");

            migrationBuilder.DropTable(
                name: "festival_invitations");

            migrationBuilder.DropTable(
                name: "festival_partner_members");

            migrationBuilder.DropTable(
                name: "festival_place_pools");

            migrationBuilder.DropTable(
                name: "festival_schedule");

            migrationBuilder.DropTable(
                name: "festival_workshop_hosts");

            migrationBuilder.DropTable(
                name: "festival_partners");

            migrationBuilder.DropTable(
                name: "festival_workshops");

            migrationBuilder.DropTable(
                name: "festival_rooms");

            migrationBuilder.DropTable(
                name: "festivals");

            migrationBuilder.DropIndex(
                name: "ix_events_festival_id",
                table: "events");

            migrationBuilder.DropColumn(
                name: "festival_id",
                table: "events");
        }
    }
}
