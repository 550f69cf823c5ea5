using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Guild.Web.Platform.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class NotificationPreferencesAndJobHousekeeping : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "notification_preferences",
                columns: table => new
                {
                    person_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    kind = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    delivery = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    updated_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_notification_preferences", x => new { x.person_id, x.kind });
                });

            migrationBuilder.CreateIndex(
                name: "ix_notification_pending_mail",
                table: "notification",
                columns: new[] { "recipient_id", "kind" },
                filter: "read_at IS NULL AND emailed_at IS NULL");

            migrationBuilder.CreateIndex(
                name: "ix_background_jobs_created_at",
                table: "background_jobs",
                column: "created_at");

            migrationBuilder.CreateIndex(
                name: "ix_background_jobs_finished_at",
                table: "background_jobs",
                column: "finished_at");

            migrationBuilder.CreateIndex(
                name: "ix_notification_preferences_kind_delivery",
                table: "notification_preferences",
                columns: new[] { "kind", "delivery" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "notification_preferences");

            migrationBuilder.DropIndex(
                name: "ix_notification_pending_mail",
                table: "notification");

            migrationBuilder.DropIndex(
                name: "ix_background_jobs_created_at",
                table: "background_jobs");

            migrationBuilder.DropIndex(
                name: "ix_background_jobs_finished_at",
                table: "background_jobs");
        }
    }
}
