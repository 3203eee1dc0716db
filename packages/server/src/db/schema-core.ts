// The base tables (teams, users, people, companies, activities, stage changes, opportunities, audit):
// every other schema-*.ts file builds on these; schema.ts only re-exports them all.
// Vocabulary checks are written from the domain lists so the database refuses what the domain refuses.
import {
  ACTIVITY_TYPE_CODES,
  ACTIVITY_TYPES,
  CAMPAIGN_MEMBER_STATUSES,
  CAMPAIGN_TYPES,
  CONSENT_STATUSES,
  EMPLOYEE_BANDS,
  INDUSTRIES,
  LIFECYCLE_STAGES,
  OPPORTUNITY_OUTCOMES,
  OPPORTUNITY_STAGES,
  PREFECTURES,
  ROLES,
  TEAM_FUNCTIONS,
  TEMPERATURES,
} from "@tasuki/domain";
import { sql } from "drizzle-orm";
import {
  bigint,
  bigserial,
  boolean,
  check,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { createdAt, id, inList, timeOrderedId, updatedAt, version } from "./columns.ts";

export const teams = pgTable(
  "teams",
  {
    id: id(),
    key: text("key").notNull(),
    function: text("function").notNull(),
    nameJa: text("name_ja").notNull(),
    nameEn: text("name_en").notNull(),
    managerUserId: uuid("manager_user_id"),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("teams_key_unique").on(t.key),
    check("teams_function_check", inList("function", TEAM_FUNCTIONS)),
  ],
);

export const users = pgTable(
  "users",
  {
    id: id(),
    email: text("email").notNull(),
    familyName: text("family_name").notNull(),
    givenName: text("given_name").notNull(),
    role: text("role").notNull(),
    teamId: uuid("team_id").references(() => teams.id),
    /** Null until an invited user sets their own password (issue 20): such a user cannot sign in. */
    passwordHash: text("password_hash"),
    locale: text("locale").notNull().default("ja"),
    active: boolean("active").notNull().default(true),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("users_email_unique").on(sql`lower(${t.email})`),
    check("users_role_check", inList("role", ROLES)),
    check("users_locale_check", inList("locale", ["ja", "en"])),
  ],
);

/** Session ids are stored hashed: a leaked table does not log anyone in. */
export const sessions = pgTable(
  "sessions",
  {
    idHash: text("id_hash").primaryKey(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    csrfToken: text("csrf_token").notNull(),
    createdAt: createdAt(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
  },
  (t) => [index("sessions_user_idx").on(t.userId)],
);

export const apiTokens = pgTable(
  "api_tokens",
  {
    id: id(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    tokenHash: text("token_hash").notNull(),
    prefix: text("prefix").notNull(),
    scopes: text("scopes").array().notNull(),
    createdAt: createdAt(),
    expiresAt: timestamp("expires_at", { withTimezone: true }),
    lastUsedAt: timestamp("last_used_at", { withTimezone: true }),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
  },
  (t) => [uniqueIndex("api_tokens_hash_unique").on(t.tokenHash), index("api_tokens_user_idx").on(t.userId)],
);

/**
 * One-time invitation links (issue 20): an admin adds a user, the user sets their own password.
 * Only the SHA-256 of the token is kept; a link is used once, expires, and a re-issue revokes it.
 */
export const invitations = pgTable(
  "invitations",
  {
    id: id(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    tokenHash: text("token_hash").notNull(),
    createdByUserId: uuid("created_by_user_id").references(() => users.id),
    createdAt: createdAt(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    usedAt: timestamp("used_at", { withTimezone: true }),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
  },
  (t) => [
    uniqueIndex("invitations_token_hash_unique").on(t.tokenHash),
    index("invitations_user_idx").on(t.userId),
  ],
);

export const companies = pgTable(
  "companies",
  {
    id: id(),
    name: text("name").notNull(),
    nameKana: text("name_kana"),
    corporateNumber: text("corporate_number"),
    industry: text("industry"),
    employeeBand: text("employee_band"),
    prefecture: text("prefecture"),
    domain: text("domain"),
    /** 所在地 after the prefecture (市区町村・番地・建物), as the user wrote it. */
    address: text("address"),
    ownerId: uuid("owner_id").references(() => users.id),
    searchText: text("search_text").notNull().generatedAlwaysAs(
      // The domain's search key (kana, width and romaji folded; see db/search-key-sql.ts).
      sql`tasuki_search_key(name, name_kana, corporate_number, domain)`,
    ),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    version: version(),
  },
  (t) => [
    uniqueIndex("companies_corporate_number_unique").on(t.corporateNumber),
    index("companies_search_trgm").using("gin", sql`${t.searchText} gin_trgm_ops`),
    index("companies_kana_idx").on(t.nameKana, t.id),
    index("companies_created_idx").on(t.createdAt, t.id),
    check("companies_industry_check", sql`industry is null or ${inList("industry", INDUSTRIES)}`),
    check("companies_band_check", sql`employee_band is null or ${inList("employee_band", EMPLOYEE_BANDS)}`),
    check("companies_prefecture_check", sql`prefecture is null or ${inList("prefecture", PREFECTURES)}`),
  ],
);

export const people = pgTable(
  "people",
  {
    id: id(),
    familyName: text("family_name").notNull(),
    givenName: text("given_name"),
    familyNameKana: text("family_name_kana"),
    givenNameKana: text("given_name_kana"),
    email: text("email"),
    phone: text("phone"),
    department: text("department"),
    title: text("title"),
    companyId: uuid("company_id").references(() => companies.id),
    ownerId: uuid("owner_id").references(() => users.id),
    teamId: uuid("team_id").references(() => teams.id),
    stage: text("stage").notNull().default("lead"),
    stageChangedAt: timestamp("stage_changed_at", { withTimezone: true }).notNull().defaultNow(),
    temperature: text("temperature"),
    consentStatus: text("consent_status").notNull().default("unknown"),
    source: text("source"),
    searchText: text("search_text").notNull().generatedAlwaysAs(
      // The domain's search key (kana, width and romaji folded; see db/search-key-sql.ts).
      sql`tasuki_search_key(family_name || coalesce(given_name, ''), coalesce(family_name_kana, '') || coalesce(given_name_kana, ''), email)`,
    ),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    version: version(),
  },
  (t) => [
    uniqueIndex("people_email_unique").on(sql`lower(${t.email})`),
    index("people_search_trgm").using("gin", sql`${t.searchText} gin_trgm_ops`),
    index("people_company_idx").on(t.companyId),
    index("people_owner_idx").on(t.ownerId, t.createdAt),
    index("people_team_idx").on(t.teamId, t.createdAt),
    index("people_stage_idx").on(t.stage, t.createdAt),
    index("people_created_idx").on(t.createdAt, t.id),
    // The people list's default order (最終更新順): without it every page sorted all matching people.
    index("people_updated_idx").on(t.updatedAt, t.id),
    // A full rescore keeps stored fits of people unchanged since (`storedFit`): it reads a chunk's
    // ids and change times from this index alone instead of the whole table (the ids of a chunk
    // are scattered across nearly every page of it).
    index("people_id_updated_idx").on(t.id, t.updatedAt),
    index("people_kana_idx").on(t.familyNameKana, t.givenNameKana, t.id),
    check("people_stage_check", inList("stage", LIFECYCLE_STAGES)),
    check("people_temperature_check", sql`temperature is null or ${inList("temperature", TEMPERATURES)}`),
    check("people_consent_check", inList("consent_status", CONSENT_STATUSES)),
  ],
);

export const campaigns = pgTable(
  "campaigns",
  {
    id: id(),
    name: text("name").notNull(),
    type: text("type").notNull(),
    startsOn: date("starts_on").notNull(),
    endsOn: date("ends_on"),
    budget: bigint("budget", { mode: "number" }).notNull().default(0),
    createdBy: uuid("created_by").references(() => users.id),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    version: version(),
  },
  (t) => [
    check("campaigns_type_check", inList("type", CAMPAIGN_TYPES)),
    index("campaigns_starts_idx").on(t.startsOn),
  ],
);

/** Who is in a campaign: one row per campaign and person, with how far they went. */
export const campaignMembers = pgTable(
  "campaign_members",
  {
    campaignId: uuid("campaign_id")
      .notNull()
      .references(() => campaigns.id),
    personId: uuid("person_id")
      .notNull()
      .references(() => people.id),
    status: text("status").notNull().default("added"),
    addedAt: timestamp("added_at", { withTimezone: true }).notNull(),
    addedBy: uuid("added_by").references(() => users.id),
  },
  (t) => [
    primaryKey({ columns: [t.campaignId, t.personId] }),
    check("campaign_members_status_check", inList("status", CAMPAIGN_MEMBER_STATUSES)),
    index("campaign_members_person_idx").on(t.personId),
  ],
);

/** `activities.type_code`: the type's code in ACTIVITY_TYPE_CODES (@tasuki/domain). */
const typeCodeOf = sql.raw(
  `(case type ${Object.entries(ACTIVITY_TYPE_CODES)
    .map(([type, code]) => `when '${type}' then ${code}`)
    .join(" ")} end)`,
);

export const activities = pgTable(
  "activities",
  {
    id: timeOrderedId(),
    personId: uuid("person_id")
      .notNull()
      .references(() => people.id),
    companyId: uuid("company_id").references(() => companies.id),
    type: text("type").notNull(),
    occurredAt: timestamp("occurred_at", { withTimezone: true }).notNull(),
    source: text("source"),
    campaignId: uuid("campaign_id").references(() => campaigns.id),
    subject: text("subject"),
    body: text("body"),
    metadata: jsonb("metadata").notNull().default({}),
    createdBy: uuid("created_by").references(() => users.id),
    createdAt: createdAt(),
    /** The JST calendar day of `occurred_at` (engagement caps count per JST day). */
    jstDay: date("jst_day", { mode: "string" })
      .notNull()
      .generatedAlwaysAs(sql`((occurred_at at time zone 'UTC') + interval '9 hours')::date`),
    /** `type` as its code in ACTIVITY_TYPE_CODES. */
    typeCode: smallint("type_code").notNull().generatedAlwaysAs(typeCodeOf),
  },
  (t) => [
    // The rescore reads each person's activities per JST day and type in time order from this
    // index alone (an index-only scan): per-day caps need no sort (scoring.repository.ts). Its
    // day and type are stored columns (a date and a small integer), not an expression over
    // occurred_at and text: counting a 100,000-person chunk's 1.15M activities took 2.2 s with
    // those and 1.0 s with these. It also
    // serves a person's timeline (their activities, then a small sort by time): a second
    // (person_id, occurred_at) index cost a random page per written activity.
    index("activities_person_day_idx").on(t.personId, t.jstDay, t.typeCode, t.occurredAt, t.campaignId),
    index("activities_campaign_idx").on(t.campaignId, t.occurredAt),
    index("activities_type_idx").on(t.type, t.occurredAt),
    check("activities_type_check", inList("type", ACTIVITY_TYPES)),
  ],
);

/** Append-only: the history of every lifecycle move, the source of the funnel. */
export const stageChanges = pgTable(
  "stage_changes",
  {
    id: id(),
    personId: uuid("person_id")
      .notNull()
      .references(() => people.id),
    fromStage: text("from_stage"),
    toStage: text("to_stage").notNull(),
    changedAt: timestamp("changed_at", { withTimezone: true }).notNull().defaultNow(),
    changedBy: uuid("changed_by").references(() => users.id),
    reason: text("reason"),
    /** Set once definitions exist: the version that allowed this move. */
    definitionVersionId: uuid("definition_version_id"),
  },
  (t) => [
    index("stage_changes_person_idx").on(t.personId, t.changedAt),
    index("stage_changes_to_idx").on(t.toStage, t.changedAt),
    check("stage_changes_to_check", inList("to_stage", LIFECYCLE_STAGES)),
  ],
);

export const lostReasons = pgTable(
  "lost_reasons",
  {
    id: id(),
    key: text("key").notNull(),
    labelJa: text("label_ja").notNull(),
    labelEn: text("label_en").notNull(),
    active: boolean("active").notNull().default(true),
    sortOrder: integer("sort_order").notNull().default(0),
  },
  (t) => [uniqueIndex("lost_reasons_key_unique").on(t.key)],
);

export const opportunities = pgTable(
  "opportunities",
  {
    id: id(),
    name: text("name").notNull(),
    companyId: uuid("company_id")
      .notNull()
      .references(() => companies.id),
    personId: uuid("person_id").references(() => people.id),
    ownerId: uuid("owner_id").references(() => users.id),
    amount: bigint("amount", { mode: "number" }).notNull(),
    stage: text("stage").notNull(),
    expectedCloseDate: date("expected_close_date"),
    outcome: text("outcome"),
    lostReasonId: uuid("lost_reason_id").references(() => lostReasons.id),
    closeNote: text("close_note"),
    closedOn: date("closed_on"),
    /** 契約更新日: when the contract comes up for renewal (set on won deals; any deal may carry one). */
    renewalOn: date("renewal_on"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    version: version(),
  },
  (t) => [
    index("opportunities_company_idx").on(t.companyId),
    index("opportunities_person_idx").on(t.personId),
    index("opportunities_owner_idx").on(t.ownerId, t.createdAt),
    index("opportunities_created_idx").on(t.createdAt, t.id),
    index("opportunities_renewal_idx").on(t.renewalOn),
    check("opportunities_stage_check", inList("stage", OPPORTUNITY_STAGES)),
    check("opportunities_outcome_check", sql`outcome is null or ${inList("outcome", OPPORTUNITY_OUTCOMES)}`),
    check(
      "opportunities_lost_reason_check",
      sql`outcome is distinct from 'lost' or lost_reason_id is not null`,
    ),
  ],
);

/** Append-only: every write with who, what, when, before and after. */
export const auditLog = pgTable(
  "audit_log",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
    actorUserId: uuid("actor_user_id"),
    actorTokenId: uuid("actor_token_id"),
    action: text("action").notNull(),
    entityType: text("entity_type").notNull(),
    entityId: text("entity_id"),
    before: jsonb("before"),
    after: jsonb("after"),
  },
  (t) => [
    index("audit_log_entity_idx").on(t.entityType, t.entityId, t.at),
    index("audit_log_at_idx").on(t.at),
  ],
);
/**
 * `Idempotency-Key` of create calls (http/idempotency.ts): per caller (a user's sessions, or one
 * API token) and key, the request's fingerprint and, once it has finished, the first answer,
 * which a retry within 24 h gets back instead of writing again. `status_code` is null while the
 * first request runs; `expires_at` is when the key may be used afresh and the row removed.
 */
export const idempotencyKeys = pgTable(
  "idempotency_keys",
  {
    scope: text("scope").notNull(),
    key: text("key").notNull(),
    requestHash: text("request_hash").notNull(),
    statusCode: integer("status_code"),
    responseBody: text("response_body"),
    createdAt: createdAt(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
  },
  (t) => [
    primaryKey({ name: "idempotency_keys_pkey", columns: [t.scope, t.key] }),
    index("idempotency_keys_expires_idx").on(t.expiresAt),
  ],
);
