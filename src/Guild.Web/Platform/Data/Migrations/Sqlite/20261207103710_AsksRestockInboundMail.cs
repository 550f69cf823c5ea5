using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Guild.Web.Platform.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class AsksRestockInboundMail : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "asks",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    title = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    body = table.Column<string>(type: "TEXT", maxLength: 20000, nullable: false),
                    body_html = table.Column<string>(type: "TEXT", maxLength: 60000, nullable: false),
                    author_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    anonymous = table.Column<bool>(type: "INTEGER", nullable: false),
                    blocking = table.Column<bool>(type: "INTEGER", nullable: false),
                    component_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    department_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    attachment_key = table.Column<string>(type: "TEXT", maxLength: 300, nullable: true),
                    attachment_name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    attachment_type = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    attachment_size = table.Column<long>(type: "INTEGER", nullable: true),
                    embedding = table.Column<byte[]>(type: "BLOB", nullable: true),
                    routing_round = table.Column<int>(type: "INTEGER", nullable: false),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false),
                    claimed_by_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    claimed_at = table.Column<long>(type: "INTEGER", nullable: true),
                    first_response_at = table.Column<long>(type: "INTEGER", nullable: true),
                    answered_at = table.Column<long>(type: "INTEGER", nullable: true),
                    solved_at = table.Column<long>(type: "INTEGER", nullable: true),
                    closed_at = table.Column<long>(type: "INTEGER", nullable: true),
                    nudged_at = table.Column<long>(type: "INTEGER", nullable: true),
                    first_response_minutes = table.Column<int>(type: "INTEGER", nullable: true),
                    solution_minutes = table.Column<int>(type: "INTEGER", nullable: true),
                    solved_same_day = table.Column<bool>(type: "INTEGER", nullable: true),
                    merged_into_id = table.Column<Guid>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_asks", x => x.id);
                    table.ForeignKey(
                        name: "fk_asks_asks_merged_into_id",
                        column: x => x.merged_into_id,
                        principalTable: "asks",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_asks_know_how_component_component_id",
                        column: x => x.component_id,
                        principalTable: "components",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_asks_person_author_id",
                        column: x => x.author_id,
                        principalTable: "people",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_asks_person_claimed_by_id",
                        column: x => x.claimed_by_id,
                        principalTable: "people",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "asks_solved_by_library",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    person_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    resource_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    question = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    component_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    department_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_asks_solved_by_library", x => x.id);
                    table.ForeignKey(
                        name: "fk_asks_solved_by_library_person_person_id",
                        column: x => x.person_id,
                        principalTable: "people",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "inbound_mails",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    received_at = table.Column<long>(type: "INTEGER", nullable: false),
                    channel = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    dedupe_key = table.Column<string>(type: "TEXT", maxLength: 300, nullable: true),
                    envelope_from = table.Column<string>(type: "TEXT", maxLength: 320, nullable: true),
                    envelope_to = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    from_address = table.Column<string>(type: "TEXT", maxLength: 320, nullable: true),
                    size = table.Column<long>(type: "INTEGER", nullable: false),
                    file_key = table.Column<string>(type: "TEXT", maxLength: 300, nullable: true),
                    status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    refusal = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    purpose = table.Column<string>(type: "TEXT", maxLength: 16, nullable: true),
                    subject_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    person_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    message_id = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    processed_at = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_inbound_mails", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "mail_reply_keys",
                columns: table => new
                {
                    id = table.Column<int>(type: "INTEGER", nullable: false),
                    protected_key = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_mail_reply_keys", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "person_working_hours",
                columns: table => new
                {
                    person_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    time_zone_id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    workday_start = table.Column<TimeOnly>(type: "TEXT", nullable: true),
                    workday_end = table.Column<TimeOnly>(type: "TEXT", nullable: true),
                    working_days = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    updated_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_person_working_hours", x => x.person_id);
                    table.ForeignKey(
                        name: "fk_person_working_hours_people_person_id",
                        column: x => x.person_id,
                        principalTable: "people",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "public_holidays",
                columns: table => new
                {
                    date = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_public_holidays", x => x.date);
                });

            migrationBuilder.CreateTable(
                name: "restock_requests",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    item_key = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    kind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    title = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    component_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    demand = table.Column<int>(type: "INTEGER", nullable: false),
                    champion_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    due_on = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    note = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    created_by_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false),
                    resource_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    done_at = table.Column<long>(type: "INTEGER", nullable: true),
                    cancelled_at = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_restock_requests", x => x.id);
                    table.ForeignKey(
                        name: "fk_restock_requests_people_champion_id",
                        column: x => x.champion_id,
                        principalTable: "people",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_restock_requests_people_created_by_id",
                        column: x => x.created_by_id,
                        principalTable: "people",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_restock_requests_resources_resource_id",
                        column: x => x.resource_id,
                        principalTable: "resources",
                        principalColumn: "id",
                        onDelete: ReferentialAction.SetNull);
                });

            migrationBuilder.CreateTable(
                name: "restock_search_groups",
                columns: table => new
                {
                    search_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    group_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    vector = table.Column<byte[]>(type: "BLOB", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_restock_search_groups", x => x.search_id);
                    table.ForeignKey(
                        name: "fk_restock_search_groups_unanswered_searches_search_id",
                        column: x => x.search_id,
                        principalTable: "unanswered_searches",
                        principalColumn: "search_id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ask_answers",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    ask_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    champion_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    markdown = table.Column<string>(type: "TEXT", maxLength: 20000, nullable: false),
                    html = table.Column<string>(type: "TEXT", maxLength: 60000, nullable: false),
                    resource_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    via = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false),
                    library_resource_id = table.Column<Guid>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_ask_answers", x => x.id);
                    table.ForeignKey(
                        name: "fk_ask_answers_ask_ask_id",
                        column: x => x.ask_id,
                        principalTable: "asks",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_ask_answers_person_champion_id",
                        column: x => x.champion_id,
                        principalTable: "people",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "ask_routings",
                columns: table => new
                {
                    ask_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    person_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    round = table.Column<int>(type: "INTEGER", nullable: false),
                    reason = table.Column<string>(type: "TEXT", maxLength: 24, nullable: false),
                    component_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    similarity = table.Column<float>(type: "REAL", nullable: true),
                    was_available = table.Column<bool>(type: "INTEGER", nullable: false),
                    open_claims = table.Column<int>(type: "INTEGER", nullable: false),
                    routed_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_ask_routings", x => new { x.ask_id, x.person_id });
                    table.ForeignKey(
                        name: "fk_ask_routings_asks_ask_id",
                        column: x => x.ask_id,
                        principalTable: "asks",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_ask_routings_person_person_id",
                        column: x => x.person_id,
                        principalTable: "people",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "ask_supporters",
                columns: table => new
                {
                    ask_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    person_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    me_too = table.Column<bool>(type: "INTEGER", nullable: false),
                    following = table.Column<bool>(type: "INTEGER", nullable: false),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_ask_supporters", x => new { x.ask_id, x.person_id });
                    table.ForeignKey(
                        name: "fk_ask_supporters_asks_ask_id",
                        column: x => x.ask_id,
                        principalTable: "asks",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_ask_supporters_person_person_id",
                        column: x => x.person_id,
                        principalTable: "people",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_ask_answers_ask_id",
                table: "ask_answers",
                column: "ask_id");

            migrationBuilder.CreateIndex(
                name: "ix_ask_answers_champion_id",
                table: "ask_answers",
                column: "champion_id");

            migrationBuilder.CreateIndex(
                name: "ix_ask_routings_person_id",
                table: "ask_routings",
                column: "person_id");

            migrationBuilder.CreateIndex(
                name: "ix_ask_supporters_person_id",
                table: "ask_supporters",
                column: "person_id");

            migrationBuilder.CreateIndex(
                name: "ix_asks_author_id_created_at",
                table: "asks",
                columns: new[] { "author_id", "created_at" });

            migrationBuilder.CreateIndex(
                name: "ix_asks_claimed_by_id_status",
                table: "asks",
                columns: new[] { "claimed_by_id", "status" });

            migrationBuilder.CreateIndex(
                name: "ix_asks_component_id_status",
                table: "asks",
                columns: new[] { "component_id", "status" });

            migrationBuilder.CreateIndex(
                name: "ix_asks_merged_into_id",
                table: "asks",
                column: "merged_into_id");

            migrationBuilder.CreateIndex(
                name: "ix_asks_status_created_at",
                table: "asks",
                columns: new[] { "status", "created_at" });

            migrationBuilder.CreateIndex(
                name: "ix_asks_solved_by_library_at",
                table: "asks_solved_by_library",
                column: "at");

            migrationBuilder.CreateIndex(
                name: "ix_asks_solved_by_library_person_id",
                table: "asks_solved_by_library",
                column: "person_id");

            migrationBuilder.CreateIndex(
                name: "ix_inbound_mails_dedupe_key",
                table: "inbound_mails",
                column: "dedupe_key",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_inbound_mails_from_address_received_at",
                table: "inbound_mails",
                columns: new[] { "from_address", "received_at" });

            migrationBuilder.CreateIndex(
                name: "ix_restock_requests_champion_id_status",
                table: "restock_requests",
                columns: new[] { "champion_id", "status" });

            migrationBuilder.CreateIndex(
                name: "ix_restock_requests_created_by_id",
                table: "restock_requests",
                column: "created_by_id");

            migrationBuilder.CreateIndex(
                name: "ix_restock_requests_item_key",
                table: "restock_requests",
                column: "item_key",
                unique: true,
                filter: "status = 'Open'");

            migrationBuilder.CreateIndex(
                name: "ix_restock_requests_item_key_done_at",
                table: "restock_requests",
                columns: new[] { "item_key", "done_at" });

            migrationBuilder.CreateIndex(
                name: "ix_restock_requests_resource_id",
                table: "restock_requests",
                column: "resource_id");

            migrationBuilder.CreateIndex(
                name: "ix_restock_search_groups_group_id",
                table: "restock_search_groups",
                column: "group_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ask_answers");

            migrationBuilder.DropTable(
                name: "ask_routings");

            migrationBuilder.DropTable(
                name: "ask_supporters");

            migrationBuilder.DropTable(
                name: "asks_solved_by_library");

            migrationBuilder.DropTable(
                name: "inbound_mails");

            migrationBuilder.DropTable(
                name: "mail_reply_keys");

            migrationBuilder.DropTable(
                name: "person_working_hours");

            migrationBuilder.DropTable(
                name: "public_holidays");

            migrationBuilder.DropTable(
                name: "restock_requests");

            migrationBuilder.DropTable(
                name: "restock_search_groups");

            migrationBuilder.DropTable(
                name: "asks");
        }
    }
}
