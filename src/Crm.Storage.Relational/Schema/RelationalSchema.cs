using static Crm.Storage.Relational.RelationalType;

namespace Crm.Storage.Relational.Schema;

/// <summary>
/// The schema of every package, defined once and rendered by each dialect: amounts in minor units of the programme's
/// currency, instants as Unix ticks (100 ns), ids as keys compared ordinally. Forward-only: never edit a shipped
/// migration, add one. Each package owns a range of versions.
/// </summary>
internal static class RelationalSchema
{
    /// <summary>Every migration, in version order.</summary>
    public static readonly IReadOnlyList<Migration> Migrations =
    [
        new(1, "customers, activity journal and customer metrics",
        [
            new CreateTable("crm_customers",
            [
                new("customer_id", Key), new("version", Integer), new("joined_at", Integer), new("home_store_id", Text, true), new("time_zone", Text, true),
                new("birthday", Text, true), new("name", Text, true), new("phone", Text, true), new("email", Text, true), new("consents", Integer),
                new("tags", Text), new("erased_at", Integer, true),
            ], ["customer_id"]),
            new CreateTable("crm_customer_metrics",
            [
                new("customer_id", Key), new("version", Integer), new("first_purchase_at", Integer, true), new("last_purchase_at", Integer, true),
                new("purchase_count", Integer), new("refund_count", Integer), new("net_spend_minor", Integer),
            ], ["customer_id"]),
            new CreateTable("crm_customer_categories", [new("customer_id", Key), new("category", Key), new("net_spend_minor", Integer)], ["customer_id", "category"]),
            new CreateTable("crm_customer_months", [new("customer_id", Key), new("month", Integer), new("purchase_count", Integer), new("net_spend_minor", Integer)], ["customer_id", "month"]),
            new CreateTable("crm_activity_entries",
            [
                new("kind", Integer), new("entry_id", Key), new("customer_id", Key), new("sequence", Integer), new("purchase_id", Key), new("occurred_at", Integer),
                new("purchased_at", Integer), new("purchase_month", Integer), new("store_id", Text), new("channel", Integer), new("amount_minor", Integer), new("recorded_at", Integer),
            ], ["kind", "entry_id"], [["customer_id", "sequence"]]),
            new CreateIndex("ix_crm_activity_entries_purchase", "crm_activity_entries", "purchase_id, kind, sequence"),

            // Window totals and cadence read a customer's entries by time.
            new CreateIndex("ix_crm_activity_entries_time", "crm_activity_entries", "customer_id, purchased_at"),
            new CreateTable("crm_activity_lines",
            [
                new("kind", Integer), new("entry_id", Key), new("line_no", Integer), new("line_id", Text), new("sku", Text), new("category", Key),
                new("quantity", Text), new("amount_minor", Integer),
            ], ["kind", "entry_id", "line_no"]),
        ]),
        new(2, "membership: member tier records, tier history, benefit grants",
        [
            new CreateTable("crm_members",
            [
                new("customer_id", Key), new("version", Integer), new("tier", Text), new("reached_at", Integer), new("review_at", Integer, true), new("grace_until", Integer, true),
                new("override_tier", Text, true), new("override_reason", Text, true), new("override_operator", Text, true), new("override_expires_at", Integer, true),
            ], ["customer_id"]),
            new CreateTable("crm_member_history",
            [
                new("customer_id", Key), new("change_key", Key), new("saved_version", Integer), new("from_tier", Text, true), new("to_tier", Text),
                new("reason", Integer), new("occurred_at", Integer), new("explanation", Text),
            ], ["customer_id", "change_key"]),
            new CreateIndex("ix_crm_member_history_order", "crm_member_history", "customer_id, saved_version"),
            new CreateTable("crm_member_grants", [new("customer_id", Key), new("grant_key", Key), new("granted_at", Integer)], ["customer_id", "grant_key"]),
        ]),
        new(3, "activity: the content hash of each fact, which a replay must match",
        [
            new AddColumn("crm_activity_entries", new("content_hash", Text, true)),
        ]),
        new(4, "activity: the journal by purchase time, for population-wide reads of a period",
        [
            new CreateIndex("ix_crm_activity_entries_purchase_time", "crm_activity_entries", "purchased_at, purchase_id, kind, entry_id"),
        ]),
        new(10, "points: accounts, write keys, ledger entries, lots",
        [
            new CreateTable("crm_points_accounts",
            [
                new("customer_id", Key), new("version", Integer), new("entry_count", Integer), new("balance", Integer), new("lot_points", Integer), new("debt", Integer), new("counters", Text),
            ], ["customer_id"]),
            new CreateTable("crm_points_writes", [new("customer_id", Key), new("write_key", Key)], ["customer_id", "write_key"]),
            new CreateTable("crm_points_entries",
            [
                new("customer_id", Key), new("sequence", Integer), new("write_key", Key), new("kind", Integer), new("points", Integer), new("occurred_at", Integer),
                new("earned_at", Integer), new("reason", Text), new("operator_id", Text, true),
            ], ["customer_id", "sequence"]),
            new CreateIndex("ix_crm_points_entries_key", "crm_points_entries", "customer_id, write_key"),
            new CreateTable("crm_points_lots",
            [
                new("customer_id", Key), new("lot_id", Key), new("earned_at", Integer), new("available_at", Integer), new("expires_at", Integer, true), new("points", Integer),
                new("remaining", Integer), new("reversed", Integer), new("awarded", Integer), new("refunded_minor", Integer), new("expired", Integer),
            ], ["customer_id", "lot_id"]),
            new CreateIndex("ix_crm_points_lots_expiring", "crm_points_lots", "expires_at, customer_id", "remaining > 0"),
        ]),
        new(20, "coupons: issued coupons and per-template usage counters",
        [
            new CreateTable("crm_coupons",
            [
                new("coupon_id", Key), new("template_id", Key), new("customer_id", Key), new("status", Integer), new("version", Integer), new("reason", Integer),
                new("issue_key", Key), new("issued_at", Integer), new("valid_from", Integer), new("valid_to", Integer), new("reservation_key", Key, true),
                new("reserved_until", Integer, true), new("redemption_key", Key, true), new("redeemed_at", Integer, true),
            ], ["coupon_id"], [["issue_key"]]),
            new CreateIndex("ix_crm_coupons_customer", "crm_coupons", "customer_id, template_id, issued_at"),
            new CreateTable("crm_coupon_usage", [new("template_id", Key), new("issued", Integer), new("redeemed", Integer)], ["template_id"]),
        ]),
        new(21, "coupons: live reservations by template, counted against the redemption budget at checkout",
        [
            // Status 1 is CouponStatus.Reserved: the budget check counts a template's reservations not lapsed yet, so only those rows are indexed.
            new CreateIndex("ix_crm_coupons_reserved", "crm_coupons", "template_id, reserved_until", "status = 1"),
        ]),
        new(30, "segmentation: customer segment records, memberships, runs",
        [
            new CreateTable("crm_segment_customers",
            [
                new("customer_id", Key), new("version", Integer), new("run_id", Text), new("as_of", Integer), new("recency_days", Integer, true), new("frequency", Integer, true),
                new("monetary_minor", Integer, true), new("r", Integer, true), new("f", Integer, true), new("m", Integer, true), new("previous", Text),
            ], ["customer_id"]),
            new CreateTable("crm_segment_members",
            [
                new("segment", Key), new("customer_id", Key), new("slot", Integer), new("kind", Integer), new("explanation", Text),
            ], ["segment", "customer_id"]),
            new CreateIndex("ix_crm_segment_members_customer", "crm_segment_members", "customer_id, slot"),
            new CreateTable("crm_segment_runs",
            [
                new("run_id", Key), new("as_of", Integer), new("started_at", Integer), new("cursor_id", Key, true), new("customers", Integer), new("completed_at", Integer, true),
            ], ["run_id"]),
        ]),
        new(40, "churn: latest assessments, win-back episodes, feedback",
        [
            new CreateTable("crm_churn_assessments",
            [
                new("customer_id", Key), new("assessed_at", Integer), new("score", Real), new("level", Integer), new("probability_alive", Real, true),
                new("expected_if_retained", Real), new("future_value_minor", Integer), new("value_at_risk_minor", Integer), new("reasons", Text),
            ], ["customer_id"]),
            new CreateIndex("ix_crm_churn_assessments_rank", "crm_churn_assessments", "value_at_risk_minor DESC, customer_id"),
            new CreateTable("crm_churn_episodes",
            [
                new("customer_id", Key), new("number", Integer), new("version", Integer), new("started_at", Integer), new("highest_level", Integer), new("acted_levels", Integer),
                new("first_action_at", Integer, true), new("last_action_at", Integer, true), new("ended_at", Integer, true), new("outcome", Integer),
            ], ["customer_id", "number"]),
            new CreateTable("crm_churn_feedback",
            [
                new("feedback_id", Key), new("customer_id", Key), new("reported_at", Integer), new("is_negative", Integer), new("note", Text, true), new("resolved_at", Integer, true),
            ], ["feedback_id"]),
            new CreateIndex("ix_crm_churn_feedback_customer", "crm_churn_feedback", "customer_id, reported_at, feedback_id"),
        ]),
        new(50, "baskets: mined models, one JSON document per scope and version",
        [
            new CreateTable("crm_basket_models", [new("scope", Key), new("version", Integer), new("mined_at", Integer), new("body", Text)], ["scope", "version"]),
        ]),
        new(60, "feedback: interactions, complaint tickets, survey invitations and responses, notes; each record a JSON document with the columns it is found by",
        [
            new CreateTable("crm_feedback_interactions", [new("interaction_id", Key), new("customer_id", Key), new("occurred_at", Integer), new("body", Text)], ["interaction_id"]),
            new CreateIndex("ix_crm_feedback_interactions_time", "crm_feedback_interactions", "occurred_at, interaction_id"),
            new CreateIndex("ix_crm_feedback_interactions_customer", "crm_feedback_interactions", "customer_id, occurred_at, interaction_id"),
            new CreateTable("crm_feedback_tickets", [new("ticket_id", Key), new("store_id", Key), new("opened_at", Integer), new("version", Integer), new("body", Text)], ["ticket_id"]),
            new CreateIndex("ix_crm_feedback_tickets_store", "crm_feedback_tickets", "store_id, opened_at, ticket_id"),
            new CreateIndex("ix_crm_feedback_tickets_time", "crm_feedback_tickets", "opened_at, ticket_id"),
            new CreateTable("crm_feedback_invitations", [new("invitation_id", Key), new("customer_id", Key), new("invited_at", Integer), new("body", Text)], ["invitation_id"]),
            new CreateIndex("ix_crm_feedback_invitations_customer", "crm_feedback_invitations", "customer_id, invited_at, invitation_id"),
            new CreateTable("crm_feedback_responses",
            [
                new("response_id", Key), new("store_id", Key), new("customer_id", Key, true), new("responded_at", Integer), new("body", Text),
            ], ["response_id"]),
            new CreateIndex("ix_crm_feedback_responses_time", "crm_feedback_responses", "responded_at, response_id"),
            new CreateIndex("ix_crm_feedback_responses_store", "crm_feedback_responses", "store_id, responded_at, response_id"),
            new CreateIndex("ix_crm_feedback_responses_customer", "crm_feedback_responses", "customer_id"),
            new CreateTable("crm_feedback_notes", [new("note_id", Key), new("customer_id", Key), new("written_at", Integer), new("body", Text)], ["note_id"]),
            new CreateIndex("ix_crm_feedback_notes_customer", "crm_feedback_notes", "customer_id, written_at, note_id"),
        ]),
        new(70, "campaigns: definitions, assignments per campaign and customer (with version and budget use), imported outcomes, a budget counter per campaign",
        [
            new CreateTable("crm_campaigns", [new("campaign_id", Key), new("body", Text)], ["campaign_id"]),
            new CreateTable("crm_campaign_assignments",
            [
                new("campaign_id", Key), new("customer_id", Key), new("version", Integer), new("uses_budget", Integer), new("body", Text),
            ], ["campaign_id", "customer_id"]),
            new CreateIndex("ix_crm_campaign_assignments_customer", "crm_campaign_assignments", "customer_id, campaign_id"),
            new CreateTable("crm_campaign_outcomes", [new("campaign_id", Key), new("customer_id", Key), new("body", Text)], ["campaign_id", "customer_id"]),
            new CreateTable("crm_campaign_budgets", [new("campaign_id", Key), new("used", Integer)], ["campaign_id"]),
        ]),
        new(80, "consent records: one JSON document per record, found by id and by customer (crm_customers.consents is no longer read or written)",
        [
            new CreateTable("crm_consent_records", [new("record_id", Key), new("customer_id", Key), new("at", Integer), new("recorded_at", Integer), new("body", Text)], ["record_id"]),
            new CreateIndex("ix_crm_consent_records_customer", "crm_consent_records", "customer_id, at, recorded_at"),
        ]),
        new(81, "identifiers: links of phone numbers, member cards, WeChat, app and delivery platform ids to customers, unique by kind, scope and keyed hash",
        [
            // The scope is '' for none, never NULL: NULLs are distinct in a key, which would let one phone be linked twice.
            // The value has a column of its own so field protection can wrap it without touching the lookup.
            new CreateTable("crm_customer_identifiers",
            [
                new("kind", Integer), new("scope", Key), new("lookup_key", Key), new("customer_id", Key), new("value", Text), new("linked_at", Integer),
            ], ["kind", "scope", "lookup_key"]),
            new CreateIndex("ix_crm_customer_identifiers_customer", "crm_customer_identifiers", "customer_id, kind, scope, lookup_key"),
        ]),
        new(88, "erasure: the instant a customer's free text was erased from points reasons, churn feedback notes and tier-change explanations",
        [
            new AddColumn("crm_points_entries", new("reason_erased_at", Integer, true)),
            new AddColumn("crm_churn_feedback", new("note_erased_at", Integer, true)),
            new AddColumn("crm_member_history", new("explanation_erased_at", Integer, true)),
        ]),
    ];
}
