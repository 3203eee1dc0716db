import { formatPersonName, ROLES, type Role, TEAM_FUNCTIONS, type TeamFunction } from "@tasuki/domain";
import { sql } from "drizzle-orm";
import { recordAudit } from "../audit/audit.repository.ts";
import { hashPassword, verifyPassword } from "../auth/secrets.ts";
import { type Database, queryRows } from "../db/database.ts";
import { HANDOFF_COPY, NOTIFICATION_COPY, RELAY_EVENT_COPY } from "../relay/relay-rows.ts";
import { withDeferredIndexes } from "./bulk-load.ts";
import { addMonths, DAY, HOUR, todayInJst, WorkCalendar } from "./calendar.ts";
import { buildCampaigns, CampaignIndex } from "./campaign.generator.ts";
import { DEMO_PASSWORD, HANDOFF_REJECTION_WEIGHTS, LOST_REASON_WEIGHTS } from "./catalog.ts";
import { COMPANY_COLUMNS, CompanyPool } from "./company.generator.ts";
import { seedDemoGoal } from "./goal.seed.ts";
import { scoreDemo, seedDemoLanguage } from "./language.seed.ts";
import { simulatePerson } from "./person.generator.ts";
import { Random, Weighted } from "./random.ts";
import {
  ACTIVITY_COLUMNS,
  type DemoRelay,
  type LostReason,
  OPPORTUNITY_COLUMNS,
  PEOPLE_COLUMNS,
  type RelayReason,
  type RelayTeam,
  type RowSink,
  STAGE_CHANGE_COLUMNS,
  type World,
} from "./rows.ts";
import { buildStaff, demoLoginEmail, teamMembers } from "./staff.ts";

export { DEMO_PASSWORD } from "./catalog.ts";

export const DEMO_DEFAULTS = { seed: 1, people: 15_000, months: 12 } as const;
export const DEMO_LIMITS = { people: 5_000_000, months: 120, seed: 2 ** 31 - 1 } as const;

export interface SeedDemoOptions {
  seed?: number;
  people?: number;
  months?: number;
  /** 'YYYY-MM-DD' in JST; the history ends at 00:00 JST of this day. Default: today in Japan. */
  today?: string;
  /** The wall clock (audit time, default today). Defaults to new Date(). */
  now?: Date;
  /** People simulated per loading round; bounds memory. */
  batchSize?: number;
  /** Build secondary indexes and foreign keys after loading (default: from DEFER_INDEXES_FROM people). */
  deferIndexes?: boolean;
  /** Stops between rounds (Ctrl-C); indexes taken off are put back before the abort error surfaces. */
  signal?: AbortSignal;
}

export interface ResolvedDemoOptions {
  seed: number;
  people: number;
  companies: number;
  months: number;
  today: string;
}

export const DEMO_TABLES = [
  "users",
  "campaigns",
  "companies",
  "people",
  "stage_changes",
  "activities",
  "opportunities",
  "handoffs",
  "relay_events",
  "notifications",
] as const;
export type DemoTable = (typeof DEMO_TABLES)[number];

/**
 * Rows loaded so far (`total` is an estimate until `finished`), or a set-based step starting
 * or ending: rebuilding indexes after a large load, and ANALYZE.
 */
export type DemoProgress =
  | { kind: "rows"; table: DemoTable; done: number; total: number; finished: boolean }
  | { kind: "step"; step: DemoStep; finished: boolean };
export type DemoStep = "indexes" | "scores" | "analyze";

/** From this many people on, secondary indexes and foreign keys are built after the load. */
export const DEFER_INDEXES_FROM = 100_000;
/**
 * From this size the demo leaves scoring to a background job with progress. A first scoring
 * writes every score and history row (at 1 M people ≥ 22 CPU-s of writes alone, minutes on a busy
 * machine: bench/RESCORE.md), so the CLI returns and the server shows the job instead.
 */
