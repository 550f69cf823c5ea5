using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Guild.Web.Platform.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class EventsFollowUps : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "protected_secret",
                table: "calendar_feeds",
                type: "TEXT",
                maxLength: 500,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "talk_recordings",
                columns: table => new
                {
                    resource_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    event_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    made_by_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_talk_recordings", x => x.resource_id);
                    table.ForeignKey(
                        name: "fk_talk_recordings_person_made_by_id",
                        column: x => x.made_by_id,
                        principalTable: "people",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_talk_recordings_resource_resource_id",
                        column: x => x.resource_id,
                        principalTable: "resources",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_talk_recordings_series_talks_event_id",
                        column: x => x.event_id,
                        principalTable: "series_talks",
                        principalColumn: "event_id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_series_talks_recording_resource_id",
                table: "series_talks",
                column: "recording_resource_id");

            migrationBuilder.CreateIndex(
                name: "ix_talk_recordings_event_id",
                table: "talk_recordings",
                column: "event_id");

            migrationBuilder.CreateIndex(
                name: "ix_talk_recordings_made_by_id",
                table: "talk_recordings",
                column: "made_by_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "talk_recordings");

            migrationBuilder.DropIndex(
                name: "ix_series_talks_recording_resource_id",
                table: "series_talks");

            migrationBuilder.DropColumn(
                name: "protected_secret",
                table: "calendar_feeds");
        }
    }
}
