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

            migrationBuilder.DropColumn(
                name: "submitted",
                table: "lrs_statements");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
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
