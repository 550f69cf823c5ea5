using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Guild.Web.Platform.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class SpaceEvents : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid>(
                name: "space_id",
                table: "events",
                type: "uuid",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "ix_events_space_id_starts_at",
                table: "events",
                columns: new[] { "space_id", "starts_at" });

            migrationBuilder.AddForeignKey(
                name: "fk_events_community_spaces_space_id",
                table: "events",
                column: "space_id",
                principalTable: "community_spaces",
                principalColumn: "id",
                onDelete: ReferentialAction.Restrict);
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
