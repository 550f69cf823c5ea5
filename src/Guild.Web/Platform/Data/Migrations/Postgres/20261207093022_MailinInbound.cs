using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Guild.Web.Platform.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class MailinInbound : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "inbound_mails",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    received_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    channel = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: false),
                    dedupe_key = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: true),
                    envelope_from = table.Column<string>(type: "character varying(320)", maxLength: 320, nullable: true),
                    envelope_to = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    from_address = table.Column<string>(type: "character varying(320)", maxLength: 320, nullable: true),
                    size = table.Column<long>(type: "bigint", nullable: false),
                    file_key = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: true),
                    status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    refusal = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    purpose = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    subject_id = table.Column<Guid>(type: "uuid", nullable: true),
                    person_id = table.Column<Guid>(type: "uuid", nullable: true),
                    message_id = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    processed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_inbound_mails", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "mail_reply_keys",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false),
                    protected_key = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_mail_reply_keys", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_inbound_mails_dedupe_key",
                table: "inbound_mails",
                column: "dedupe_key",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_inbound_mails_from_address_received_at",
                table: "inbound_mails",
                columns: new[] { "from_address", "received_at" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "inbound_mails");

            migrationBuilder.DropTable(
                name: "mail_reply_keys");
        }
    }
}
