// Analytics reads from tables shaped for it: one row per person with the first time they reached
// each stage, kept current by statement-level triggers (see migration `analytics_triggers`).
import { sql } from "drizzle-orm";
import { date, index, integer, pgTable, text, uuid } from "drizzle-orm/pg-core";
import { instant } from "./columns.ts";
import { people } from "./schema-core.ts";

/**
 * Per person: when they first reached each stage, plus the attributes the dashboards filter by
 * (copied from people and their company by the same triggers, so a funnel over a million people
 * reads one table). Recycled people re-entering a stage keep their first arrival here; every
 * re-entry stays in `stage_changes`.
 */
export const personFunnel = pgTable(
  "person_funnel",
  {
    personId: uuid("person_id")
      .primaryKey()
      .references(() => people.id, { onDelete: "cascade" }),
    companyId: uuid("company_id"),
    ownerId: uuid("owner_id"),
    teamId: uuid("team_id"),
    source: text("source"),
    industry: text("industry"),
    employeeBand: text("employee_band"),
    leadAt: instant("lead_at"),
    mqlAt: instant("mql_at"),
    salAt: instant("sal_at"),
    sqlAt: instant("sql_at"),
    opportunityAt: instant("opportunity_at"),
    wonAt: instant("won_at"),
    lostAt: instant("lost_at"),
    customerAt: instant("customer_at"),
    recycledAt: instant("recycled_at"),
    disqualifiedAt: instant("disqualified_at"),
  },
  (t) => [
    // One index per stage, led by its first arrival and carrying the neighbouring stages: a funnel
    // step, a period conversion and a velocity each read one of them index-only over the period,
    // never the wide rows (a million people: megabytes of index instead of hundreds of heap pages).
    index("person_funnel_lead_idx").on(t.leadAt, t.mqlAt, t.opportunityAt),
    index("person_funnel_mql_idx").on(t.mqlAt, t.leadAt, t.salAt).where(sql`mql_at is not null`),
    index("person_funnel_sal_idx").on(t.salAt, t.mqlAt, t.sqlAt).where(sql`sal_at is not null`),
    index("person_funnel_sql_idx").on(t.sqlAt, t.salAt, t.opportunityAt).where(sql`sql_at is not null`),
    index("person_funnel_opportunity_idx")
      .on(t.opportunityAt, t.sqlAt, t.wonAt)
      .where(sql`opportunity_at is not null`),
    index("person_funnel_won_idx").on(t.wonAt, t.opportunityAt, t.customerAt).where(sql`won_at is not null`),
    index("person_funnel_customer_idx").on(t.customerAt, t.wonAt).where(sql`customer_at is not null`),
    index("person_funnel_lost_idx").on(t.lostAt).where(sql`lost_at is not null`),
    index("person_funnel_recycled_idx").on(t.recycledAt).where(sql`recycled_at is not null`),
    index("person_funnel_disqualified_idx").on(t.disqualifiedAt).where(sql`disqualified_at is not null`),
    index("person_funnel_company_idx").on(t.companyId),
    index("person_funnel_owner_idx").on(t.ownerId),
    index("person_funnel_team_idx").on(t.teamId),
  ],
);

/**
 * The company business calendar unrolled into days: `ordinal` counts the working days up to and
 * including `day`, so business days between two dates are a subtraction. Rebuilt when the
 * calendar it was built from (`calendar_fingerprint`) is no longer the company's.
 */
export const businessDays = pgTable("business_days", {
  day: date("day").primaryKey(),
  ordinal: integer("ordinal").notNull(),
});

/** Small facts about derived analytics data, e.g. which calendar `business_days` was built from. */
export const analyticsState = pgTable("analytics_state", {
  key: text("key").primaryKey(),
  value: text("value").notNull(),
});
