using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Guild.Web.Platform.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ExpertiseProfiles : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // The account becomes the one owner of the address and of deactivation. The copies were kept in step;
            // should a person's copy ever say more than the account's, the account takes it before the column goes.
            migrationBuilder.Sql("""
                UPDATE users SET deactivated_at = (SELECT p.deactivated_at FROM people p WHERE p.id = users.id)
                WHERE deactivated_at IS NULL AND EXISTS (SELECT 1 FROM people p WHERE p.id = users.id AND p.deactivated_at IS NOT NULL);
                UPDATE users SET email = (SELECT p.email FROM people p WHERE p.id = users.id)
                WHERE email IS NULL AND EXISTS (SELECT 1 FROM people p WHERE p.id = users.id);
                """);

            migrationBuilder.DropIndex(
                name: "ix_people_email",
                table: "people");
            // SQLite drops an unindexed column in place (3.35+); EF's DropColumn would rebuild the table with foreign keys
            // off, outside the migration's transaction.
            migrationBuilder.Sql("ALTER TABLE people DROP COLUMN deactivated_at;");
            migrationBuilder.Sql("ALTER TABLE people DROP COLUMN email;");

            migrationBuilder.CreateIndex(
                name: "ix_users_deactivated_at",
                table: "users",
                column: "deactivated_at",
                filter: "deactivated_at IS NOT NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_users_deactivated_at",
                table: "users");

            migrationBuilder.AddColumn<long>(
                name: "deactivated_at",
                table: "people",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "email",
                table: "people",
                type: "TEXT",
                maxLength: 256,
                nullable: false,
                defaultValue: "");

            // Back to two copies: fill them from the account before the unique index needs distinct addresses.
            migrationBuilder.Sql("""
                UPDATE people SET email = COALESCE((SELECT u.email FROM users u WHERE u.id = people.id), CAST(people.id AS TEXT)),
                    deactivated_at = (SELECT u.deactivated_at FROM users u WHERE u.id = people.id);
                """);

            migrationBuilder.CreateIndex(
                name: "ix_people_email",
                table: "people",
                column: "email",
                unique: true);
        }
    }
}
