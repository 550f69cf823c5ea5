using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Guild.Web.Platform.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class PlatformLearningRecords : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "learning_act_outbox",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    statement = table.Column<string>(type: "TEXT", nullable: false),
                    recorded_at = table.Column<long>(type: "INTEGER", nullable: false),
                    attempts = table.Column<int>(type: "INTEGER", nullable: false),
                    run_after = table.Column<long>(type: "INTEGER", nullable: false),
                    claimed_by = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    lease_until = table.Column<long>(type: "INTEGER", nullable: true),
                    last_error = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    rejected_at = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_learning_act_outbox", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "lrs_forward_queue",
                columns: table => new
                {
                    statement_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    stored = table.Column<long>(type: "INTEGER", nullable: false),
                    attempts = table.Column<int>(type: "INTEGER", nullable: false),
                    claimed_by = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    lease_until = table.Column<long>(type: "INTEGER", nullable: true),
                    refused_at = table.Column<long>(type: "INTEGER", nullable: true),
                    last_error = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_lrs_forward_queue", x => x.statement_id);
                });

            migrationBuilder.CreateTable(
                name: "lrs_forwarding",
                columns: table => new
                {
                    id = table.Column<int>(type: "INTEGER", nullable: false),
                    enabled = table.Column<bool>(type: "INTEGER", nullable: false),
                    endpoint = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    protected_key = table.Column<string>(type: "TEXT", nullable: true),
                    protected_secret = table.Column<string>(type: "TEXT", nullable: true),
                    updated_at = table.Column<long>(type: "INTEGER", nullable: false),
                    updated_by_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    last_success_at = table.Column<long>(type: "INTEGER", nullable: true),
                    last_error_at = table.Column<long>(type: "INTEGER", nullable: true),
                    last_error = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    consecutive_failures = table.Column<int>(type: "INTEGER", nullable: false),
                    paused_until = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_lrs_forwarding", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "lrs_statement_counts",
                columns: table => new
                {
                    bucket = table.Column<long>(type: "INTEGER", nullable: false),
                    statements = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_lrs_statement_counts", x => x.bucket);
                });

            migrationBuilder.CreateIndex(
                name: "ix_learning_act_outbox_run_after",
                table: "learning_act_outbox",
                column: "run_after",
                filter: "rejected_at IS NULL");

            migrationBuilder.CreateIndex(
                name: "ix_lrs_forward_queue_stored_statement_id",
                table: "lrs_forward_queue",
                columns: new[] { "stored", "statement_id" },
                filter: "refused_at IS NULL");

            // Statements stored before the counts existed are counted once, into their quarter hours.
            migrationBuilder.Sql("INSERT INTO lrs_statement_counts (bucket, statements) SELECT (stored / 900000000) * 900000000, count(*) FROM lrs_statements GROUP BY 1");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "learning_act_outbox");

            migrationBuilder.DropTable(
                name: "lrs_forward_queue");

            migrationBuilder.DropTable(
                name: "lrs_forwarding");

            migrationBuilder.DropTable(
                name: "lrs_statement_counts");
        }
    }
}