export const SCORE_IN_BACKGROUND_FROM = 100_000;

export interface DemoLogin {
  role: Role;
  email: string;
  password: string;
}

export interface DemoSummary {
  options: ResolvedDemoOptions;
  counts: Record<DemoTable, number>;
  durationMs: number;
  logins: DemoLogin[];
}

/** Seeding only ever starts on an empty database: it never mixes invented data with real data. */
export class DemoDatabaseNotEmptyError extends Error {
  override name = "DemoDatabaseNotEmptyError";
  constructor(readonly tables: string[]) {
    super(`The database already has data in: ${tables.join(", ")}`);
  }
}

/** Bad seeding options (the CLI validates first; this guards other callers). */
export class DemoOptionsError extends Error {
  override name = "DemoOptionsError";
}

const SEEDED_TABLES = ["users", "companies", "people", "campaigns", "activities", "opportunities"] as const;

/** Tables that already hold rows (the migration's own teams and lost reasons do not count). */
export async function findNonEmptyTables(database: Database): Promise<string[]> {
  const rows = await queryRows<Record<string, boolean>>(
    database.db,
    sql.raw(`select ${SEEDED_TABLES.map((t) => `exists(select 1 from ${t}) as ${t}`).join(", ")}`),
  );
  const row = rows[0] ?? {};
  return SEEDED_TABLES.filter((t) => row[t]);
}

/** The demo logins present and still using the demo password (to print at start-up). */
export async function findDemoLogins(database: Database): Promise<DemoLogin[]> {
  const emails = ROLES.map(demoLoginEmail);
  const rows = await queryRows<{ email: string; role: string; password_hash: string }>(
    database.db,
    sql`select email, role, password_hash from users where active and lower(email) in (${sql.join(
      emails.map((e) => sql`${e}`),
      sql`, `,
    )})`,
  );
  const verified = new Map<string, boolean>();
  const logins: DemoLogin[] = [];
  for (const role of ROLES) {
    const row = rows.find((r) => r.email.toLowerCase() === demoLoginEmail(role));
    if (!row) continue;
    // The demo users share one hash, so this costs one argon2 verification, not six.
    if (!verified.has(row.password_hash))
      verified.set(row.password_hash, await verifyPassword(row.password_hash, DEMO_PASSWORD));
    if (verified.get(row.password_hash)) logins.push({ role, email: row.email, password: DEMO_PASSWORD });
  }
  return logins;
}

export function resolveDemoOptions(options: SeedDemoOptions, now: Date): ResolvedDemoOptions {
  const seed = options.seed ?? DEMO_DEFAULTS.seed;
  const people = options.people ?? DEMO_DEFAULTS.people;
  const months = options.months ?? DEMO_DEFAULTS.months;
  const today = options.today ?? todayInJst(now);
  if (!Number.isInteger(seed) || seed < 0 || seed > DEMO_LIMITS.seed)
    throw new DemoOptionsError(`seed must be an integer from 0 to ${DEMO_LIMITS.seed}`);
  if (!Number.isInteger(people) || people < 1 || people > DEMO_LIMITS.people)
    throw new DemoOptionsError(`people must be an integer from 1 to ${DEMO_LIMITS.people}`);
  if (!Number.isInteger(months) || months < 1 || months > DEMO_LIMITS.months)
    throw new DemoOptionsError(`months must be an integer from 1 to ${DEMO_LIMITS.months}`);
  if (
    !/^\d{4}-\d{2}-\d{2}$/.test(today) ||
    Number.isNaN(Date.parse(today)) ||
    new Date(today).toISOString().slice(0, 10) !== today
  )
    throw new DemoOptionsError("today must be a date written YYYY-MM-DD");
  return { seed, people, companies: Math.max(1, Math.round(people / 5)), months, today };
}

