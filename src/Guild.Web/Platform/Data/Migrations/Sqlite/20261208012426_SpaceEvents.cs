using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Guild.Web.Platform.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class SpaceEvents : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // SQLite adds a nullable column with its reference in place; AddForeignKey would rebuild the events table outside the
            // migration's transaction (and a first start logs that as a warning).
            migrationBuilder.Sql("ALTER TABLE events ADD COLUMN space_id TEXT NULL " +
                                 "CONSTRAINT fk_events_community_spaces_space_id REFERENCES community_spaces (id) ON DELETE RESTRICT;");

            migrationBuilder.CreateIndex(
                name: "ix_events_space_id_starts_at",
                table: "events",
                columns: new[] { "space_id", "starts_at" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "fk_events_community_spaces_space_id",
                table: "events");

            migrationBuilder.DropIndex(
                name: "ix_events_space_id_starts_at",
                table: "events");

            migrationBuilder.DropColumn(
                name: "space_id",
                table: "events");
        }
    }
}
