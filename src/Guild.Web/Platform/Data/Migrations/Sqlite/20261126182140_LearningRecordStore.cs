using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Guild.Web.Platform.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class LearningRecordStore : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "lrs_activities",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    iri = table.Column<string>(type: "TEXT", nullable: false),
                    definition = table.Column<string>(type: "TEXT", nullable: true),
                    defined_at = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_lrs_activities", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "lrs_agents",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    identifier = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_lrs_agents", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "lrs_attachments",
                columns: table => new
                {
                    sha2 = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    content_type = table.Column<string>(type: "TEXT", maxLength: 255, nullable: false),
                    length = table.Column<long>(type: "INTEGER", nullable: false),
                    content = table.Column<byte[]>(type: "BLOB", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_lrs_attachments", x => x.sha2);
                });

            migrationBuilder.CreateTable(
                name: "lrs_clients",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    key = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    secret_hash = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    scopes = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    authority_json = table.Column<string>(type: "TEXT", nullable: true),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false),
                    created_by_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    revoked_at = table.Column<long>(type: "INTEGER", nullable: true),
                    revoked_by_id = table.Column<Guid>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_lrs_clients", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "lrs_documents",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    kind = table.Column<short>(type: "INTEGER", nullable: false),
                    scope_hash = table.Column<byte[]>(type: "BLOB", nullable: false),
                    key_hash = table.Column<byte[]>(type: "BLOB", nullable: false),
                    activity_id = table.Column<string>(type: "TEXT", nullable: true),
                    agent_identifier = table.Column<string>(type: "TEXT", nullable: true),
                    registration = table.Column<Guid>(type: "TEXT", nullable: true),
                    document_id = table.Column<string>(type: "TEXT", nullable: false),
                    content_type = table.Column<string>(type: "TEXT", maxLength: 255, nullable: false),
                    content = table.Column<byte[]>(type: "BLOB", nullable: false),
                    e_tag = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    updated_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_lrs_documents", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "lrs_statement_activities",
                columns: table => new
                {
                    activity_id = table.Column<long>(type: "INTEGER", nullable: false),
                    scope = table.Column<short>(type: "INTEGER", nullable: false),
                    stored = table.Column<long>(type: "INTEGER", nullable: false),
                    statement_id = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_lrs_statement_activities", x => new { x.activity_id, x.scope, x.stored, x.statement_id });
                });

            migrationBuilder.CreateTable(
                name: "lrs_statement_agents",
                columns: table => new
                {
                    agent_id = table.Column<long>(type: "INTEGER", nullable: false),
                    scope = table.Column<short>(type: "INTEGER", nullable: false),
                    stored = table.Column<long>(type: "INTEGER", nullable: false),
                    statement_id = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_lrs_statement_agents", x => new { x.agent_id, x.scope, x.stored, x.statement_id });
                });

            migrationBuilder.CreateTable(
                name: "lrs_statements",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    stored = table.Column<long>(type: "INTEGER", nullable: false),
                    verb_id = table.Column<long>(type: "INTEGER", nullable: false),
                    registration = table.Column<Guid>(type: "TEXT", nullable: true),
                    voided = table.Column<bool>(type: "INTEGER", nullable: false),
                    voids_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    object_ref_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    has_attachments = table.Column<bool>(type: "INTEGER", nullable: false),
                    client_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    submitted = table.Column<string>(type: "TEXT", nullable: false),
                    document = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_lrs_statements", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "lrs_verbs",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    iri = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_lrs_verbs", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_lrs_activities_iri",
                table: "lrs_activities",
                column: "iri",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_lrs_agents_identifier",
                table: "lrs_agents",
                column: "identifier",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_lrs_clients_key",
                table: "lrs_clients",
                column: "key",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_lrs_documents_key_hash",
                table: "lrs_documents",
                column: "key_hash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_lrs_documents_scope_hash_updated_at",
                table: "lrs_documents",
                columns: new[] { "scope_hash", "updated_at" });

            migrationBuilder.CreateIndex(
                name: "ix_lrs_statement_activities_statement_id",
                table: "lrs_statement_activities",
                column: "statement_id");

            migrationBuilder.CreateIndex(
                name: "ix_lrs_statement_agents_statement_id",
                table: "lrs_statement_agents",
                column: "statement_id");

            migrationBuilder.CreateIndex(
                name: "ix_lrs_statements_refs",
                table: "lrs_statements",
                columns: new[] { "stored", "id", "object_ref_id" },
                filter: "object_ref_id IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_lrs_statements_registration_stored_id",
                table: "lrs_statements",
                columns: new[] { "registration", "stored", "id" },
                filter: "registration IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_lrs_statements_stored_id",
                table: "lrs_statements",
                columns: new[] { "stored", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_lrs_statements_verb_id_stored_id",
                table: "lrs_statements",
                columns: new[] { "verb_id", "stored", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_lrs_statements_voids_id",
                table: "lrs_statements",
                column: "voids_id",
                filter: "voids_id IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_lrs_verbs_iri",
                table: "lrs_verbs",
                column: "iri",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "lrs_activities");

            migrationBuilder.DropTable(
                name: "lrs_agents");

            migrationBuilder.DropTable(
                name: "lrs_attachments");

            migrationBuilder.DropTable(
                name: "lrs_clients");

            migrationBuilder.DropTable(
                name: "lrs_documents");

            migrationBuilder.DropTable(
                name: "lrs_statement_activities");

            migrationBuilder.DropTable(
                name: "lrs_statement_agents");

            migrationBuilder.DropTable(
                name: "lrs_statements");

            migrationBuilder.DropTable(
                name: "lrs_verbs");
        }
    }
}
