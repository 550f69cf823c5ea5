using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Guild.Web.Platform.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Expertise : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "ask_me_about",
                columns: table => new
                {
                    person_id = table.Column<Guid>(type: "uuid", nullable: false),
                    key = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    text = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    position = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_ask_me_about", x => new { x.person_id, x.key });
                    table.ForeignKey(
                        name: "fk_ask_me_about_person_person_id",
                        column: x => x.person_id,
                        principalTable: "people",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "availability",
                columns: table => new
                {
                    person_id = table.Column<Guid>(type: "uuid", nullable: false),
                    away_until = table.Column<DateOnly>(type: "date", nullable: true),
                    hours_per_month = table.Column<int>(type: "integer", nullable: true),
                    note = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_availability", x => x.person_id);
                    table.CheckConstraint("ck_availability_hours", "hours_per_month IS NULL OR hours_per_month BETWEEN 0 AND 160");
                    table.ForeignKey(
                        name: "fk_availability_person_person_id",
                        column: x => x.person_id,
                        principalTable: "people",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "capabilities",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    name = table.Column<string>(type: "character varying(150)", maxLength: 150, nullable: false),
                    name_key = table.Column<string>(type: "character varying(150)", maxLength: 150, nullable: false),
                    description = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    owner_id = table.Column<Guid>(type: "uuid", nullable: true),
                    position = table.Column<int>(type: "integer", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    archived_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_capabilities", x => x.id);
                    table.ForeignKey(
                        name: "fk_capabilities_person_owner_id",
                        column: x => x.owner_id,
                        principalTable: "people",
                        principalColumn: "id",
                        onDelete: ReferentialAction.SetNull);
                });

            migrationBuilder.CreateTable(
                name: "champion_onboarding",
                columns: table => new
                {
                    person_id = table.Column<Guid>(type: "uuid", nullable: false),
                    step = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_champion_onboarding", x => new { x.person_id, x.step });
                    table.ForeignKey(
                        name: "fk_champion_onboarding_person_person_id",
                        column: x => x.person_id,
                        principalTable: "people",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "skills",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    name_key = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_skills", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "teams",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    name = table.Column<string>(type: "character varying(150)", maxLength: 150, nullable: false),
                    purpose = table.Column<string>(type: "character varying(10000)", maxLength: 10000, nullable: false),
                    proposer_id = table.Column<Guid>(type: "uuid", nullable: false),
                    ends_on = table.Column<DateOnly>(type: "date", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    invited_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_teams", x => x.id);
                    table.ForeignKey(
                        name: "fk_teams_person_proposer_id",
                        column: x => x.proposer_id,
                        principalTable: "people",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "champion_calls",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    title = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    message = table.Column<string>(type: "character varying(20000)", maxLength: 20000, nullable: false),
                    capability_id = table.Column<Guid>(type: "uuid", nullable: false),
                    audience = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    closes_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    created_by_id = table.Column<Guid>(type: "uuid", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    sent_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    closed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_champion_calls", x => x.id);
                    table.ForeignKey(
                        name: "fk_champion_calls_capability_capability_id",
                        column: x => x.capability_id,
                        principalTable: "capabilities",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "components",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    capability_id = table.Column<Guid>(type: "uuid", nullable: false),
                    parent_id = table.Column<Guid>(type: "uuid", nullable: true),
                    depth = table.Column<int>(type: "integer", nullable: false),
                    name = table.Column<string>(type: "character varying(150)", maxLength: 150, nullable: false),
                    name_key = table.Column<string>(type: "character varying(150)", maxLength: 150, nullable: false),
                    description = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    owner_id = table.Column<Guid>(type: "uuid", nullable: true),
                    position = table.Column<int>(type: "integer", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    archived_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    merged_into_id = table.Column<Guid>(type: "uuid", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_components", x => x.id);
                    table.CheckConstraint("ck_components_depth", "depth BETWEEN 1 AND 3");
                    table.ForeignKey(
                        name: "fk_components_capabilities_capability_id",
                        column: x => x.capability_id,
                        principalTable: "capabilities",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_components_components_merged_into_id",
                        column: x => x.merged_into_id,
                        principalTable: "components",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_components_components_parent_id",
                        column: x => x.parent_id,
                        principalTable: "components",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_components_person_owner_id",
                        column: x => x.owner_id,
                        principalTable: "people",
                        principalColumn: "id",
                        onDelete: ReferentialAction.SetNull);
                });

            migrationBuilder.CreateTable(
                name: "endorsements",
                columns: table => new
                {
                    endorser_id = table.Column<Guid>(type: "uuid", nullable: false),
                    person_id = table.Column<Guid>(type: "uuid", nullable: false),
                    skill_id = table.Column<Guid>(type: "uuid", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_endorsements", x => new { x.person_id, x.skill_id, x.endorser_id });
                    table.CheckConstraint("ck_endorsements_not_self", "endorser_id <> person_id");
                    table.ForeignKey(
                        name: "fk_endorsements_person_endorser_id",
                        column: x => x.endorser_id,
                        principalTable: "people",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_endorsements_person_person_id",
                        column: x => x.person_id,
                        principalTable: "people",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_endorsements_skills_skill_id",
                        column: x => x.skill_id,
                        principalTable: "skills",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "person_skills",
                columns: table => new
                {
                    person_id = table.Column<Guid>(type: "uuid", nullable: false),
                    skill_id = table.Column<Guid>(type: "uuid", nullable: false),
                    level = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_person_skills", x => new { x.person_id, x.skill_id });
                    table.ForeignKey(
                        name: "fk_person_skills_person_person_id",
                        column: x => x.person_id,
                        principalTable: "people",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_person_skills_skills_skill_id",
                        column: x => x.skill_id,
                        principalTable: "skills",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "team_members",
                columns: table => new
                {
                    team_id = table.Column<Guid>(type: "uuid", nullable: false),
                    person_id = table.Column<Guid>(type: "uuid", nullable: false),
                    status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    reason = table.Column<string>(type: "jsonb", maxLength: 4000, nullable: true),
                    invited_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    responded_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_team_members", x => new { x.team_id, x.person_id });
                    table.ForeignKey(
                        name: "fk_team_members_person_person_id",
                        column: x => x.person_id,
                        principalTable: "people",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_team_members_teams_team_id",
                        column: x => x.team_id,
                        principalTable: "teams",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "champion_call_org_units",
                columns: table => new
                {
                    call_id = table.Column<Guid>(type: "uuid", nullable: false),
                    org_unit_id = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_champion_call_org_units", x => new { x.call_id, x.org_unit_id });
                    table.ForeignKey(
                        name: "fk_champion_call_org_units_champion_call_call_id",
                        column: x => x.call_id,
                        principalTable: "champion_calls",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_champion_call_org_units_org_unit_org_unit_id",
                        column: x => x.org_unit_id,
                        principalTable: "org_units",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "champion_call_recipients",
                columns: table => new
                {
                    call_id = table.Column<Guid>(type: "uuid", nullable: false),
                    person_id = table.Column<Guid>(type: "uuid", nullable: false),
                    answered_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    dismissed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    reminders = table.Column<int>(type: "integer", nullable: false),
                    last_reminded_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_champion_call_recipients", x => new { x.call_id, x.person_id });
                    table.ForeignKey(
                        name: "fk_champion_call_recipients_champion_call_call_id",
                        column: x => x.call_id,
                        principalTable: "champion_calls",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_champion_call_recipients_person_person_id",
                        column: x => x.person_id,
                        principalTable: "people",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "volunteerings",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    call_id = table.Column<Guid>(type: "uuid", nullable: false),
                    person_id = table.Column<Guid>(type: "uuid", nullable: false),
                    hours_per_month = table.Column<int>(type: "integer", nullable: false),
                    formats = table.Column<int>(type: "integer", nullable: false),
                    note = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    answered_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_volunteerings", x => x.id);
                    table.CheckConstraint("ck_volunteerings_hours", "hours_per_month BETWEEN 0 AND 160");
                    table.ForeignKey(
                        name: "fk_volunteerings_champion_calls_call_id",
                        column: x => x.call_id,
                        principalTable: "champion_calls",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_volunteerings_person_person_id",
                        column: x => x.person_id,
                        principalTable: "people",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "champion_call_components",
                columns: table => new
                {
                    call_id = table.Column<Guid>(type: "uuid", nullable: false),
                    component_id = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_champion_call_components", x => new { x.call_id, x.component_id });
                    table.ForeignKey(
                        name: "fk_champion_call_components_champion_call_call_id",
                        column: x => x.call_id,
                        principalTable: "champion_calls",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_champion_call_components_know_how_component_component_id",
                        column: x => x.component_id,
                        principalTable: "components",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "component_champions",
                columns: table => new
                {
                    person_id = table.Column<Guid>(type: "uuid", nullable: false),
                    component_id = table.Column<Guid>(type: "uuid", nullable: false),
                    level = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    since = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    approved_by_id = table.Column<Guid>(type: "uuid", nullable: true),
                    call_id = table.Column<Guid>(type: "uuid", nullable: true),
                    ended_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_component_champions", x => new { x.person_id, x.component_id });
                    table.ForeignKey(
                        name: "fk_component_champions_champion_calls_call_id",
                        column: x => x.call_id,
                        principalTable: "champion_calls",
                        principalColumn: "id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "fk_component_champions_know_how_component_component_id",
                        column: x => x.component_id,
                        principalTable: "components",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_component_champions_person_person_id",
                        column: x => x.person_id,
                        principalTable: "people",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "component_skills",
                columns: table => new
                {
                    component_id = table.Column<Guid>(type: "uuid", nullable: false),
                    skill_id = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_component_skills", x => new { x.component_id, x.skill_id });
                    table.ForeignKey(
                        name: "fk_component_skills_know_how_component_component_id",
                        column: x => x.component_id,
                        principalTable: "components",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_component_skills_skill_skill_id",
                        column: x => x.skill_id,
                        principalTable: "skills",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "team_components",
                columns: table => new
                {
                    team_id = table.Column<Guid>(type: "uuid", nullable: false),
                    component_id = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_team_components", x => new { x.team_id, x.component_id });
                    table.ForeignKey(
                        name: "fk_team_components_components_component_id",
                        column: x => x.component_id,
                        principalTable: "components",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_team_components_teams_team_id",
                        column: x => x.team_id,
                        principalTable: "teams",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "volunteered_components",
                columns: table => new
                {
                    volunteering_id = table.Column<Guid>(type: "uuid", nullable: false),
                    component_id = table.Column<Guid>(type: "uuid", nullable: false),
                    level = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    decision = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    decided_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    decided_by_id = table.Column<Guid>(type: "uuid", nullable: true),
                    decision_message = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_volunteered_components", x => new { x.volunteering_id, x.component_id });
                    table.ForeignKey(
                        name: "fk_volunteered_components_know_how_component_component_id",
                        column: x => x.component_id,
                        principalTable: "components",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_volunteered_components_volunteering_volunteering_id",
                        column: x => x.volunteering_id,
                        principalTable: "volunteerings",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_ask_me_about_key",
                table: "ask_me_about",
                column: "key")
                .Annotation("Npgsql:IndexOperators", new[] { "text_pattern_ops" });

            migrationBuilder.CreateIndex(
                name: "ix_capabilities_name_key",
                table: "capabilities",
                column: "name_key",
                unique: true,
                filter: "archived_at IS NULL");

            migrationBuilder.CreateIndex(
                name: "ix_capabilities_owner_id",
                table: "capabilities",
                column: "owner_id");

            migrationBuilder.CreateIndex(
                name: "ix_capabilities_position",
                table: "capabilities",
                column: "position");

            migrationBuilder.CreateIndex(
                name: "ix_champion_call_components_component_id",
                table: "champion_call_components",
                column: "component_id");

            migrationBuilder.CreateIndex(
                name: "ix_champion_call_org_units_org_unit_id",
                table: "champion_call_org_units",
                column: "org_unit_id");

            migrationBuilder.CreateIndex(
                name: "ix_champion_call_recipients_person_id",
                table: "champion_call_recipients",
                column: "person_id",
                filter: "answered_at IS NULL AND dismissed_at IS NULL");

            migrationBuilder.CreateIndex(
                name: "ix_champion_calls_capability_id",
                table: "champion_calls",
                column: "capability_id");

            migrationBuilder.CreateIndex(
                name: "ix_champion_calls_sent_at_closes_at",
                table: "champion_calls",
                columns: new[] { "sent_at", "closes_at" });

            migrationBuilder.CreateIndex(
                name: "ix_component_champions_call_id",
                table: "component_champions",
                column: "call_id");

            migrationBuilder.CreateIndex(
                name: "ix_component_champions_component_id_person_id",
                table: "component_champions",
                columns: new[] { "component_id", "person_id" },
                filter: "ended_at IS NULL");

            migrationBuilder.CreateIndex(
                name: "ix_component_skills_skill_id",
                table: "component_skills",
                column: "skill_id");

            migrationBuilder.CreateIndex(
                name: "ix_components_capability_id_name_key",
                table: "components",
                columns: new[] { "capability_id", "name_key" },
                unique: true,
                filter: "archived_at IS NULL AND parent_id IS NULL");

            migrationBuilder.CreateIndex(
                name: "ix_components_capability_id_parent_id_position",
                table: "components",
                columns: new[] { "capability_id", "parent_id", "position" });

            migrationBuilder.CreateIndex(
                name: "ix_components_merged_into_id",
                table: "components",
                column: "merged_into_id");

            migrationBuilder.CreateIndex(
                name: "ix_components_owner_id",
                table: "components",
                column: "owner_id");

            migrationBuilder.CreateIndex(
                name: "ix_components_parent_id",
                table: "components",
                column: "parent_id");

            migrationBuilder.CreateIndex(
                name: "ix_components_parent_id_name_key",
                table: "components",
                columns: new[] { "parent_id", "name_key" },
                unique: true,
                filter: "archived_at IS NULL AND parent_id IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_endorsements_endorser_id",
                table: "endorsements",
                column: "endorser_id");

            migrationBuilder.CreateIndex(
                name: "ix_endorsements_skill_id",
                table: "endorsements",
                column: "skill_id");

            migrationBuilder.CreateIndex(
                name: "ix_person_skills_skill_id_level_person_id",
                table: "person_skills",
                columns: new[] { "skill_id", "level", "person_id" });

            migrationBuilder.CreateIndex(
                name: "ix_skills_name_key",
                table: "skills",
                column: "name_key",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_skills_name_key1",
                table: "skills",
                column: "name_key")
                .Annotation("Npgsql:IndexOperators", new[] { "text_pattern_ops" });

            migrationBuilder.CreateIndex(
                name: "ix_team_components_component_id",
                table: "team_components",
                column: "component_id");

            migrationBuilder.CreateIndex(
                name: "ix_team_members_person_id_status",
                table: "team_members",
                columns: new[] { "person_id", "status" });

            migrationBuilder.CreateIndex(
                name: "ix_teams_proposer_id",
                table: "teams",
                column: "proposer_id");

            migrationBuilder.CreateIndex(
                name: "ix_volunteered_components_component_id",
                table: "volunteered_components",
                column: "component_id");

            migrationBuilder.CreateIndex(
                name: "ix_volunteered_components_decision_component_id",
                table: "volunteered_components",
                columns: new[] { "decision", "component_id" });

            migrationBuilder.CreateIndex(
                name: "ix_volunteerings_call_id_person_id",
                table: "volunteerings",
                columns: new[] { "call_id", "person_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_volunteerings_person_id",
                table: "volunteerings",
                column: "person_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ask_me_about");

            migrationBuilder.DropTable(
                name: "availability");

            migrationBuilder.DropTable(
                name: "champion_call_components");

            migrationBuilder.DropTable(
                name: "champion_call_org_units");

            migrationBuilder.DropTable(
                name: "champion_call_recipients");

            migrationBuilder.DropTable(
                name: "champion_onboarding");

            migrationBuilder.DropTable(
                name: "component_champions");

            migrationBuilder.DropTable(
                name: "component_skills");

            migrationBuilder.DropTable(
                name: "endorsements");

            migrationBuilder.DropTable(
                name: "person_skills");

            migrationBuilder.DropTable(
                name: "team_components");

            migrationBuilder.DropTable(
                name: "team_members");

            migrationBuilder.DropTable(
                name: "volunteered_components");

            migrationBuilder.DropTable(
                name: "skills");

            migrationBuilder.DropTable(
                name: "teams");

            migrationBuilder.DropTable(
                name: "components");

            migrationBuilder.DropTable(
                name: "volunteerings");

            migrationBuilder.DropTable(
                name: "champion_calls");

            migrationBuilder.DropTable(
                name: "capabilities");
        }
    }
}
