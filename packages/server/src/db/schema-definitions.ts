import { DEFINITION_VERSION_STATUSES, LIFECYCLE_STAGES } from "@tasuki/domain";
import { sql } from "drizzle-orm";
import {
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { inList } from "./columns.ts";
import { users } from "./schema-core.ts";
import { signOffColumns } from "./sign-off-columns.ts";

/** A term of the common language (MQL, SAL, ホットリード …), owned by one person from each side. */
export const definitions = pgTable(
  "definitions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    key: text("key").notNull(),
    nameJa: text("name_ja").notNull(),
    nameEn: text("name_en").notNull(),
    /** The stage this definition qualifies people for; null for flags such as ホットリード. */
    targetStage: text("target_stage"),
    /** Whether meeting the definition moves people to the target stage by itself (MQL does). */
    autoAdvance: boolean("auto_advance").notNull().default(false),
    marketingOwnerId: uuid("marketing_owner_id").references(() => users.id),
    salesOwnerId: uuid("sales_owner_id").references(() => users.id),
    /** The approved version in force; null until the first approval. */
    currentVersionId: uuid("current_version_id"),
    createdBy: uuid("created_by").references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("definitions_key_unique").on(t.key),
    check(
      "definitions_target_stage_check",
      sql`target_stage is null or ${inList("target_stage", LIFECYCLE_STAGES)}`,
    ),
  ],
);

/** Versions are history: once proposed their text never changes; a change is a new version. */
export const definitionVersions = pgTable(
  "definition_versions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    definitionId: uuid("definition_id")
      .notNull()
      .references(() => definitions.id),
    number: integer("number").notNull(),
    status: text("status").notNull(),
    expression: text("expression").notNull(),
    description: text("description").notNull(),
    changeNote: text("change_note"),
    ...signOffColumns(),
    /** Each signer confirmed that the plain-words description and the rule say the same thing. */
    marketingProseConfirmed: boolean("marketing_prose_confirmed").notNull().default(false),
    salesProseConfirmed: boolean("sales_prose_confirmed").notNull().default(false),
  },
  (t) => [
    uniqueIndex("definition_versions_number_unique").on(t.definitionId, t.number),
    check("definition_versions_status_check", inList("status", DEFINITION_VERSION_STATUSES)),
    check(
      "definition_versions_two_people",
      sql`marketing_approver_id is null or marketing_approver_id is distinct from sales_approver_id`,
    ),
  ],
);

export const definitionComments = pgTable(
  "definition_comments",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    versionId: uuid("version_id")
      .notNull()
      .references(() => definitionVersions.id),
    authorId: uuid("author_id").references(() => users.id),
    body: text("body").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("definition_comments_version_idx").on(t.versionId, t.createdAt)],
);

/** Long-running work (sweeps, rescoring) with progress people can watch; it survives restarts. */
export const jobs = pgTable(
  "jobs",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    kind: text("kind").notNull(),
    status: text("status").notNull().default("queued"),
    payload: jsonb("payload").notNull().default({}),
    progressDone: integer("progress_done").notNull().default(0),
    progressTotal: integer("progress_total").notNull().default(0),
    result: jsonb("result"),
    error: text("error"),
    createdBy: uuid("created_by").references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    startedAt: timestamp("started_at", { withTimezone: true }),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
    /**
     * The running instance's latest sign of life: another instance takes the job over only when
     * this is older than JOB_STALE_MS (its process died), so a job runs in one instance at a time.
     */
    heartbeatAt: timestamp("heartbeat_at", { withTimezone: true }),
  },
  (t) => [
    index("jobs_status_idx").on(t.status, t.createdAt),
    check("jobs_status_check", inList("status", ["queued", "running", "succeeded", "failed"])),
  ],
);
