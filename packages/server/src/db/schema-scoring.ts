import { DEFINITION_VERSION_STATUSES } from "@tasuki/domain";
import { sql } from "drizzle-orm";
import {
  bigserial,
  check,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgSequence,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { inList } from "./columns.ts";
import { signOffColumns } from "./sign-off-columns.ts";

/** Scoring model versions, signed like definitions: one marketing and one sales user. */
export const scoringModelVersions = pgTable(
  "scoring_model_versions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    number: integer("number").notNull(),
    status: text("status").notNull(),
    config: jsonb("config").notNull(),
    changeNote: text("change_note"),
    ...signOffColumns(),
    /** What each signer wrote when approving (scoring versions have no comment thread). */
    marketingApprovalComment: text("marketing_approval_comment"),
    salesApprovalComment: text("sales_approval_comment"),
  },
  (t) => [
    uniqueIndex("scoring_model_versions_number_unique").on(t.number),
    check("scoring_model_versions_status_check", inList("status", DEFINITION_VERSION_STATUSES)),
    check(
      "scoring_model_versions_two_people",
      sql`marketing_approver_id is null or marketing_approver_id is distinct from sales_approver_id`,
    ),
  ],
);

/** The current score of each person (a cache of the model applied at computed_at). */
export const personScores = pgTable(
  "person_scores",
  {
    /**
     * The person (no foreign key, like the model column below and score_history: people are never
     * deleted, every row is written from a person just read, and a full rescore that rebuilds
     * the table would otherwise check a million of them again).
     */
    personId: uuid("person_id").primaryKey(),
    fit: integer("fit").notNull(),
    engagement: integer("engagement").notNull(),
    total: integer("total").notNull(),
    /**
     * Per engagement rule, in model order: its counted activities each halved per half-life, at
     * computed_at (engagement = Σ points × units, then rounded and clamped). Null for rows written
     * before units were stored: the next full rescore counts those people again.
     */
    engagementUnits: doublePrecision("engagement_units").array(),
    /**
     * The model that wrote the row (no foreign key: versions are never deleted, and a model
     * change rewrites hundreds of thousands of rows, each of which would check it).
     */
    modelVersionId: uuid("model_version_id").notNull(),
    computedAt: timestamp("computed_at", { withTimezone: true }).notNull(),
  },
  // (score, person_id): the keyset order of the people list sorted by a score.
  (t) => [
    index("person_scores_total_idx").on(t.total, t.personId),
    index("person_scores_fit_idx").on(t.fit, t.personId),
    index("person_scores_engagement_idx").on(t.engagement, t.personId),
  ],
);

/**
 * Append-only: every change of a person's score, with why. Written only by the rescore
 * statement, from the person and model rows it has just read, so it has no foreign keys: their
 * checks were most of the cost of a model change (two index probes per row, for hundreds of
 * thousands of rows). People and model versions are never deleted; erasing a person must delete
 * their history explicitly.
 *
 * Partitioned by `rebuild` (migration 0020; drizzle does not declare partitions): rows written
 * one by one (activity and profile writes, nightly decay) go to `score_history_0`; the rows of a
 * full rescore that rebuilt the score table (`score-rebuild.repository.ts`) are filled into their
 * own table, indexed by sorting and attached as partition `score_history_<rebuild>` when the
 * table is swapped in, instead of hundreds of thousands of inserts into one ever-growing index.
 */
export const scoreHistory = pgTable(
  "score_history",
  {
    id: bigserial("id", { mode: "number" }).notNull(),
    personId: uuid("person_id").notNull(),
    fit: integer("fit").notNull(),
    engagement: integer("engagement").notNull(),
    total: integer("total").notNull(),
    modelVersionId: uuid("model_version_id").notNull(),
    reason: text("reason").notNull(),
    at: timestamp("at", { withTimezone: true }).notNull(),
    /** 0: written row by row; n: by the n-th rebuild (`score_history_rebuilds`), its own partition. */
    rebuild: integer("rebuild").notNull().default(0),
  },
  (t) => [
    primaryKey({ name: "score_history_pkey", columns: [t.id, t.rebuild] }),
    index("score_history_person_idx").on(t.personId, t.at),
  ],
);

/** Numbers the rebuilds' history partitions (`score_history.rebuild`). */
export const scoreHistoryRebuilds = pgSequence("score_history_rebuilds");

/**
 * One full rescore: the model and the instant it scored everyone at, and when it finished.
 * A full rescore rewrites only the scores that changed, so an unchanged score keeps
 * its own `computed_at`; a run that checked it later is what explains it (`getPersonScore`).
 */
export const scoreRuns = pgTable(
  "score_runs",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    modelVersionId: uuid("model_version_id")
      .notNull()
      .references(() => scoringModelVersions.id),
    asOf: timestamp("as_of", { withTimezone: true }).notNull(),
    reason: text("reason").notNull(),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
  },
  (t) => [index("score_runs_as_of_idx").on(t.asOf)],
);
