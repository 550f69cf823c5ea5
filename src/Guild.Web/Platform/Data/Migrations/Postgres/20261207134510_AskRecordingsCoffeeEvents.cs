using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Guild.Web.Platform.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class AskRecordingsCoffeeEvents : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "ask_recordings",
                columns: table => new
                {
                    resource_id = table.Column<Guid>(type: "uuid", nullable: false),
                    ask_id = table.Column<Guid>(type: "uuid", nullable: false),
                    champion_id = table.Column<Guid>(type: "uuid", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_ask_recordings", x => x.resource_id);
                    table.ForeignKey(
                        name: "fk_ask_recordings_asks_ask_id",
                        column: x => x.ask_id,
                        principalTable: "asks",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_ask_recordings_person_champion_id",
                        column: x => x.champion_id,
                        principalTable: "people",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_ask_recordings_resource_resource_id",
                        column: x => x.resource_id,
                        principalTable: "resources",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "calendar_feeds",
                columns: table => new
                {
                    person_id = table.Column<Guid>(type: "uuid", nullable: false),
                    token_hash = table.Column<byte[]>(type: "bytea", maxLength: 32, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    last_fetched_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    last_user_agent = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_calendar_feeds", x => x.person_id);
                    table.ForeignKey(
                        name: "fk_calendar_feeds_person_person_id",
                        column: x => x.person_id,
                        principalTable: "people",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "coffee_exclusions",
                columns: table => new
                {
                    person_id = table.Column<Guid>(type: "uuid", nullable: false),
                    excluded_person_id = table.Column<Guid>(type: "uuid", nullable: false)
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
                    person_id = table.Column<Guid>(type: "uuid", nullable: false),
                    skill_id = table.Column<Guid>(type: "uuid", nullable: false),
                    kind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false)
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
                    person_id = table.Column<Guid>(type: "uuid", nullable: false),
                    joined_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    cross_department_only = table.Column<bool>(type: "boolean", nullable: false),
                    left_out_in_round = table.Column<int>(type: "integer", nullable: true)
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
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    number = table.Column<int>(type: "integer", nullable: false),
                    started_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    opted_in = table.Column<int>(type: "integer", nullable: false),
                    away = table.Column<int>(type: "integer", nullable: false),
                    paired = table.Column<int>(type: "integer", nullable: false),
                    left_out = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_coffee_rounds", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "events",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    title = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    description = table.Column<string>(type: "character varying(20000)", maxLength: 20000, nullable: false),
                    starts_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ends_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    time_zone = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    online = table.Column<bool>(type: "boolean", nullable: false),
                    meeting_link = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    room = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    capacity = table.Column<int>(type: "integer", nullable: true),
                    taken = table.Column<int>(type: "integer", nullable: false),
                    max_guests = table.Column<int>(type: "integer", nullable: false),
                    status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    sequence = table.Column<int>(type: "integer", nullable: false),
                    ticket_key = table.Column<byte[]>(type: "bytea", maxLength: 32, nullable: false),
                    created_by_id = table.Column<Guid>(type: "uuid", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    cancelled_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_events", x => x.id);
                    table.ForeignKey(
                        name: "fk_events_person_created_by_id",
                        column: x => x.created_by_id,
                        principalTable: "people",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "coffee_pairs",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    round_id = table.Column<Guid>(type: "uuid", nullable: false),
                    trio_joiner_id = table.Column<Guid>(type: "uuid", nullable: true),
                    met = table.Column<bool>(type: "boolean", nullable: true),
                    answered_by_id = table.Column<Guid>(type: "uuid", nullable: true),
                    answered_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
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
                name: "event_components",
                columns: table => new
                {
                    event_id = table.Column<Guid>(type: "uuid", nullable: false),
                    component_id = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_event_components", x => new { x.event_id, x.component_id });
                    table.ForeignKey(
                        name: "fk_event_components_events_event_id",
                        column: x => x.event_id,
                        principalTable: "events",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_event_components_know_how_component_component_id",
                        column: x => x.component_id,
                        principalTable: "components",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "event_organisers",
                columns: table => new
                {
                    event_id = table.Column<Guid>(type: "uuid", nullable: false),
                    person_id = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_event_organisers", x => new { x.event_id, x.person_id });
                    table.ForeignKey(
                        name: "fk_event_organisers_events_event_id",
                        column: x => x.event_id,
                        principalTable: "events",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_event_organisers_person_person_id",
                        column: x => x.person_id,
                        principalTable: "people",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "event_registrations",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    event_id = table.Column<Guid>(type: "uuid", nullable: false),
                    person_id = table.Column<Guid>(type: "uuid", nullable: false),
                    guests = table.Column<int>(type: "integer", nullable: false),
                    status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    waiting_since = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    offered_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    offer_expires_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    ticket_code = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    checked_in_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    checked_in_by_id = table.Column<Guid>(type: "uuid", nullable: true),
                    day_reminder_sent_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    hour_reminder_sent_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_event_registrations", x => x.id);
                    table.ForeignKey(
                        name: "fk_event_registrations_events_event_id",
                        column: x => x.event_id,
                        principalTable: "events",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_event_registrations_person_person_id",
                        column: x => x.person_id,
                        principalTable: "people",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "coffee_pair_members",
                columns: table => new
                {
                    pair_id = table.Column<Guid>(type: "uuid", nullable: false),
                    person_id = table.Column<Guid>(type: "uuid", nullable: false),
                    introduced_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
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
                name: "ix_ask_recordings_ask_id",
                table: "ask_recordings",
                column: "ask_id");

            migrationBuilder.CreateIndex(
                name: "ix_ask_recordings_champion_id",
                table: "ask_recordings",
                column: "champion_id");

            migrationBuilder.CreateIndex(
                name: "ix_calendar_feeds_token_hash",
                table: "calendar_feeds",
                column: "token_hash",
                unique: true);

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

            migrationBuilder.CreateIndex(
                name: "ix_event_components_component_id",
                table: "event_components",
                column: "component_id");

            migrationBuilder.CreateIndex(
                name: "ix_event_organisers_person_id",
                table: "event_organisers",
                column: "person_id");

            migrationBuilder.CreateIndex(
                name: "ix_event_registrations_event_id_person_id",
                table: "event_registrations",
                columns: new[] { "event_id", "person_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_event_registrations_event_id_ticket_code",
                table: "event_registrations",
                columns: new[] { "event_id", "ticket_code" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_event_registrations_person_id_status",
                table: "event_registrations",
                columns: new[] { "person_id", "status" });

            migrationBuilder.CreateIndex(
                name: "ix_events_created_by_id",
                table: "events",
                column: "created_by_id");

            migrationBuilder.CreateIndex(
                name: "ix_events_starts_at",
                table: "events",
                column: "starts_at");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ask_recordings");

            migrationBuilder.DropTable(
                name: "calendar_feeds");

            migrationBuilder.DropTable(
                name: "coffee_exclusions");

            migrationBuilder.DropTable(
                name: "coffee_interests");

            migrationBuilder.DropTable(
                name: "coffee_members");

            migrationBuilder.DropTable(
                name: "coffee_pair_members");

            migrationBuilder.DropTable(
                name: "event_components");

            migrationBuilder.DropTable(
                name: "event_organisers");

            migrationBuilder.DropTable(
                name: "event_registrations");

            migrationBuilder.DropTable(
                name: "coffee_pairs");

            migrationBuilder.DropTable(
                name: "events");

            migrationBuilder.DropTable(
                name: "coffee_rounds");
        }
    }
}
