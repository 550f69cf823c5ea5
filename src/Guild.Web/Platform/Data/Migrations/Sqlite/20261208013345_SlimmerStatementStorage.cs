using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Guild.Web.Platform.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class SlimmerStatementStorage : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_lrs_statement_agents_statement_id",
                table: "lrs_statement_agents");

            migrationBuilder.DropIndex(
                name: "ix_lrs_statement_activities_statement_id",
                table: "lrs_statement_activities");

            // SQLite drops a plain column in place; DropColumn would rebuild lrs_statements outside the migration's transaction.
            migrationBuilder.Sql("ALTER TABLE lrs_statements DROP COLUMN submitted;");

            // Each agent and activity is linked once per statement: related filters read scope 0 and 1 together, so the
            // scope 1 copy of the actor, object and object activity goes.
            foreach (var (table, key) in new[] { ("lrs_statement_agents", "agent_id"), ("lrs_statement_activities", "activity_id") })
            {
                migrationBuilder.Sql($"DELETE FROM {table} WHERE scope = 1 AND EXISTS (SELECT 1 FROM {table} z WHERE z.scope = 0 " +
                                     $"AND z.{key} = {table}.{key} AND z.stored = {table}.stored AND z.statement_id = {table}.statement_id)");
            }
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            foreach (var (table, key) in new[] { ("lrs_statement_agents", "agent_id"), ("lrs_statement_activities", "activity_id") })
            {
                migrationBuilder.Sql($"INSERT INTO {table} ({key}, scope, stored, statement_id) SELECT {key}, 1, stored, statement_id FROM {table} WHERE scope = 0");
            }

            migrationBuilder.AddColumn<string>(
                name: "submitted",
                table: "lrs_statements",
                type: "TEXT",
                nullable: false,
                defaultValue: "");

            // The submitted text is gone; the stored form is what a repeated id was compared with meanwhile.
            migrationBuilder.Sql("UPDATE lrs_statements SET submitted = document");

            migrationBuilder.CreateIndex(
                name: "ix_lrs_statement_agents_statement_id",
                table: "lrs_statement_agents",
                column: "statement_id");

            migrationBuilder.CreateIndex(
                name: "ix_lrs_statement_activities_statement_id",
                table: "lrs_statement_activities",
                column: "statement_id");
        }
    }
}
