using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Guild.Web.Platform.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Series : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid>(
                name: "series_id",
                table: "events",
                type: "uuid",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "lecture_series",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    title = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    description = table.Column<string>(type: "character varying(5000)", maxLength: 5000, nullable: false),
                    recurrence_rule = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    first_date = table.Column<DateOnly>(type: "date", nullable: false),
                    start_time = table.Column<TimeOnly>(type: "time without time zone", nullable: false),
                    duration_minutes = table.Column<int>(type: "integer", nullable: false),
                    time_zone = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    online = table.Column<bool>(type: "boolean", nullable: false),
                    meeting_link = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    room = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    capacity = table.Column<int>(type: "integer", nullable: true),
                    holiday_policy = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    speaker_deadline_days = table.Column<int>(type: "integer", nullable: false),
                    previous_series_id = table.Column<Guid>(type: "uuid", nullable: true),
                    created_by_id = table.Column<Guid>(type: "uuid", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_lecture_series", x => x.id);
                    table.ForeignKey(
                        name: "fk_lecture_series_lecture_series_previous_series_id",
                        column: x => x.previous_series_id,
                        principalTable: "lecture_series",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_lecture_series_person_created_by_id",
                        column: x => x.created_by_id,
                        principalTable: "people",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "series_components",
                columns: table => new
                {
                    series_id = table.Column<Guid>(type: "uuid", nullable: false),
                    component_id = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_series_components", x => new { x.series_id, x.component_id });
                    table.ForeignKey(
                        name: "fk_series_components_know_how_component_component_id",
                        column: x => x.component_id,
                        principalTable: "components",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_series_components_lecture_series_series_id",
                        column: x => x.series_id,
                        principalTable: "lecture_series",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "series_exceptions",
                columns: table => new
                {
                    series_id = table.Column<Guid>(type: "uuid", nullable: false),
                    date = table.Column<DateOnly>(type: "date", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_series_exceptions", x => new { x.series_id, x.date });
                    table.ForeignKey(
                        name: "fk_series_exceptions_lecture_series_series_id",
                        column: x => x.series_id,
                        principalTable: "lecture_series",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "series_organisers",
                columns: table => new
                {
                    series_id = table.Column<Guid>(type: "uuid", nullable: false),
                    person_id = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_series_organisers", x => new { x.series_id, x.person_id });
                    table.ForeignKey(
                        name: "fk_series_organisers_lecture_series_series_id",
                        column: x => x.series_id,
                        principalTable: "lecture_series",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_series_organisers_person_person_id",
                        column: x => x.person_id,
                        principalTable: "people",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "series_talks",
                columns: table => new
                {
                    event_id = table.Column<Guid>(type: "uuid", nullable: false),
                    series_id = table.Column<Guid>(type: "uuid", nullable: false),
                    rule_date = table.Column<DateOnly>(type: "date", nullable: false),
                    status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    speaker_id = table.Column<Guid>(type: "uuid", nullable: true),
                    topic = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    proposed_by_id = table.Column<Guid>(type: "uuid", nullable: true),
                    changed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    swap_with_event_id = table.Column<Guid>(type: "uuid", nullable: true),
                    organisers_told_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    spoke_recorded_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    recording_resource_id = table.Column<Guid>(type: "uuid", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_series_talks", x => x.event_id);
                    table.ForeignKey(
                        name: "fk_series_talks_events_event_id",
                        column: x => x.event_id,
                        principalTable: "events",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_series_talks_lecture_series_series_id",
                        column: x => x.series_id,
                        principalTable: "lecture_series",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_series_talks_person_speaker_id",
                        column: x => x.speaker_id,
                        principalTable: "people",
                        principalColumn: "id",
                        onDelete: ReferentialAction.SetNull);
                });

            migrationBuilder.CreateIndex(
                name: "ix_events_series_id",
                table: "events",
                column: "series_id");

            migrationBuilder.CreateIndex(
                name: "ix_lecture_series_created_by_id",
                table: "lecture_series",
                column: "created_by_id");

            migrationBuilder.CreateIndex(
                name: "ix_lecture_series_previous_series_id",
                table: "lecture_series",
                column: "previous_series_id");

            migrationBuilder.CreateIndex(
                name: "ix_series_components_component_id",
                table: "series_components",
                column: "component_id");

            migrationBuilder.CreateIndex(
                name: "ix_series_organisers_person_id",
                table: "series_organisers",
                column: "person_id");

            migrationBuilder.CreateIndex(
                name: "ix_series_talks_series_id_rule_date",
                table: "series_talks",
                columns: new[] { "series_id", "rule_date" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_series_talks_speaker_id",
                table: "series_talks",
                column: "speaker_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "series_components");

            migrationBuilder.DropTable(
                name: "series_exceptions");

            migrationBuilder.DropTable(
                name: "series_organisers");

            migrationBuilder.DropTable(
                name: "series_talks");

            migrationBuilder.DropTable(
                name: "lecture_series");

            migrationBuilder.DropIndex(
                name: "ix_events_series_id",
                table: "events");

            migrationBuilder.DropColumn(
                name: "series_id",
                table: "events");
        }
    }
}
