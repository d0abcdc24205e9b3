using System.Data;
using FluentMigrator;

namespace Vinculo.Core.Storage.Migrations;

/// <summary>
/// Service desk: business-hours calendars, SLA policies, teams and their agents, case types, cases with their persisted SLA
/// clocks and full history, notifications, job leases; the customer's tier and segment (they pick SLA policies and order
/// queues).
/// </summary>
[Migration(2026_11_23_0005, "Service desk: calendars, SLA policies, teams, cases, case events, notifications")]
public sealed class M0005_ServiceDesk(DatabaseSettings settings) : VinculoMigration(settings)
{
    // The statuses a queue shows (new, open, pending customer, pending internal, reopened): see CaseWorkflow.IsActive.
    private const string Active = "is_active";

    public override void Up()
    {
        Alter.Table("customers")
            .AddColumn("tier").AsString().Nullable()
            .AddColumn("segment").AsString().Nullable();

        var calendars = Create.Table("service_calendars")
            .WithColumn("id").AsInt64().PrimaryKey().Identity()
            .WithColumn("name").AsString().NotNullable().Unique("ux_service_calendars_name")
            .WithColumn("time_zone").AsString().NotNullable()
            .WithColumn("definition").AsString().NotNullable();
        Timestamp(calendars.WithColumn("created_at")).NotNullable();
        Timestamp(calendars.WithColumn("updated_at")).NotNullable()
            .WithColumn("version").AsInt64().NotNullable();

        var policies = Create.Table("service_policies")
            .WithColumn("id").AsInt64().PrimaryKey().Identity()
            .WithColumn("name").AsString().NotNullable()
            .WithColumn("scope").AsInt32().NotNullable()
            .WithColumn("scope_key").AsString().Nullable()
            .WithColumn("calendar_id").AsInt64().NotNullable().ForeignKey("fk_service_policies_calendar", "service_calendars", "id").OnDelete(Rule.None)
            .WithColumn("warning_share").AsDouble().NotNullable()
            .WithColumn("targets").AsString().NotNullable()
            .WithColumn("escalations").AsString().NotNullable()
            .WithColumn("active").AsBoolean().NotNullable();
        Timestamp(policies.WithColumn("created_at")).NotNullable();
        Timestamp(policies.WithColumn("updated_at")).NotNullable()
            .WithColumn("version").AsInt64().NotNullable();
        Create.Index("ix_service_policies_calendar").OnTable("service_policies").OnColumn("calendar_id");

        var teams = Create.Table("teams")
            .WithColumn("id").AsInt64().PrimaryKey().Identity()
            .WithColumn("name").AsString().NotNullable().Unique("ux_teams_name")
            .WithColumn("description").AsString().Nullable()
            .WithColumn("strategy").AsInt32().Nullable()
            .WithColumn("supervisor_id").AsString().Nullable().ForeignKey("fk_teams_supervisor", "users", "id").OnDelete(Rule.SetNull);
        Timestamp(teams.WithColumn("created_at")).NotNullable();
        Timestamp(teams.WithColumn("updated_at")).NotNullable()
            .WithColumn("version").AsInt64().NotNullable();

        var members = Create.Table("team_members")
            .WithColumn("team_id").AsInt64().PrimaryKey().ForeignKey("fk_team_members_team", "teams", "id").OnDelete(Rule.Cascade)
            .WithColumn("user_id").AsString().PrimaryKey().ForeignKey("fk_team_members_user", "users", "id").OnDelete(Rule.Cascade)
            .WithColumn("skills").AsString().NotNullable()
            .WithColumn("available").AsBoolean().NotNullable();
        Timestamp(members.WithColumn("last_assigned_at")).Nullable();
        Create.Index("ix_team_members_user").OnTable("team_members").OnColumn("user_id");

        Create.Table("case_types")
            .WithColumn("code").AsString().PrimaryKey()
            .WithColumn("name_es").AsString().NotNullable()
            .WithColumn("name_en").AsString().NotNullable()
            .WithColumn("built_in").AsBoolean().NotNullable()
            .WithColumn("active").AsBoolean().NotNullable()
            .WithColumn("skills").AsString().NotNullable();
        foreach (var (code, es, en) in new[]
                 {
                     ("question", "Consulta", "Question"), ("complaint", "Reclamación", "Complaint"),
                     ("incident", "Incidencia", "Incident"), ("return", "Devolución", "Return"),
                     ("warranty", "Garantía", "Warranty"), ("request", "Solicitud", "Request"),
                 })
        {
            Insert.IntoTable("case_types").Row(new { code, name_es = es, name_en = en, built_in = true, active = true, skills = "" });
        }

        CreateCases();

        var notifications = Create.Table("notifications")
            .WithColumn("id").AsInt64().PrimaryKey().Identity()
            .WithColumn("user_id").AsString().NotNullable().ForeignKey("fk_notifications_user", "users", "id").OnDelete(Rule.Cascade)
            .WithColumn("case_id").AsInt64().Nullable().ForeignKey("fk_notifications_case", "cases", "id").OnDelete(Rule.Cascade)
            .WithColumn("kind").AsInt32().NotNullable()
            .WithColumn("data").AsString().NotNullable();
        Timestamp(notifications.WithColumn("created_at")).NotNullable();
        Timestamp(notifications.WithColumn("read_at")).Nullable();
        Create.Index("ix_notifications_user").OnTable("notifications").OnColumn("user_id").Ascending().OnColumn("id").Descending();
        Create.Index("ix_notifications_case").OnTable("notifications").OnColumn("case_id");

        var leases = Create.Table("job_leases")
            .WithColumn("name").AsString().PrimaryKey()
            .WithColumn("holder").AsString().NotNullable();
        Timestamp(leases.WithColumn("expires_at")).NotNullable();
    }

