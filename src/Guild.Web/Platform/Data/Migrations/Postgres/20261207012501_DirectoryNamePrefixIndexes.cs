using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Guild.Web.Platform.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class DirectoryNamePrefixIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "ix_people_department_id_search_name_pattern",
                table: "people",
                columns: new[] { "department_id", "search_name" })
                .Annotation("Npgsql:IndexOperators", new[] { "uuid_ops", "text_pattern_ops" });

            migrationBuilder.CreateIndex(
                name: "ix_people_department_id_sort_key_pattern",
                table: "people",
                columns: new[] { "department_id", "sort_key" })
                .Annotation("Npgsql:IndexOperators", new[] { "uuid_ops", "text_pattern_ops" });

            migrationBuilder.CreateIndex(
                name: "ix_people_sort_key_pattern",
                table: "people",
                column: "sort_key")
                .Annotation("Npgsql:IndexOperators", new[] { "text_pattern_ops" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_people_department_id_search_name_pattern",
                table: "people");

            migrationBuilder.DropIndex(
                name: "ix_people_department_id_sort_key_pattern",
                table: "people");

            migrationBuilder.DropIndex(
                name: "ix_people_sort_key_pattern",
                table: "people");
        }
    }
}
