using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Guild.Web.Platform.Data.Migrations.Postgres
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
                type: "uuid",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "festival_place_pools",
                columns: table => new
                {
                    event_id = table.Column<Guid>(type: "uuid", nullable: false),
                    partner_id = table.Column<Guid>(type: "uuid", nullable: false),
                    quota = table.Column<int>(type: "integer", nullable: false),
                    taken = table.Column<int>(type: "integer", nullable: false),
                    returned_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
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
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    description = table.Column<string>(type: "character varying(20000)", maxLength: 20000, nullable: false),
                    first_day = table.Column<DateOnly>(type: "date", nullable: false),
                    last_day = table.Column<DateOnly>(type: "date", nullable: false),
                    time_zone = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    quota_return_days = table.Column<int>(type: "integer", nullable: false),
                    created_by_id = table.Column<Guid>(type: "uuid", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
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
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    festival_id = table.Column<Guid>(type: "uuid", nullable: false),
                    name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    logo_url = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    quota_per_workshop = table.Column<int>(type: "integer", nullable: false)
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
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    festival_id = table.Column<Guid>(type: "uuid", nullable: false),
                    name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    capacity = table.Column<int>(type: "integer", nullable: false),
                    position = table.Column<int>(type: "integer", nullable: false)
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
                    person_id = table.Column<Guid>(type: "uuid", nullable: false),
                    event_id = table.Column<Guid>(type: "uuid", nullable: false),
                    festival_id = table.Column<Guid>(type: "uuid", nullable: false),
                    starts_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ends_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    pool_id = table.Column<Guid>(type: "uuid", nullable: false)
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
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    partner_id = table.Column<Guid>(type: "uuid", nullable: false),
                    token_hash = table.Column<byte[]>(type: "bytea", maxLength: 32, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    created_by_id = table.Column<Guid>(type: "uuid", nullable: false),
                    expires_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    revoked_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    accounts_made = table.Column<int>(type: "integer", nullable: false)
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
                    person_id = table.Column<Guid>(type: "uuid", nullable: false),
                    partner_id = table.Column<Guid>(type: "uuid", nullable: false)
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
                    event_id = table.Column<Guid>(type: "uuid", nullable: false),
                    festival_id = table.Column<Guid>(type: "uuid", nullable: false),
                    room_id = table.Column<Guid>(type: "uuid", nullable: false),
                    partner_id = table.Column<Guid>(type: "uuid", nullable: true)
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
                    event_id = table.Column<Guid>(type: "uuid", nullable: false),
                    person_id = table.Column<Guid>(type: "uuid", nullable: false)
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

            // The schedule never holds two overlapping workshops of one person: an exclusion constraint (btree_gist for the uuid equality).
            migrationBuilder.Sql("CREATE EXTENSION IF NOT EXISTS btree_gist;");
            migrationBuilder.Sql("""
                ALTER TABLE festival_schedule ADD CONSTRAINT festival_schedule_no_overlap
                    EXCLUDE USING gist (person_id WITH =, tstzrange(starts_at, ends_at) WITH &&);
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("ALTER TABLE festival_schedule DROP CONSTRAINT IF EXISTS festival_schedule_no_overlap;");

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
