using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Guild.Web.Platform.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class TrustIdentity : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "api_token_max_days",
                table: "organisation_settings",
                type: "INTEGER",
                nullable: false,
                defaultValue: 365);

            migrationBuilder.AddColumn<string>(
                name: "created_by_name",
                table: "api_token",
                type: "TEXT",
                maxLength: 200,
                nullable: true);

            // Every token expires now. A token made without an expiry gets a year from its creation, the default
            // maximum; one older than that gets 30 days from the upgrade, so integrations do not stop on the day of
            // the upgrade and their owners see the date in the token lists in time to replace them.
            migrationBuilder.Sql(
                "UPDATE \"api_token\" SET \"expires_at\" = MAX(\"created_at\" + 31536000000000, CAST(strftime('%s', 'now') AS INTEGER) * 1000000 + 2592000000000) " +
                "WHERE \"expires_at\" IS NULL;");

            migrationBuilder.UpdateData(
                table: "organisation_settings",
                keyColumn: "id",
                keyValue: 1,
                column: "api_token_max_days",
                value: 365);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "api_token_max_days",
                table: "organisation_settings");

            migrationBuilder.DropColumn(
                name: "created_by_name",
                table: "api_token");
        }
    }
}