/**
 * Seeds an empty database with a fictional Japanese B2B SaaS vendor (株式会社ツナグワークス,
 * 勤怠・経費 SaaS): staff, campaigns, prospect companies, people with their whole relay history,
 * activities and opportunities. Deterministic for (seed, people, months, today). Rows are
 * generated in rounds of `batchSize` people and bulk-loaded with COPY, so memory stays flat
 * however many people are asked for.
 */
export async function seedDemo(
  database: Database,
  options: SeedDemoOptions = {},
  onProgress: (progress: DemoProgress) => void = () => {},
): Promise<DemoSummary> {
  const startedAt = performance.now();
  const now = options.now ?? new Date();
  const resolved = resolveDemoOptions(options, now);
  const nonEmpty = await findNonEmptyTables(database);
  if (nonEmpty.length > 0) throw new DemoDatabaseNotEmptyError(nonEmpty);

  const counts = Object.fromEntries(DEMO_TABLES.map((t) => [t, 0])) as Record<DemoTable, number>;
  const estimates: Record<DemoTable, number> = {
    users: 0,
    campaigns: 0,
    companies: resolved.companies,
    people: resolved.people,
    stage_changes: Math.round(resolved.people * 1.5),
    activities: Math.round(resolved.people * Math.min(14, 8 + resolved.months / 6)),
    opportunities: Math.round(resolved.people * 0.012),
    handoffs: Math.round(resolved.people * 0.25),
    relay_events: Math.round(resolved.people * 0.02),
    notifications: Math.round(resolved.people * 0.04),
  };
  const report = (table: DemoTable, finished = false) => {
    if (finished || counts[table] > estimates[table]) estimates[table] = counts[table];
    onProgress({ kind: "rows", table, done: counts[table], total: estimates[table], finished });
  };
  const copy = async (table: DemoTable, columns: readonly string[], rows: unknown[][]) => {
    if (rows.length === 0) return;
    counts[table] += await database.copyRows(table, columns, rows);
    report(table);
  };

  const root = new Random(resolved.seed);
  const calendar = new WorkCalendar(addMonths(resolved.today, -resolved.months), resolved.today);
  const teamIds = await readTeams(database);
  const lostReasons = await readLostReasons(database);
  const relaySettings = await readRelaySettings(database);

  // Staff: one argon2 hash for everyone (hashing is deliberately slow).
  const staff = buildStaff(root.fork("staff"));
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const staffSince = new Date(calendar.start - 60 * DAY + 9 * HOUR).toISOString();
  estimates.users = staff.length;
  await copy(
    "users",
    [
      "id",
      "email",
      "family_name",
      "given_name",
      "role",
      "team_id",
      "password_hash",
      "locale",
      "active",
      "created_at",
      "updated_at",
    ],
    staff.map((s) => [
      s.id,
      s.email,
      s.familyName,
      s.givenName,
      s.role,
      s.team ? teamIds[s.team] : null,
      passwordHash,
      "ja",
      true,
      staffSince,
      staffSince,
    ]),
  );
  report("users", true);
  for (const s of staff) {
    if (s.isDemoLogin && s.team)
      await database.db.execute(
        sql`update teams set manager_user_id = ${s.id} where id = ${teamIds[s.team]}`,
      );
  }
  // The common language was signed before the year began: every qualifying move cites it.
  const demoMarketer = staff.find((m) => m.isDemoLogin && m.role === "marketing")!;
  const demoInsideSales = staff.find((m) => m.isDemoLogin && m.role === "inside_sales")!;
  const languageIds = root.fork("language");
  const language = await seedDemoLanguage(
    database,
    { marketingId: demoMarketer.id, salesId: demoInsideSales.id },
    new Date(calendar.start - 30 * DAY + 10 * HOUR),
    () => languageIds.uuid(),
  );
  const reps = Object.fromEntries(
    TEAM_FUNCTIONS.map((t) => [t, teamMembers(staff, t).map((s) => s.id)]),
  ) as Record<TeamFunction, string[]>;

  // Campaigns: budgets grow with the lead volume so cost per lead stays believable at any size.
  const budgetScale = Math.min(30, Math.max(0.3, resolved.people / resolved.months / 1250));
  const campaigns = buildCampaigns(root.fork("campaigns"), calendar, {
    budgetScale,
    marketers: reps.marketing,
  });
  estimates.campaigns = campaigns.length;
  await copy(
    "campaigns",
    [
      "id",
      "name",
      "type",
      "starts_on",
      "ends_on",
      "budget",
      "created_by",
      "created_at",
      "updated_at",
      "version",
    ],
    campaigns.map((c) => {
      const created = new Date(c.at - 30 * DAY).toISOString();
      return [c.id, c.name, c.type, c.startsOn, c.endsOn, c.budget, c.createdBy, created, created, 1];
    }),
  );
  report("campaigns", true);

  const world: World = {
    random: root.fork("people"),
    calendar,
    campaigns: new CampaignIndex(campaigns),
    companies: new CompanyPool(root.fork("companies"), resolved.companies, reps.field_sales),
    teamIds,
    reps,
    lostReasons,
    emailHashes: new Set(),
    definitions: language.definitions,
    scoring: language.scoring,
    relay: {
      ...relaySettings,
      managers: Object.fromEntries(
        TEAM_FUNCTIONS.map((t) => [t, staff.find((s) => s.isDemoLogin && s.team === t)?.id ?? reps[t][0]!]),
      ) as Record<TeamFunction, string>,
      openWindowDays: openWindows(resolved.people / (resolved.months * 21)),
      now: now.getTime(),
    },
    staffNames: new Map(staff.map((s) => [s.id, formatPersonName(s.familyName, s.givenName)])),
  };

  const loadPeople = async () => {
    const batchSize = options.batchSize ?? 2_000;
    const span = calendar.end - calendar.start;
    const growth = 1; // lead volume doubles over the period: the company is growing
    let pending: Promise<unknown> = Promise.resolve();
    for (let first = 0; first < resolved.people; first += batchSize) {
      if (options.signal?.aborted) {
        await pending;
        options.signal.throwIfAborted();
      }
      const sink: RowSink = {
        companies: [],
        people: [],
        stageChanges: [],
        activities: [],
        opportunities: [],
        handoffs: [],
        relayEvents: [],
        notifications: [],
      };
      const last = Math.min(resolved.people, first + batchSize);
      for (let i = first; i < last; i++) {
        // Stratified, sorted creation times: person i is born in the i-th slice of a growing volume.
        const u = (i + world.random.next()) / resolved.people;
        const x = (Math.sqrt(1 + growth * (2 + growth) * u) - 1) / growth;
        simulatePerson(world, calendar.start + Math.floor(x * span), sink);
      }
      // Children need their parents committed; a round's children load while the next round is generated.
      await pending;
      await copy("companies", COMPANY_COLUMNS, sink.companies);
      await copy("people", PEOPLE_COLUMNS, sink.people);
      const children = [
        () => copy("stage_changes", STAGE_CHANGE_COLUMNS, sink.stageChanges),
        () => copy("activities", ACTIVITY_COLUMNS, sink.activities),
        () => copy("opportunities", OPPORTUNITY_COLUMNS, sink.opportunities),
        // Events need their handoffs and notifications their events: one chain.
        async () => {
          await copy("handoffs", HANDOFF_COPY.columns, sink.handoffs);
          await copy("relay_events", RELAY_EVENT_COPY.columns, sink.relayEvents);
          await copy("notifications", NOTIFICATION_COPY.columns, sink.notifications);
        },
      ];
      pending =
        database.kind === "postgres"
          ? Promise.all(children.map((load) => load()))
          : children.reduce((chain, load) => chain.then(load), Promise.resolve());
      // Handled at the next await; this only keeps Node from reporting it as unhandled meanwhile.
      pending.catch(() => undefined);
    }
    await pending;

    // Companies nobody has contacted yet came from a purchased list, before the period began.
    const listRandom = root.fork("company-list");
    const untouched: unknown[][] = [];
    for (let i = 0; i < world.companies.count; i++) {
      if (!Number.isNaN(world.companies.createdAt[i]!)) continue;
      world.companies.createdAt[i] = calendar.start - Math.floor(listRandom.next() * 365 * DAY);
      untouched.push(world.companies.row(i));
      if (untouched.length >= 10_000) await copy("companies", COMPANY_COLUMNS, untouched.splice(0));
    }
    await copy("companies", COMPANY_COLUMNS, untouched);
    for (const table of [
      "companies",
      "people",
      "stage_changes",
      "activities",
      "opportunities",
      "handoffs",
      "relay_events",
      "notifications",
    ] as const)
      report(table, true);
  };

  if (options.deferIndexes ?? resolved.people >= DEFER_INDEXES_FROM) {
    await withDeferredIndexes(
      database,
      [
        "companies",
        "people",
        "stage_changes",
        "activities",
        "opportunities",
        "handoffs",
        "relay_events",
        "notifications",
      ],
      loadPeople,
      () => onProgress({ kind: "step", step: "indexes", finished: false }),
    );
    onProgress({ kind: "step", step: "indexes", finished: true });
  } else {
    await loadPeople();
  }

  // A 年度 goal sized from the revenue just generated, so the plan and pacing show real numbers.
  await seedDemoGoal(database, root.fork("goals"), {
    today: resolved.today,
    now,
    historyMonths: resolved.months,
    managerId: staff.find((s) => s.isDemoLogin && s.role === "manager")!.id,
    salesId: staff.find((s) => s.isDemoLogin && s.role === "field_sales")!.id,
  });

  if (resolved.people < SCORE_IN_BACKGROUND_FROM) {
    onProgress({ kind: "step", step: "scores", finished: false });
    await scoreDemo(database, language.scoringModelId, now);
    onProgress({ kind: "step", step: "scores", finished: true });
  } else {
    // At benchmark sizes scoring everyone takes minutes; the server runs it as a job with progress.
    await database.db.execute(
      sql`insert into jobs (kind, status, payload, created_at) values ('rescore_all', 'queued', '{"reason":"demo"}'::jsonb, ${now})`,
    );
  }

  await recordAudit(database.db, null, now, {
    action: "demo.seed",
    entityType: "system",
    entityId: null,
    after: { ...resolved, counts },
  });
  onProgress({ kind: "step", step: "analyze", finished: false });
  // VACUUM too: it marks the freshly loaded pages all-visible, so the rescore's index-only scan
  // of activities (activities_person_day_idx) does not visit the table for each row.
  await database.db.execute(sql`vacuum (analyze)`);
  onProgress({ kind: "step", step: "analyze", finished: true });

  return {
    options: resolved,
    counts,
    durationMs: performance.now() - startedAt,
    logins: ROLES.map((role) => ({ role, email: demoLoginEmail(role), password: DEMO_PASSWORD })),
  };
}

