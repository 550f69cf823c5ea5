using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Guild.Web.Platform.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class RestockRestock : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "restock_requests",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    item_key = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    kind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    title = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    component_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    demand = table.Column<int>(type: "INTEGER", nullable: false),
                    champion_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    due_on = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    note = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    created_by_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false),
                    resource_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    done_at = table.Column<long>(type: "INTEGER", nullable: true),
                    cancelled_at = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_restock_requests", x => x.id);
                    table.ForeignKey(
                        name: "fk_restock_requests_people_champion_id",
                        column: x => x.champion_id,
                        principalTable: "people",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_restock_requests_people_created_by_id",
                        column: x => x.created_by_id,
                        principalTable: "people",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_restock_requests_resources_resource_id",
                        column: x => x.resource_id,
                        principalTable: "resources",
                        principalColumn: "id",
                        onDelete: ReferentialAction.SetNull);
                });

            migrationBuilder.CreateTable(
                name: "restock_search_groups",
                columns: table => new
                {
                    search_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    group_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    vector = table.Column<byte[]>(type: "BLOB", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_restock_search_groups", x => x.search_id);
                    table.ForeignKey(
                        name: "fk_restock_search_groups_unanswered_searches_search_id",
                        column: x => x.search_id,
                        principalTable: "unanswered_searches",
                        principalColumn: "search_id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_restock_requests_champion_id_status",
                table: "restock_requests",
                columns: new[] { "champion_id", "status" });

            migrationBuilder.CreateIndex(
                name: "ix_restock_requests_created_by_id",
                table: "restock_requests",
                column: "created_by_id");

            migrationBuilder.CreateIndex(
                name: "ix_restock_requests_item_key",
                table: "restock_requests",
                column: "item_key",
                unique: true,
                filter: "status = 'Open'");

            migrationBuilder.CreateIndex(
                name: "ix_restock_requests_item_key_done_at",
                table: "restock_requests",
                columns: new[] { "item_key", "done_at" });

            migrationBuilder.CreateIndex(
                name: "ix_restock_requests_resource_id",
                table: "restock_requests",
                column: "resource_id");

            migrationBuilder.CreateIndex(
                name: "ix_restock_search_groups_group_id",
                table: "restock_search_groups",
                column: "group_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "restock_requests");

            migrationBuilder.DropTable(
                name: "restock_search_groups");
        }
    }
}
