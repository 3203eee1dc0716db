// The relay: handoffs between teams, their SLAs on the business calendar, and the alerts they raise.
import {
  ASSIGNMENT_MODES,
  DELIVERY_STATUSES,
  HANDOFF_STATES,
  NOTIFICATION_CHANNEL_KINDS,
  RELAY_EVENT_TYPES,
  SLA_GOALS,
  TEMPERATURES,
} from "@tasuki/domain";
import { sql } from "drizzle-orm";
import { boolean, check, index, integer, jsonb, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { createdAt, id, inList, instant, updatedAt, version } from "./columns.ts";
import { opportunities, people, teams, users } from "./schema-core.ts";

/** The SLA per relay edge (from team → to team), in business minutes. */
export const slaPolicies = pgTable(
  "sla_policies",
  {
    id: id(),
    fromTeamId: uuid("from_team_id")
      .notNull()
      .references(() => teams.id),
    toTeamId: uuid("to_team_id")
      .notNull()
      .references(() => teams.id),
    goal: text("goal").notNull(),
    businessMinutes: integer("business_minutes").notNull(),
    updatedAt: updatedAt(),
    version: version(),
  },
  (t) => [
    uniqueIndex("sla_policies_edge_unique").on(t.fromTeamId, t.toTeamId),
    check("sla_policies_goal_check", inList("goal", SLA_GOALS)),
    check("sla_policies_minutes_check", sql`business_minutes > 0`),
  ],
);

/**
 * Working time. The row without a team is the company calendar (every field set); a team's row
 * overrides only the fields it sets, so a change to the company calendar reaches every team.
 */
export const businessCalendars = pgTable(
  "business_calendars",
  {
    id: id(),
    teamId: uuid("team_id").references(() => teams.id),
    workdays: integer("workdays").array(),
    workStartMinute: integer("work_start_minute"),
    workEndMinute: integer("work_end_minute"),
    nationalHolidays: boolean("national_holidays"),
    /** `[{ date: "12-29" | "2026-05-01", name }]`. */
    companyHolidays: jsonb("company_holidays"),
    updatedAt: updatedAt(),
    version: version(),
  },
  (t) => [
    uniqueIndex("business_calendars_team_unique").on(t.teamId),
    uniqueIndex("business_calendars_company_unique").on(sql`(team_id is null)`).where(sql`team_id is null`),
    check(
      "business_calendars_company_complete",
      sql`team_id is not null or (workdays is not null and work_start_minute is not null and work_end_minute is not null and national_holidays is not null and company_holidays is not null)`,
    ),
  ],
);

/** How a team's incoming handoffs are assigned, and where round robin left off. */
export const relayTeamSettings = pgTable(
  "relay_team_settings",
  {
    teamId: uuid("team_id")
      .primaryKey()
      .references(() => teams.id),
    assignmentMode: text("assignment_mode").notNull().default("queue"),
    lastAssignedUserId: uuid("last_assigned_user_id").references(() => users.id),
    updatedAt: updatedAt(),
    version: version(),
  },
  () => [check("relay_team_settings_mode_check", inList("assignment_mode", ASSIGNMENT_MODES))],
);

/** Why a receiving team sends a person back; `disqualifies` sends them out of the relay instead of to nurture. */
export const rejectionReasons = pgTable(
  "rejection_reasons",
  {
    id: id(),
    key: text("key").notNull(),
    labelJa: text("label_ja").notNull(),
    labelEn: text("label_en").notNull(),
    disqualifies: boolean("disqualifies").notNull().default(false),
    active: boolean("active").notNull().default(true),
    sortOrder: integer("sort_order").notNull().default(0),
    updatedAt: updatedAt(),
    version: version(),
  },
  (t) => [uniqueIndex("rejection_reasons_key_unique").on(t.key)],
);

export const handoffs = pgTable(
  "handoffs",
  {
    id: id(),
    personId: uuid("person_id")
      .notNull()
      .references(() => people.id),
    opportunityId: uuid("opportunity_id").references(() => opportunities.id),
    fromTeamId: uuid("from_team_id")
      .notNull()
      .references(() => teams.id),
    toTeamId: uuid("to_team_id")
      .notNull()
      .references(() => teams.id),
    /** Null when the relay opened it by itself (e.g. an MQL reached by definition). */
    createdBy: uuid("created_by").references(() => users.id),
    // The baton note: why now, what they engaged with, how warm they are, and anything else.
    whyNow: text("why_now").notNull(),
    engagedActivityIds: uuid("engaged_activity_ids").array().notNull().default(sql`'{}'::uuid[]`),
    temperature: text("temperature"),
    note: text("note"),
    /** Null: the handoff waits in the receiving team's queue. */
    assigneeUserId: uuid("assignee_user_id").references(() => users.id),
    state: text("state").notNull().default("pending"),
    slaPolicyId: uuid("sla_policy_id")
      .notNull()
      .references(() => slaPolicies.id),
    /** The policy's minutes when the handoff was made; a later policy change does not move this SLA. */
    slaBusinessMinutes: integer("sla_business_minutes").notNull(),
    dueAt: instant("due_at").notNull(),
    /** Start of the last quarter of the SLA in business time; computed with dueAt. */
    atRiskAt: instant("at_risk_at").notNull(),
    atRiskNotifiedAt: instant("at_risk_notified_at"),
    breachedAt: instant("breached_at"),
    escalatedToUserId: uuid("escalated_to_user_id").references(() => users.id),
    decidedAt: instant("decided_at"),
    decidedBy: uuid("decided_by").references(() => users.id),
    rejectionReasonId: uuid("rejection_reason_id").references(() => rejectionReasons.id),
    rejectionComment: text("rejection_comment"),
    /**
     * Business minutes from creation to the decision on the receiving team's calendar, fixed when
     * it is decided (like dueAt), so SLA reports take medians in SQL without a calendar.
     */
    responseBusinessMinutes: integer("response_business_minutes"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    version: version(),
  },
  (t) => [
    /** One open baton per person (waiting, or breached and still waiting): a second would split the relay. */
    uniqueIndex("handoffs_one_open_per_person")
      .on(t.personId)
      .where(sql`state in ('pending', 'expired_escalated')`),
    index("handoffs_to_team_idx").on(t.toTeamId, t.state, t.dueAt),
    index("handoffs_from_team_idx").on(t.fromTeamId, t.createdAt),
    index("handoffs_assignee_idx").on(t.assigneeUserId, t.state),
    index("handoffs_person_idx").on(t.personId, t.createdAt),
    index("handoffs_created_idx").on(t.createdAt, t.id),
    index("handoffs_pending_due_idx").on(t.dueAt).where(sql`state = 'pending'`),
    index("handoffs_pending_at_risk_idx")
      .on(t.atRiskAt)
      .where(sql`state = 'pending' and at_risk_notified_at is null`),
    check("handoffs_state_check", inList("state", HANDOFF_STATES)),
    check("handoffs_temperature_check", sql`temperature is null or ${inList("temperature", TEMPERATURES)}`),
    check("handoffs_teams_check", sql`from_team_id <> to_team_id`),
    check(
      "handoffs_rejection_check",
      sql`state <> 'rejected' or (rejection_reason_id is not null and rejection_comment is not null)`,
    ),
  ],
);

/** Something that happened on the relay, once: the unique key makes emitting it again a no-op. */
export const relayEvents = pgTable(
  "relay_events",
  {
    id: id(),
    type: text("type").notNull(),
    /** e.g. `handoff.breached:<handoff id>`. */
    eventKey: text("event_key").notNull(),
    handoffId: uuid("handoff_id").references(() => handoffs.id),
    payload: jsonb("payload").notNull(),
    occurredAt: instant("occurred_at").notNull(),
  },
  (t) => [
    uniqueIndex("relay_events_key_unique").on(t.eventKey),
    index("relay_events_handoff_idx").on(t.handoffId, t.occurredAt),
    check("relay_events_type_check", inList("type", RELAY_EVENT_TYPES)),
  ],
);

/** In-app notifications, one per user and event. */
export const notifications = pgTable(
  "notifications",
  {
    id: id(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    eventId: uuid("event_id")
      .notNull()
      .references(() => relayEvents.id),
    type: text("type").notNull(),
    handoffId: uuid("handoff_id").references(() => handoffs.id),
    messageJa: text("message_ja").notNull(),
    messageEn: text("message_en").notNull(),
    readAt: instant("read_at"),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("notifications_user_event_unique").on(t.userId, t.eventId),
    index("notifications_user_idx").on(t.userId, t.createdAt, t.id),
  ],
);

/** Where relay events are sent outside Tasuki. `secret` never leaves the server after creation. */
export const notificationChannels = pgTable(
  "notification_channels",
  {
    id: id(),
    kind: text("kind").notNull(),
    name: text("name").notNull(),
    /** Kind-specific: `{ url }` for slack/teams/webhook, `{ roomId }` for chatwork. */
    config: jsonb("config").notNull(),
    /** Webhook signing secret (`whsec_…`) or Chatwork API token; null for URL-only kinds. */
    secret: text("secret"),
    events: text("events").array().notNull(),
    /** Only events of handoffs from or to this team; null for all. */
    teamId: uuid("team_id").references(() => teams.id),
    active: boolean("active").notNull().default(true),
    createdBy: uuid("created_by").references(() => users.id),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    version: version(),
  },
  () => [check("notification_channels_kind_check", inList("kind", NOTIFICATION_CHANNEL_KINDS))],
);

/**
 * The outbox: one row per (event, channel), claimed by workers with `for update skip locked`
 * and a lease. The unique idempotency key is what makes "never twice" hold across restarts
 * and instances; it is also sent as the `webhook-id`, so receivers can drop a redelivery.
 */
export const deliveries = pgTable(
  "deliveries",
  {
    id: id(),
    channelId: uuid("channel_id")
      .notNull()
      .references(() => notificationChannels.id),
    eventId: uuid("event_id")
      .notNull()
      .references(() => relayEvents.id),
    eventType: text("event_type").notNull(),
    idempotencyKey: text("idempotency_key").notNull(),
    status: text("status").notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: instant("next_attempt_at").notNull(),
    /** While `sending`: the lease; a worker that died lets it run out and another takes over. */
    lockedUntil: instant("locked_until"),
    lastError: text("last_error"),
    lastStatusCode: integer("last_status_code"),
    deliveredAt: instant("delivered_at"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("deliveries_idempotency_key_unique").on(t.idempotencyKey),
    index("deliveries_due_idx").on(t.nextAttemptAt).where(sql`status in ('pending', 'sending')`),
    index("deliveries_channel_idx").on(t.channelId, t.createdAt),
    check("deliveries_status_check", inList("status", DELIVERY_STATUSES)),
  ],
);