async function readTeams(database: Database): Promise<Record<TeamFunction, string>> {
  const rows = await queryRows<{ id: string; function: TeamFunction }>(
    database.db,
    sql`select distinct on (function) id, function from teams order by function, created_at, key`,
  );
  const teams = Object.fromEntries(rows.map((r) => [r.function, r.id])) as Record<TeamFunction, string>;
  const missing = TEAM_FUNCTIONS.filter((t) => !teams[t]);
  if (missing.length) throw new Error(`Teams missing (run the migrations first): ${missing.join(", ")}`);
  return teams;
}

async function readLostReasons(database: Database): Promise<Weighted<LostReason>> {
  const rows = await queryRows<{ id: string; key: string; label_ja: string }>(
    database.db,
    sql`select id, key, label_ja from lost_reasons where active order by sort_order, key`,
  );
  if (rows.length === 0) throw new Error("No lost reasons (run the migrations first)");
  return new Weighted(
    rows.map(
      (r) => [{ id: r.id, key: r.key, labelJa: r.label_ja }, LOST_REASON_WEIGHTS[r.key] ?? 1] as const,
    ),
  );
}

/** The relay as the migration configured it: the SLA of each edge and the rejection reasons. */
async function readRelaySettings(database: Database): Promise<Pick<DemoRelay, "edges" | "reasons">> {
  const policies = await queryRows<{
    id: string;
    business_minutes: number;
    from_id: string;
    from_key: string;
    from_function: TeamFunction;
    from_ja: string;
    from_en: string;
    to_id: string;
    to_key: string;
    to_function: TeamFunction;
    to_ja: string;
    to_en: string;
  }>(
    database.db,
    sql`select p.id, p.business_minutes,
      f.id as from_id, f.key as from_key, f.function as from_function, f.name_ja as from_ja, f.name_en as from_en,
      t.id as to_id, t.key as to_key, t.function as to_function, t.name_ja as to_ja, t.name_en as to_en
    from sla_policies p join teams f on f.id = p.from_team_id join teams t on t.id = p.to_team_id`,
  );
  const edge = (from: TeamFunction, to: TeamFunction) => {
    const p = policies.find((row) => row.from_function === from && row.to_function === to);
    if (!p) throw new Error(`No SLA policy ${from} → ${to} (run the migrations first)`);
    const team = (id: string, key: string, nameJa: string, nameEn: string): RelayTeam => ({
      id,
      key,
      nameJa,
      nameEn,
    });
    return {
      policyId: p.id,
      minutes: p.business_minutes,
      from: team(p.from_id, p.from_key, p.from_ja, p.from_en),
      to: team(p.to_id, p.to_key, p.to_ja, p.to_en),
    };
  };
  const reasons = await queryRows<{
    id: string;
    key: string;
    label_ja: string;
    label_en: string;
    disqualifies: boolean;
  }>(
    database.db,
    sql`select id, key, label_ja, label_en, disqualifies from rejection_reasons where active order by sort_order, key`,
  );
  if (reasons.length === 0) throw new Error("No rejection reasons (run the migrations first)");
  const weighted = (team: "inside_sales" | "field_sales") => {
    const weights = HANDOFF_REJECTION_WEIGHTS[team];
    const known = reasons.filter((r) => (weights[r.key] ?? 0) > 0);
    return new Weighted<RelayReason>(
      (known.length ? known : reasons).map((r) => [
        { id: r.id, key: r.key, labelJa: r.label_ja, labelEn: r.label_en, disqualifies: r.disqualifies },
        weights[r.key] ?? 1,
      ]),
    );
  };
  return {
    edges: {
      mql: edge("marketing", "inside_sales"),
      sql: edge("inside_sales", "field_sales"),
      won: edge("field_sales", "customer_success"),
    },
    reasons: { inside_sales: weighted("inside_sales"), field_sales: weighted("field_sales") },
  };
}

/** Handoffs per person and year each receiving team gets in the simulation (measured). */
const HANDOFFS_PER_PERSON = { inside_sales: 0.17, field_sales: 0.04, customer_success: 0.004 } as const;

/**
 * How many business days back half the handoffs are still open, per team, so each inbox
 * holds about six at the seeding moment whatever the size (between 2 days and 8 weeks).
 */
function openWindows(peoplePerBusinessDay: number): DemoRelay["openWindowDays"] {
  const days = (share: number) =>
    Math.min(40, Math.max(2, Math.ceil(6 / (peoplePerBusinessDay * share * 0.5))));
  return {
    inside_sales: days(HANDOFFS_PER_PERSON.inside_sales),
    field_sales: days(HANDOFFS_PER_PERSON.field_sales),
    customer_success: days(HANDOFFS_PER_PERSON.customer_success),
  };
}
