using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Guild.Web.Platform.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Community : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "community_spaces",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    slug = table.Column<string>(type: "TEXT", maxLength: 60, nullable: false),
                    name = table.Column<string>(type: "TEXT", maxLength: 120, nullable: false),
                    description = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    kind = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    reactions = table.Column<int>(type: "INTEGER", nullable: false),
                    allow_anonymous_questions = table.Column<bool>(type: "INTEGER", nullable: false),
                    is_innovators_network = table.Column<bool>(type: "INTEGER", nullable: false),
                    created_by_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false),
                    updated_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_community_spaces", x => x.id);
                    table.ForeignKey(
                        name: "fk_community_spaces_person_created_by_id",
                        column: x => x.created_by_id,
                        principalTable: "people",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "community_posts",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    space_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    thread_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    parent_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    depth = table.Column<int>(type: "INTEGER", nullable: false),
                    kind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    title = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    markdown = table.Column<string>(type: "TEXT", maxLength: 20000, nullable: false),
                    html = table.Column<string>(type: "TEXT", maxLength: 80000, nullable: false),
                    author_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    anonymous = table.Column<bool>(type: "INTEGER", nullable: false),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false),
                    edited_at = table.Column<long>(type: "INTEGER", nullable: true),
                    deleted_at = table.Column<long>(type: "INTEGER", nullable: true),
                    reference_title = table.Column<string>(type: "TEXT", maxLength: 300, nullable: true),
                    reference_link = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    reference_authors = table.Column<string>(type: "TEXT", maxLength: 300, nullable: true),
                    stage = table.Column<string>(type: "TEXT", maxLength: 8, nullable: true),
                    answer_id = table.Column<Guid>(type: "TEXT", nullable: true),
                    answered_at = table.Column<long>(type: "INTEGER", nullable: true),
                    first_acknowledged_at = table.Column<long>(type: "INTEGER", nullable: true),
                    first_acknowledged_by_moderator = table.Column<bool>(type: "INTEGER", nullable: true),
                    reply_count = table.Column<int>(type: "INTEGER", nullable: false),
                    last_activity_at = table.Column<long>(type: "INTEGER", nullable: false),
                    thanks_count = table.Column<int>(type: "INTEGER", nullable: false),
                    helpful_count = table.Column<int>(type: "INTEGER", nullable: false),
                    insightful_count = table.Column<int>(type: "INTEGER", nullable: false),
                    pinned = table.Column<bool>(type: "INTEGER", nullable: false),
                    locked = table.Column<bool>(type: "INTEGER", nullable: false),
                    hidden = table.Column<bool>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_community_posts", x => x.id);
                    table.ForeignKey(
                        name: "fk_community_posts_person_author_id",
                        column: x => x.author_id,
                        principalTable: "people",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_community_posts_space_space_id",
                        column: x => x.space_id,
                        principalTable: "community_spaces",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "community_space_components",
                columns: table => new
                {
                    space_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    component_id = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_community_space_components", x => new { x.space_id, x.component_id });
                    table.ForeignKey(
                        name: "fk_community_space_components_know_how_component_component_id",
                        column: x => x.component_id,
                        principalTable: "components",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_community_space_components_space_space_id",
                        column: x => x.space_id,
                        principalTable: "community_spaces",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "community_space_followers",
                columns: table => new
                {
                    space_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    person_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_community_space_followers", x => new { x.space_id, x.person_id });
                    table.ForeignKey(
                        name: "fk_community_space_followers_community_spaces_space_id",
                        column: x => x.space_id,
                        principalTable: "community_spaces",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_community_space_followers_person_person_id",
                        column: x => x.person_id,
                        principalTable: "people",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "community_space_members",
                columns: table => new
                {
                    space_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    person_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    status = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    is_moderator = table.Column<bool>(type: "INTEGER", nullable: false),
                    request_message = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    decision_message = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false),
                    joined_at = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_community_space_members", x => new { x.space_id, x.person_id });
                    table.ForeignKey(
                        name: "fk_community_space_members_community_spaces_space_id",
                        column: x => x.space_id,
                        principalTable: "community_spaces",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_community_space_members_person_person_id",
                        column: x => x.person_id,
                        principalTable: "people",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "community_idea_trials",
                columns: table => new
                {
                    thread_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    person_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    note = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_community_idea_trials", x => new { x.thread_id, x.person_id });
                    table.ForeignKey(
                        name: "fk_community_idea_trials_person_person_id",
                        column: x => x.person_id,
                        principalTable: "people",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_community_idea_trials_post_thread_id",
                        column: x => x.thread_id,
                        principalTable: "community_posts",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "community_reactions",
                columns: table => new
                {
                    post_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    person_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    kind = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_community_reactions", x => new { x.post_id, x.person_id, x.kind });
                    table.ForeignKey(
                        name: "fk_community_reactions_community_posts_post_id",
                        column: x => x.post_id,
                        principalTable: "community_posts",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_community_reactions_person_person_id",
                        column: x => x.person_id,
                        principalTable: "people",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "community_thread_followers",
                columns: table => new
                {
                    thread_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    person_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_community_thread_followers", x => new { x.thread_id, x.person_id });
                    table.ForeignKey(
                        name: "fk_community_thread_followers_community_posts_thread_id",
                        column: x => x.thread_id,
                        principalTable: "community_posts",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_community_thread_followers_person_person_id",
                        column: x => x.person_id,
                        principalTable: "people",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_community_idea_trials_person_id",
                table: "community_idea_trials",
                column: "person_id");

            migrationBuilder.CreateIndex(
                name: "ix_community_posts_author_id",
                table: "community_posts",
                column: "author_id");

            migrationBuilder.CreateIndex(
                name: "ix_community_posts_space_id_created_at",
                table: "community_posts",
                columns: new[] { "space_id", "created_at" });

            migrationBuilder.CreateIndex(
                name: "ix_community_posts_space_id_depth_last_activity_at",
                table: "community_posts",
                columns: new[] { "space_id", "depth", "last_activity_at" });

            migrationBuilder.CreateIndex(
                name: "ix_community_posts_thread_id_created_at",
                table: "community_posts",
                columns: new[] { "thread_id", "created_at" });

            migrationBuilder.CreateIndex(
                name: "ix_community_reactions_person_id",
                table: "community_reactions",
                column: "person_id");

            migrationBuilder.CreateIndex(
                name: "ix_community_space_components_component_id",
                table: "community_space_components",
                column: "component_id");

            migrationBuilder.CreateIndex(
                name: "ix_community_space_followers_person_id",
                table: "community_space_followers",
                column: "person_id");

            migrationBuilder.CreateIndex(
                name: "ix_community_space_members_person_id_status",
                table: "community_space_members",
                columns: new[] { "person_id", "status" });

            migrationBuilder.CreateIndex(
                name: "ix_community_spaces_created_by_id",
                table: "community_spaces",
                column: "created_by_id");

            migrationBuilder.CreateIndex(
                name: "ix_community_spaces_slug",
                table: "community_spaces",
                column: "slug",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_community_thread_followers_person_id",
                table: "community_thread_followers",
                column: "person_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "community_idea_trials");

            migrationBuilder.DropTable(
                name: "community_reactions");

            migrationBuilder.DropTable(
                name: "community_space_components");

            migrationBuilder.DropTable(
                name: "community_space_followers");

            migrationBuilder.DropTable(
                name: "community_space_members");

            migrationBuilder.DropTable(
                name: "community_thread_followers");

            migrationBuilder.DropTable(
                name: "community_posts");

            migrationBuilder.DropTable(
                name: "community_spaces");
        }
    }
}
