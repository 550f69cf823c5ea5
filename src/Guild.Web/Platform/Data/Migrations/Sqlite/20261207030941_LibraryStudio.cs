using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Guild.Web.Platform.Data.Migrations.Sqlite
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
                type: "REAL",
                nullable: true);

            migrationBuilder.AddColumn<double>(
                name: "trim_end_seconds",
                table: "media_assets",
                type: "REAL",
                nullable: true);

            migrationBuilder.AddColumn<double>(
                name: "trim_start_seconds",
                table: "media_assets",
                type: "REAL",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "ix_resources_media_asset_id",
                table: "resources",
                column: "media_asset_id");

            // SQLite cannot add a foreign key to an existing table without rebuilding it (which Guild's SQLite migrations never
            // do), so the key resources.media_asset_id -> media_assets (ON DELETE RESTRICT, as on PostgreSQL) is kept by triggers.
            migrationBuilder.Sql("""
                CREATE TRIGGER fk_resources_media_assets_media_asset_id_insert BEFORE INSERT ON resources
                WHEN NEW.media_asset_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM media_assets WHERE id = NEW.media_asset_id)
                BEGIN SELECT RAISE(ABORT, 'FOREIGN KEY constraint failed'); END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER fk_resources_media_assets_media_asset_id_update BEFORE UPDATE OF media_asset_id ON resources
                WHEN NEW.media_asset_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM media_assets WHERE id = NEW.media_asset_id)
                BEGIN SELECT RAISE(ABORT, 'FOREIGN KEY constraint failed'); END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER fk_resources_media_assets_media_asset_id_delete BEFORE DELETE ON media_assets
                WHEN EXISTS (SELECT 1 FROM resources WHERE media_asset_id = OLD.id)
                BEGIN SELECT RAISE(ABORT, 'FOREIGN KEY constraint failed'); END;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS fk_resources_media_assets_media_asset_id_insert;");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS fk_resources_media_assets_media_asset_id_update;");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS fk_resources_media_assets_media_asset_id_delete;");

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
