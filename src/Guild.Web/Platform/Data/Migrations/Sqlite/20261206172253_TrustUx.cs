using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Guild.Web.Platform.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class TrustUx : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // SQLite drops a column in place (3.35+); EF's DropColumn would rebuild the table, which logs
            // warnings on every new database (PRAGMA foreign_keys outside a transaction).
            migrationBuilder.Sql("ALTER TABLE people_imports DROP COLUMN language;");

            migrationBuilder.AddColumn<string>(
                name: "outcome",
                table: "background_jobs",
                type: "TEXT",
                maxLength: 16,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "outcome_key",
                table: "background_jobs",
                type: "TEXT",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "progress_message_arguments",
                table: "background_jobs",
                type: "TEXT",
                maxLength: 2000,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "progress_message_key",
                table: "background_jobs",
                type: "TEXT",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "subject_id",
                table: "background_jobs",
                type: "TEXT",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "subject_type",
                table: "background_jobs",
                type: "TEXT",
                maxLength: 100,
                nullable: true);

            // A people import's job has always shared the import's id: name it as the job's subject.
            migrationBuilder.Sql("UPDATE background_jobs SET subject_type = 'PeopleImport', subject_id = lower(id) WHERE kind = 'people.import';");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "outcome",
                table: "background_jobs");

            migrationBuilder.DropColumn(
                name: "outcome_key",
                table: "background_jobs");

            migrationBuilder.DropColumn(
                name: "progress_message_arguments",
                table: "background_jobs");

            migrationBuilder.DropColumn(
                name: "progress_message_key",
                table: "background_jobs");

            migrationBuilder.DropColumn(
                name: "subject_id",
                table: "background_jobs");

            migrationBuilder.DropColumn(
                name: "subject_type",
                table: "background_jobs");

            migrationBuilder.AddColumn<string>(
                name: "language",
                table: "people_imports",
                type: "TEXT",
                maxLength: 8,
                nullable: false,
                defaultValue: "");
        }
    }
}
