using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Guild.Web.Platform.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class LibraryStudio : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<double>(
                name: "max_seconds",
                table: "media_assets",
                type: "double precision",
                nullable: true);

            migrationBuilder.AddColumn<double>(
                name: "trim_end_seconds",
                table: "media_assets",
                type: "double precision",
                nullable: true);

            migrationBuilder.AddColumn<double>(
                name: "trim_start_seconds",
                table: "media_assets",
                type: "double precision",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "ix_resources_media_asset_id",
                table: "resources",
                column: "media_asset_id");

            migrationBuilder.AddForeignKey(
                name: "fk_resources_media_assets_media_asset_id",
                table: "resources",
                column: "media_asset_id",
                principalTable: "media_assets",
                principalColumn: "id",
                onDelete: ReferentialAction.Restrict);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "fk_resources_media_assets_media_asset_id",
                table: "resources");

            migrationBuilder.DropIndex(
                name: "ix_resources_media_asset_id",
                table: "resources");

            migrationBuilder.DropColumn(
                name: "max_seconds",
                table: "media_assets");

            migrationBuilder.DropColumn(
                name: "trim_end_seconds",
                table: "media_assets");

            migrationBuilder.DropColumn(
                name: "trim_start_seconds",
                table: "media_assets");
        }
    }
}