    private void CreateCases()
    {
        var cases = Create.Table("cases")
            .WithColumn("id").AsInt64().PrimaryKey().Identity()
            .WithColumn("customer_id").AsInt64().NotNullable().ForeignKey("fk_cases_customer", "customers", "id").OnDelete(Rule.Cascade)
            .WithColumn("contact_person_id").AsInt64().Nullable().ForeignKey("fk_cases_contact", "contact_persons", "id").OnDelete(Rule.SetNull)
            .WithColumn("type").AsString().NotNullable()
            .WithColumn("channel").AsInt32().NotNullable()
            .WithColumn("subject").AsString().NotNullable()
            .WithColumn("description").AsString().Nullable()
            .WithColumn("priority").AsInt32().NotNullable()
            .WithColumn("status").AsInt32().NotNullable()
            .WithColumn("is_active").AsBoolean().NotNullable()
            .WithColumn("team_id").AsInt64().Nullable().ForeignKey("fk_cases_team", "teams", "id").OnDelete(Rule.SetNull)
            .WithColumn("assignee_id").AsString().Nullable().ForeignKey("fk_cases_assignee", "users", "id").OnDelete(Rule.SetNull)
            .WithColumn("order_id").AsInt64().Nullable().ForeignKey("fk_cases_order", "orders", "id").OnDelete(Rule.SetNull)
            .WithColumn("invoice_id").AsInt64().Nullable().ForeignKey("fk_cases_invoice", "invoices", "id").OnDelete(Rule.SetNull)
            .WithColumn("contract_id").AsInt64().Nullable().ForeignKey("fk_cases_contract", "contracts", "id").OnDelete(Rule.SetNull)
            .WithColumn("customer_rank").AsInt32().NotNullable()
            .WithColumn("created_by_id").AsString().Nullable();
        Timestamp(cases.WithColumn("created_at")).NotNullable();
        Timestamp(cases.WithColumn("updated_at")).NotNullable();
        Timestamp(cases.WithColumn("last_event_at")).NotNullable();
        Timestamp(cases.WithColumn("resolved_at")).Nullable();
        Timestamp(cases.WithColumn("closed_at")).Nullable()
            .WithColumn("version").AsInt64().NotNullable();
        foreach (var t in new[] { "fr", "nr", "res" })
        {
            cases.WithColumn($"{t}_state").AsInt32().NotNullable()
                .WithColumn($"{t}_policy_id").AsInt64().Nullable();
            Timestamp(cases.WithColumn($"{t}_due_at")).Nullable();
            Timestamp(cases.WithColumn($"{t}_warning_at")).Nullable()
                .WithColumn($"{t}_elapsed_seconds").AsInt64().NotNullable()
                .WithColumn($"{t}_paused_seconds").AsInt64().NotNullable();
            Timestamp(cases.WithColumn($"{t}_met_at")).Nullable();
            Timestamp(cases.WithColumn($"{t}_breached_at")).Nullable()
                .WithColumn($"{t}_warned").AsInt32().NotNullable()
                .WithColumn($"{t}_breach_fired").AsInt32().NotNullable();
        }

        cases.WithColumn("nr_cycles").AsInt32().NotNullable()
            .WithColumn("nr_breached_cycles").AsInt32().NotNullable();
        Timestamp(cases.WithColumn("sla_due_at")).Nullable();
        Timestamp(cases.WithColumn("queue_due_at")).NotNullable();
        Timestamp(cases.WithColumn("alarm_at")).Nullable();

        // Queues (mine, a team's, unassigned, all) list active cases in QueueOrder: customer rank and priority highest first,
        // nearest due time, oldest, id. Each view is one range of one partial index, so the page and its count never
        // touch inactive cases. The assignee index leaves unassigned cases out (assignee_id = x implies NOT NULL), so
        // planners, whose statistics cannot tell how many cases are unassigned, never take it for an unassigned queue.
        Execute.Sql($"""
            CREATE INDEX ix_cases_queue_assignee ON cases (assignee_id, customer_rank DESC, priority DESC, queue_due_at, created_at, id) WHERE {Active} AND assignee_id IS NOT NULL;
            CREATE INDEX ix_cases_queue_team ON cases (team_id, customer_rank DESC, priority DESC, queue_due_at, created_at, id) WHERE {Active};
            CREATE INDEX ix_cases_queue_unassigned ON cases (customer_rank DESC, priority DESC, queue_due_at, created_at, id) WHERE {Active} AND assignee_id IS NULL;
            CREATE INDEX ix_cases_queue_all ON cases (customer_rank DESC, priority DESC, queue_due_at, created_at, id) WHERE {Active};
            CREATE INDEX ix_cases_queue_team_unassigned ON cases (team_id, customer_rank DESC, priority DESC, queue_due_at, created_at, id) WHERE {Active} AND assignee_id IS NULL;
            CREATE INDEX ix_cases_alarm ON cases (alarm_at) WHERE alarm_at IS NOT NULL;
            CREATE INDEX ix_cases_sla_due ON cases (sla_due_at, id) WHERE {Active} AND sla_due_at IS NOT NULL;
            """);
        Create.Index("ix_cases_customer").OnTable("cases").OnColumn("customer_id").Ascending().OnColumn("created_at").Descending();
        Create.Index("ix_cases_created").OnTable("cases").OnColumn("created_at").Ascending().OnColumn("id").Ascending();

        Create.Table("case_tags")
            .WithColumn("case_id").AsInt64().PrimaryKey().ForeignKey("fk_case_tags_case", "cases", "id").OnDelete(Rule.Cascade)
            .WithColumn("tag").AsString().PrimaryKey();
        Create.Index("ix_case_tags_tag").OnTable("case_tags").OnColumn("tag").Ascending().OnColumn("case_id").Ascending();

        var events = Create.Table("case_events")
            .WithColumn("id").AsInt64().PrimaryKey().Identity()
            .WithColumn("case_id").AsInt64().NotNullable().ForeignKey("fk_case_events_case", "cases", "id").OnDelete(Rule.Cascade);
        Timestamp(events.WithColumn("occurred_at")).NotNullable();
        Timestamp(events.WithColumn("recorded_at")).NotNullable()
            .WithColumn("kind").AsInt32().NotNullable()
            .WithColumn("sla_kind").AsInt32().Nullable()
            .WithColumn("priority").AsInt32().Nullable()
            .WithColumn("actor_id").AsString().Nullable()
            .WithColumn("actor_name").AsString().Nullable()
            .WithColumn("body").AsString().Nullable()
            .WithColumn("data").AsString().Nullable()
            .WithColumn("interaction_id").AsInt64().Nullable().ForeignKey("fk_case_events_interaction", "interactions", "id").OnDelete(Rule.SetNull);
        // The history in order, and the clock's replay (events feeding the SLA) in order.
        Create.Index("ix_case_events_case").OnTable("case_events")
            .OnColumn("case_id").Ascending().OnColumn("occurred_at").Ascending().OnColumn("id").Ascending();
        Create.Index("ix_case_events_interaction").OnTable("case_events").OnColumn("interaction_id");
    }

    public override void Down()
    {
        foreach (var table in new[]
                 {
                     "job_leases", "notifications", "case_events", "case_tags", "cases", "case_types", "team_members", "teams",
                     "service_policies", "service_calendars",
                 })
        {
            Delete.Table(table);
        }

        Delete.Column("tier").FromTable("customers");
        Delete.Column("segment").FromTable("customers");
    }
}
