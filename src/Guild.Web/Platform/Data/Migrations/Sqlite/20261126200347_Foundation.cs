using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

#pragma warning disable CA1814 // Prefer jagged arrays over multidimensional

namespace Guild.Web.Platform.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Foundation : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "api_token",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    kind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    owner_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    service_role = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    prefix = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    hash = table.Column<byte[]>(type: "BLOB", nullable: false),
                    created_by_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false),
                    expires_at = table.Column<long>(type: "INTEGER", nullable: true),
                    revoked_at = table.Column<long>(type: "INTEGER", nullable: true),
                    revoked_by_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    last_used_at = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_api_token", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "audit_entries",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    at = table.Column<long>(type: "INTEGER", nullable: false),
                    actor_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    actor_name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    action = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    object_type = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    object_id = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    object_name = table.Column<string>(type: "TEXT", maxLength: 300, nullable: true),
                    details = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_audit_entries", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "background_jobs",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    kind = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    payload = table.Column<string>(type: "TEXT", nullable: false),
                    status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    attempts = table.Column<int>(type: "INTEGER", nullable: false),
                    max_attempts = table.Column<int>(type: "INTEGER", nullable: false),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false),
                    run_after = table.Column<long>(type: "INTEGER", nullable: false),
                    started_at = table.Column<long>(type: "INTEGER", nullable: true),
                    finished_at = table.Column<long>(type: "INTEGER", nullable: true),
                    claimed_by = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    lease_until = table.Column<long>(type: "INTEGER", nullable: true),
                    started_by_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    dedupe_key = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    progress_done = table.Column<int>(type: "INTEGER", nullable: false),
                    progress_total = table.Column<int>(type: "INTEGER", nullable: false),
                    progress_message = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    result = table.Column<string>(type: "TEXT", nullable: true),
                    last_error = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_background_jobs", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "data_protection_keys",
                columns: table => new
                {
                    id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    friendly_name = table.Column<string>(type: "TEXT", nullable: true),
                    xml = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_data_protection_keys", x => x.id);
                });

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

            migrationBuilder.CreateTable(
                name: "notification",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    recipient_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    kind = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    subject_key = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    subject_title = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    link = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    count = table.Column<int>(type: "INTEGER", nullable: false),
                    recent_actors = table.Column<string>(type: "TEXT", maxLength: 700, nullable: false),
                    first_at = table.Column<long>(type: "INTEGER", nullable: false),
                    latest_at = table.Column<long>(type: "INTEGER", nullable: false),
                    read_at = table.Column<long>(type: "INTEGER", nullable: true),
                    emailed_at = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_notification", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "notification_preferences",
                columns: table => new
                {
                    person_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    kind = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    delivery = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    updated_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_notification_preferences", x => new { x.person_id, x.kind });
                });

            migrationBuilder.CreateTable(
                name: "org_units",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    kind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    name = table.Column<string>(type: "TEXT", maxLength: 150, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_org_units", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "organisation_settings",
                columns: table => new
                {
                    id = table.Column<int>(type: "INTEGER", nullable: false),
                    name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    logo_key = table.Column<string>(type: "TEXT", maxLength: 300, nullable: true),
                    logo_content_type = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    default_language = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    time_zone_id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    workday_start = table.Column<TimeOnly>(type: "TEXT", nullable: false),
                    workday_end = table.Column<TimeOnly>(type: "TEXT", nullable: false),
                    working_days = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    learning_record_base_iri = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    updated_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_organisation_settings", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "roles",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    name = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    normalized_name = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    concurrency_stamp = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_roles", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "users",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    deactivated_at = table.Column<long>(type: "INTEGER", nullable: true),
                    preferred_language = table.Column<string>(type: "TEXT", maxLength: 8, nullable: true),
                    user_name = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    normalized_user_name = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    email = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    normalized_email = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    email_confirmed = table.Column<bool>(type: "INTEGER", nullable: false),
                    password_hash = table.Column<string>(type: "TEXT", nullable: true),
                    security_stamp = table.Column<string>(type: "TEXT", nullable: true),
                    concurrency_stamp = table.Column<string>(type: "TEXT", nullable: true),
                    phone_number = table.Column<string>(type: "TEXT", nullable: true),
                    phone_number_confirmed = table.Column<bool>(type: "INTEGER", nullable: false),
                    two_factor_enabled = table.Column<bool>(type: "INTEGER", nullable: false),
                    lockout_end = table.Column<long>(type: "INTEGER", nullable: true),
                    lockout_enabled = table.Column<bool>(type: "INTEGER", nullable: false),
                    access_failed_count = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_users", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "role_claims",
                columns: table => new
                {
                    id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    role_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    claim_type = table.Column<string>(type: "TEXT", nullable: true),
                    claim_value = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_role_claims", x => x.id);
                    table.ForeignKey(
                        name: "fk_role_claims_roles_role_id",
                        column: x => x.role_id,
                        principalTable: "roles",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "people",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    given_name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    family_name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    email = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    job_title = table.Column<string>(type: "TEXT", maxLength: 150, nullable: true),
                    employee_number = table.Column<string>(type: "TEXT", maxLength: 50, nullable: true),
                    department_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    location_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    manager_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    languages = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    photo_key = table.Column<string>(type: "TEXT", maxLength: 300, nullable: true),
                    partner_organisation = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false),
                    deactivated_at = table.Column<long>(type: "INTEGER", nullable: true),
                    invited_at = table.Column<long>(type: "INTEGER", nullable: true),
                    invitation_accepted_at = table.Column<long>(type: "INTEGER", nullable: true),
                    sort_key = table.Column<string>(type: "TEXT", maxLength: 250, nullable: false),
                    search_name = table.Column<string>(type: "TEXT", maxLength: 250, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_people", x => x.id);
                    table.ForeignKey(
                        name: "fk_people_org_units_department_id",
                        column: x => x.department_id,
                        principalTable: "org_units",
                        principalColumn: "id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "fk_people_org_units_location_id",
                        column: x => x.location_id,
                        principalTable: "org_units",
                        principalColumn: "id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "fk_people_people_manager_id",
                        column: x => x.manager_id,
                        principalTable: "people",
                        principalColumn: "id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "fk_people_users_id",
                        column: x => x.id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "user_claims",
                columns: table => new
                {
                    id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    user_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    claim_type = table.Column<string>(type: "TEXT", nullable: true),
                    claim_value = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_user_claims", x => x.id);
                    table.ForeignKey(
                        name: "fk_user_claims_users_user_id",
                        column: x => x.user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "user_logins",
                columns: table => new
                {
                    login_provider = table.Column<string>(type: "TEXT", nullable: false),
                    provider_key = table.Column<string>(type: "TEXT", nullable: false),
                    provider_display_name = table.Column<string>(type: "TEXT", nullable: true),
                    user_id = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_user_logins", x => new { x.login_provider, x.provider_key });
                    table.ForeignKey(
                        name: "fk_user_logins_users_user_id",
                        column: x => x.user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "user_roles",
                columns: table => new
                {
                    user_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    role_id = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_user_roles", x => new { x.user_id, x.role_id });
                    table.ForeignKey(
                        name: "fk_user_roles_roles_role_id",
                        column: x => x.role_id,
                        principalTable: "roles",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_user_roles_users_user_id",
                        column: x => x.user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "user_tokens",
                columns: table => new
                {
                    user_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    login_provider = table.Column<string>(type: "TEXT", nullable: false),
                    name = table.Column<string>(type: "TEXT", nullable: false),
                    value = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_user_tokens", x => new { x.user_id, x.login_provider, x.name });
                    table.ForeignKey(
                        name: "fk_user_tokens_users_user_id",
                        column: x => x.user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "people_imports",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    file_name = table.Column<string>(type: "TEXT", maxLength: 255, nullable: false),
                    file_key = table.Column<string>(type: "TEXT", maxLength: 300, nullable: true),
                    file_size = table.Column<long>(type: "INTEGER", nullable: false),
                    started_by_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    started_at = table.Column<long>(type: "INTEGER", nullable: false),
                    finished_at = table.Column<long>(type: "INTEGER", nullable: true),
                    language = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    invite_new_people = table.Column<bool>(type: "INTEGER", nullable: false),
                    status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    row_count = table.Column<int>(type: "INTEGER", nullable: false),
                    problem_count = table.Column<int>(type: "INTEGER", nullable: false),
                    notice_count = table.Column<int>(type: "INTEGER", nullable: false),
                    applied_rows = table.Column<int>(type: "INTEGER", nullable: false),
                    created = table.Column<int>(type: "INTEGER", nullable: false),
                    updated = table.Column<int>(type: "INTEGER", nullable: false),
                    unchanged = table.Column<int>(type: "INTEGER", nullable: false),
                    skipped = table.Column<int>(type: "INTEGER", nullable: false),
                    departments_created = table.Column<int>(type: "INTEGER", nullable: false),
                    locations_created = table.Column<int>(type: "INTEGER", nullable: false),
                    role_changes = table.Column<int>(type: "INTEGER", nullable: false),
                    invited = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_people_imports", x => x.id);
                    table.ForeignKey(
                        name: "fk_people_imports_person_started_by_id",
                        column: x => x.started_by_id,
                        principalTable: "people",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "people_import_problems",
                columns: table => new
                {
                    import_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    number = table.Column<int>(type: "INTEGER", nullable: false),
                    line = table.Column<int>(type: "INTEGER", nullable: false),
                    severity = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    code = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    column = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true),
                    value = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    detail = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_people_import_problems", x => new { x.import_id, x.number });
                    table.ForeignKey(
                        name: "fk_people_import_problems_people_imports_import_id",
                        column: x => x.import_id,
                        principalTable: "people_imports",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.InsertData(
                table: "organisation_settings",
                columns: new[] { "id", "default_language", "learning_record_base_iri", "logo_content_type", "logo_key", "name", "time_zone_id", "updated_at", "workday_end", "workday_start", "working_days" },
                values: new object[] { 1, "en", "https://guild.example/", null, null, "Guild", "Europe/Amsterdam", 0L, new TimeOnly(17, 30, 0), new TimeOnly(9, 0, 0), "1,2,3,4,5" });

            migrationBuilder.InsertData(
                table: "roles",
                columns: new[] { "id", "concurrency_stamp", "name", "normalized_name" },
                values: new object[,]
                {
                    { new Guid("0b0e7e57-0000-4000-8000-000000000001"), "0b0e7e57-0000-4000-8000-000000000001", "Employee", "EMPLOYEE" },
                    { new Guid("0b0e7e57-0000-4000-8000-000000000002"), "0b0e7e57-0000-4000-8000-000000000002", "Champion", "CHAMPION" },
                    { new Guid("0b0e7e57-0000-4000-8000-000000000003"), "0b0e7e57-0000-4000-8000-000000000003", "Moderator", "MODERATOR" },
                    { new Guid("0b0e7e57-0000-4000-8000-000000000004"), "0b0e7e57-0000-4000-8000-000000000004", "LearningAdmin", "LEARNINGADMIN" },
                    { new Guid("0b0e7e57-0000-4000-8000-000000000005"), "0b0e7e57-0000-4000-8000-000000000005", "PartnerGuest", "PARTNERGUEST" }
                });

            migrationBuilder.CreateIndex(
                name: "ix_api_token_hash",
                table: "api_token",
                column: "hash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_api_token_owner_id",
                table: "api_token",
                column: "owner_id");

            migrationBuilder.CreateIndex(
                name: "ix_audit_entries_action_at",
                table: "audit_entries",
                columns: new[] { "action", "at" });

            migrationBuilder.CreateIndex(
                name: "ix_audit_entries_actor_id",
                table: "audit_entries",
                column: "actor_id");

            migrationBuilder.CreateIndex(
                name: "ix_audit_entries_actor_name",
                table: "audit_entries",
                column: "actor_name");

            migrationBuilder.CreateIndex(
                name: "ix_audit_entries_at",
                table: "audit_entries",
                column: "at");

            migrationBuilder.CreateIndex(
                name: "ix_audit_entries_object_type_object_id",
                table: "audit_entries",
                columns: new[] { "object_type", "object_id" });

            migrationBuilder.CreateIndex(
                name: "ix_background_jobs_created_at",
                table: "background_jobs",
                column: "created_at");

            migrationBuilder.CreateIndex(
                name: "ix_background_jobs_dedupe_key",
                table: "background_jobs",
                column: "dedupe_key",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_background_jobs_finished_at",
                table: "background_jobs",
                column: "finished_at");

            migrationBuilder.CreateIndex(
                name: "ix_background_jobs_started_by_id",
                table: "background_jobs",
                column: "started_by_id");

            migrationBuilder.CreateIndex(
                name: "ix_background_jobs_status_run_after",
                table: "background_jobs",
                columns: new[] { "status", "run_after" });

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

            migrationBuilder.CreateIndex(
                name: "ix_notification_pending_mail",
                table: "notification",
                columns: new[] { "recipient_id", "kind" },
                filter: "read_at IS NULL AND emailed_at IS NULL");

            migrationBuilder.CreateIndex(
                name: "ix_notification_recipient_id_kind_subject_key",
                table: "notification",
                columns: new[] { "recipient_id", "kind", "subject_key" });

            migrationBuilder.CreateIndex(
                name: "ix_notification_recipient_id_latest_at",
                table: "notification",
                columns: new[] { "recipient_id", "latest_at" });

            migrationBuilder.CreateIndex(
                name: "ix_notification_recipient_id_read_at_latest_at",
                table: "notification",
                columns: new[] { "recipient_id", "read_at", "latest_at" });

            migrationBuilder.CreateIndex(
                name: "ix_notification_preferences_kind_delivery",
                table: "notification_preferences",
                columns: new[] { "kind", "delivery" });

            migrationBuilder.CreateIndex(
                name: "ix_org_units_kind_name",
                table: "org_units",
                columns: new[] { "kind", "name" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_people_department_id_sort_key",
                table: "people",
                columns: new[] { "department_id", "sort_key" });

            migrationBuilder.CreateIndex(
                name: "ix_people_email",
                table: "people",
                column: "email",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_people_employee_number",
                table: "people",
                column: "employee_number",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_people_location_id",
                table: "people",
                column: "location_id");

            migrationBuilder.CreateIndex(
                name: "ix_people_manager_id",
                table: "people",
                column: "manager_id");

            migrationBuilder.CreateIndex(
                name: "ix_people_search_name",
                table: "people",
                column: "search_name");

            migrationBuilder.CreateIndex(
                name: "ix_people_sort_key",
                table: "people",
                column: "sort_key");

            migrationBuilder.CreateIndex(
                name: "ix_people_import_problems_import_id_severity_line",
                table: "people_import_problems",
                columns: new[] { "import_id", "severity", "line" });

            migrationBuilder.CreateIndex(
                name: "ix_people_imports_started_at",
                table: "people_imports",
                column: "started_at");

            migrationBuilder.CreateIndex(
                name: "ix_people_imports_started_by_id",
                table: "people_imports",
                column: "started_by_id");

            migrationBuilder.CreateIndex(
                name: "ix_people_imports_status",
                table: "people_imports",
                column: "status");

            migrationBuilder.CreateIndex(
                name: "ix_role_claims_role_id",
                table: "role_claims",
                column: "role_id");

            migrationBuilder.CreateIndex(
                name: "RoleNameIndex",
                table: "roles",
                column: "normalized_name",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_user_claims_user_id",
                table: "user_claims",
                column: "user_id");

            migrationBuilder.CreateIndex(
                name: "ix_user_logins_user_id",
                table: "user_logins",
                column: "user_id");

            migrationBuilder.CreateIndex(
                name: "ix_user_roles_role_id",
                table: "user_roles",
                column: "role_id");

            migrationBuilder.CreateIndex(
                name: "EmailIndex",
                table: "users",
                column: "normalized_email");

            migrationBuilder.CreateIndex(
                name: "UserNameIndex",
                table: "users",
                column: "normalized_user_name",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "api_token");

            migrationBuilder.DropTable(
                name: "audit_entries");

            migrationBuilder.DropTable(
                name: "background_jobs");

            migrationBuilder.DropTable(
                name: "data_protection_keys");

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

            migrationBuilder.DropTable(
                name: "notification");

            migrationBuilder.DropTable(
                name: "notification_preferences");

            migrationBuilder.DropTable(
                name: "organisation_settings");

            migrationBuilder.DropTable(
                name: "people_import_problems");

            migrationBuilder.DropTable(
                name: "role_claims");

            migrationBuilder.DropTable(
                name: "user_claims");

            migrationBuilder.DropTable(
                name: "user_logins");

            migrationBuilder.DropTable(
                name: "user_roles");

            migrationBuilder.DropTable(
                name: "user_tokens");

            migrationBuilder.DropTable(
                name: "people_imports");

            migrationBuilder.DropTable(
                name: "roles");

            migrationBuilder.DropTable(
                name: "people");

            migrationBuilder.DropTable(
                name: "org_units");

            migrationBuilder.DropTable(
                name: "users");
        }
    }
}
