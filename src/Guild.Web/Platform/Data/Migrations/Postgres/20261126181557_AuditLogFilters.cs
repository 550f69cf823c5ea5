using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Guild.Web.Platform.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class AuditLogFilters : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "ix_audit_entries_action_at",
                table: "audit_entries",
                columns: new[] { "action", "at" });

            migrationBuilder.CreateIndex(
                name: "ix_audit_entries_actor_name",
                table: "audit_entries",
                column: "actor_name");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_audit_entries_action_at",
                table: "audit_entries");

            migrationBuilder.DropIndex(
                name: "ix_audit_entries_actor_name",
                table: "audit_entries");
        }
    }
}
