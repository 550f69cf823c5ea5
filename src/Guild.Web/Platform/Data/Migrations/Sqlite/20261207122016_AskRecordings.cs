using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Guild.Web.Platform.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class AskRecordings : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "ask_recordings",
                columns: table => new
                {
                    resource_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    ask_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    champion_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false)
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

            migrationBuilder.CreateIndex(
                name: "ix_ask_recordings_ask_id",
                table: "ask_recordings",
                column: "ask_id");

            migrationBuilder.CreateIndex(
                name: "ix_ask_recordings_champion_id",
                table: "ask_recordings",
                column: "champion_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ask_recordings");
        }
    }
}
