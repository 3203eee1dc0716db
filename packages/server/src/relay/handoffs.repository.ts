import { OPEN_HANDOFF_STATES } from "@tasuki/domain";
import { and, desc, eq, inArray, type SQL, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { arrayLiteral, type Db, queryRows } from "../db/database.ts";
import { keyset, type SortSpec, toPage } from "../db/pagination.ts";
import {
  activities,
  handoffs,
  opportunities,
  people,
  rejectionReasons,
  slaPolicies,
  teams,
  users,
} from "../db/schema.ts";

export type HandoffRow = typeof handoffs.$inferSelect;

const fromTeams = alias(teams, "from_teams");
const toTeams = alias(teams, "to_teams");

const handoffSelection = {
  handoff: handoffs,
  personFamilyName: people.familyName,
  personGivenName: people.givenName,
  personStage: people.stage,
  opportunityName: opportunities.name,
  fromTeam: { id: fromTeams.id, key: fromTeams.key, nameJa: fromTeams.nameJa, nameEn: fromTeams.nameEn },
  toTeam: { id: toTeams.id, key: toTeams.key, nameJa: toTeams.nameJa, nameEn: toTeams.nameEn },
  rejectionReason: rejectionReasons,
  slaGoal: slaPolicies.goal,
};
export interface HandoffView {
  handoff: HandoffRow;
  personFamilyName: string;
  personGivenName: string | null;
  personStage: string;
  opportunityName: string | null;
  fromTeam: { id: string; key: string; nameJa: string; nameEn: string };
  toTeam: { id: string; key: string; nameJa: string; nameEn: string };
  rejectionReason: typeof rejectionReasons.$inferSelect | null;
  slaGoal: string;
}

function selectHandoffs(db: Db, extra: Record<string, SQL> = {}) {
  return db
    .select({ ...handoffSelection, ...extra })
    .from(handoffs)
    .innerJoin(people, eq(people.id, handoffs.personId))
    .leftJoin(opportunities, eq(opportunities.id, handoffs.opportunityId))
    .innerJoin(fromTeams, eq(fromTeams.id, handoffs.fromTeamId))
    .innerJoin(toTeams, eq(toTeams.id, handoffs.toTeamId))
    .leftJoin(rejectionReasons, eq(rejectionReasons.id, handoffs.rejectionReasonId))
    .innerJoin(slaPolicies, eq(slaPolicies.id, handoffs.slaPolicyId));
}

const SORTS: Record<string, SortSpec> = {
  createdAt: { expr: sql`${handoffs.createdAt}`, type: "timestamptz" },
  dueAt: { expr: sql`${handoffs.dueAt}`, type: "timestamptz" },
};

/** SLA status as of `now`: for decided handoffs, as of the decision (mirrors `slaStatusAt`). */
function slaStatusExpr(now: Date): SQL {
  const at = sql`coalesce(${handoffs.decidedAt}, greatest(${handoffs.breachedAt}, ${now.toISOString()}::timestamptz))`;
  return sql`case when ${at} >= ${handoffs.dueAt} then 'breached' when ${at} >= ${handoffs.atRiskAt} then 'at_risk' else 'on_track' end`;
}

/**
 * How a handoff ended against its SLA as of `now` (see SLA_OUTCOMES in contracts): the one
 * definition both getSlaCompliance and the listHandoffs filter use, so every number clicks
 * through to exactly the handoffs it counted.
 */
export function slaOutcomeExpr(now: Date): SQL {
  const at = sql`${now.toISOString()}::timestamptz`;
  return sql`case
    when ${handoffs.decidedAt} is null then
      case when greatest(${at}, coalesce(${handoffs.breachedAt}, ${at})) >= ${handoffs.dueAt} then 'breached' else 'pending' end
    when ${handoffs.decidedAt} >= ${handoffs.dueAt} then 'breached'
    when ${handoffs.state} = 'withdrawn' then 'withdrawn'
    else 'met' end`;
}

/** `[from 00:00 JST, to + 1 day 00:00 JST)` as instants. */
export function jstPeriod(from: string, to: string): { start: Date; end: Date } {
  const start = new Date(`${from}T00:00:00+09:00`);
  const end = new Date(new Date(`${to}T00:00:00+09:00`).getTime() + 86_400_000);
  return { start, end };
}

export interface HandoffFilter {
  teamId?: string;
  fromTeamId?: string;
  assigneeId?: string;
  unassigned?: boolean;
  personId?: string;
  state?: string[];
  slaStatus?: string[];
  slaOutcome?: string[];
  from?: string;
  to?: string;
  sort: string;
  order: "asc" | "desc";
  cursor?: string;
  limit: number;
}

export async function listHandoffRows(db: Db, filter: HandoffFilter, now: Date) {
  const page = keyset(SORTS[filter.sort]!, handoffs.id, filter.order, filter.cursor);
  const conditions: (SQL | undefined)[] = [
    filter.teamId ? eq(handoffs.toTeamId, filter.teamId) : undefined,
    filter.fromTeamId ? eq(handoffs.fromTeamId, filter.fromTeamId) : undefined,
    filter.assigneeId ? eq(handoffs.assigneeUserId, filter.assigneeId) : undefined,
    filter.unassigned === true ? sql`${handoffs.assigneeUserId} is null` : undefined,
    filter.unassigned === false ? sql`${handoffs.assigneeUserId} is not null` : undefined,
    filter.personId ? eq(handoffs.personId, filter.personId) : undefined,
    filter.from
      ? sql`${handoffs.createdAt} >= ${jstPeriod(filter.from, filter.from).start.toISOString()}::timestamptz`
      : undefined,
    filter.to
      ? sql`${handoffs.createdAt} < ${jstPeriod(filter.to, filter.to).end.toISOString()}::timestamptz`
      : undefined,
    filter.slaOutcome
      ? sql`${slaOutcomeExpr(now)} in (${sql.join(
          filter.slaOutcome.map((s) => sql`${s}`),
          sql`, `,
        )})`
      : undefined,
    filter.state ? inArray(handoffs.state, filter.state) : undefined,
    filter.slaStatus
      ? sql`${slaStatusExpr(now)} in (${sql.join(
          filter.slaStatus.map((s) => sql`${s}`),
          sql`, `,
        )})`
      : undefined,
    page.where,
  ];
  const rows = await selectHandoffs(db, { sortKey: page.sortKey })
    .where(and(...conditions))
    .orderBy(...page.orderBy)
    .limit(filter.limit + 1);
  const { rows: pageRows, nextCursor } = toPage(
    rows.map((r) => ({ ...(r as HandoffView & { sortKey: string }), id: r.handoff.id })),
    filter.limit,
  );
  return { rows: pageRows as HandoffView[], nextCursor };
}

export async function findHandoffView(db: Db, id: string): Promise<HandoffView | null> {
  return (await findHandoffViews(db, [id]))[0] ?? null;
}

export async function findHandoffViews(db: Db, ids: string[]): Promise<HandoffView[]> {
  if (ids.length === 0) return [];
  return (await selectHandoffs(db).where(inArray(handoffs.id, ids))) as HandoffView[];
}

export async function findHandoff(db: Db, id: string, forUpdate = false): Promise<HandoffRow | null> {
  const query = db.select().from(handoffs).where(eq(handoffs.id, id)).limit(1);
  const rows = forUpdate ? await query.for("update") : await query;
  return rows[0] ?? null;
}

/** The person's open handoff (waiting, or breached and still waiting); there is at most one. */
export async function findPendingHandoffForPerson(db: Db, personId: string): Promise<HandoffRow | null> {
  const rows = await db
    .select()
    .from(handoffs)
    .where(and(eq(handoffs.personId, personId), inArray(handoffs.state, OPEN_HANDOFF_STATES)))
    .limit(1);
  return rows[0] ?? null;
}

/** Open handoffs of these people, locked: a stage change is about to resolve them. */
export async function lockOpenHandoffsOfPeople(db: Db, personIds: string[]): Promise<HandoffRow[]> {
  if (personIds.length === 0) return [];
  return db
    .select()
    .from(handoffs)
    .where(and(inArray(handoffs.personId, personIds), inArray(handoffs.state, OPEN_HANDOFF_STATES)))
    .for("update");
}

/** The marketer who last handed the person on (null when the relay did it by itself or nobody did). */
export async function findLastMarketingSender(db: Db, personId: string): Promise<string | null> {
  const rows = await db
    .select({ createdBy: handoffs.createdBy })
    .from(handoffs)
    .innerJoin(teams, eq(teams.id, handoffs.fromTeamId))
    .innerJoin(users, eq(users.id, handoffs.createdBy))
    .where(
      and(
        eq(handoffs.personId, personId),
        eq(teams.function, "marketing"),
        eq(users.active, true),
        eq(users.teamId, handoffs.fromTeamId),
      ),
    )
    .orderBy(desc(handoffs.createdAt))
    .limit(1);
  return rows[0]?.createdBy ?? null;
}

/** Inserts handoffs in one statement; the rows come back in the order given. */
export async function insertHandoffs(
  db: Db,
  values: (typeof handoffs.$inferInsert)[],
): Promise<HandoffRow[]> {
  if (values.length === 0) return [];
  const rows = await db.insert(handoffs).values(values).returning();
  // At most one open handoff per person, so the person finds each row whatever order comes back.
  const byPerson = new Map(rows.map((r) => [r.personId, r]));
  return values.map((v) => byPerson.get(v.personId)!);
}

export async function updateHandoffRow(
  db: Db,
  id: string,
  expectedVersion: number,
  values: Partial<typeof handoffs.$inferInsert>,
): Promise<HandoffRow | null> {
  const rows = await db
    .update(handoffs)
    .set({ ...values, version: sql`${handoffs.version} + 1` })
    .where(and(eq(handoffs.id, id), eq(handoffs.version, expectedVersion)))
    .returning();
  return rows[0] ?? null;
}

export interface ActivitySummary {
  id: string;
  personId: string;
  type: string;
  occurredAt: Date;
  subject: string | null;
}

export async function findActivitySummaries(db: Db, ids: string[]): Promise<ActivitySummary[]> {
  if (ids.length === 0) return [];
  return db
    .select({
      id: activities.id,
      personId: activities.personId,
      type: activities.type,
      occurredAt: activities.occurredAt,
      subject: activities.subject,
    })
    .from(activities)
    .where(inArray(activities.id, ids));
}

/**
 * Pending handoffs that entered their last quarter, not yet announced, locked for this
 * sweep; another instance sweeping at the same time skips them instead of announcing twice.
 */
export async function lockHandoffsNewlyAtRisk(db: Db, now: Date, limit: number): Promise<HandoffRow[]> {
  return db
    .select()
    .from(handoffs)
    .where(
      sql`${handoffs.state} = 'pending' and ${handoffs.atRiskNotifiedAt} is null and ${handoffs.atRiskAt} <= ${now.toISOString()}::timestamptz and ${handoffs.dueAt} > ${now.toISOString()}::timestamptz`,
    )
    .orderBy(handoffs.atRiskAt)
    .limit(limit)
    .for("update", { skipLocked: true });
}

/** Pending handoffs past their due time, locked for this sweep (see lockHandoffsNewlyAtRisk). */
export async function lockHandoffsBreached(db: Db, now: Date, limit: number): Promise<HandoffRow[]> {
  return db
    .select()
    .from(handoffs)
    .where(sql`${handoffs.state} = 'pending' and ${handoffs.dueAt} <= ${now.toISOString()}::timestamptz`)
    .orderBy(handoffs.dueAt)
    .limit(limit)
    .for("update", { skipLocked: true });
}

/** Who a breach escalates to: the receiving team's manager, else every active manager. */
export async function findEscalationUsers(db: Db, teamId: string): Promise<string[]> {
  const team = await db
    .select({ managerUserId: teams.managerUserId })
    .from(teams)
    .where(eq(teams.id, teamId))
    .limit(1);
  const manager = team[0]?.managerUserId;
  if (manager) return [manager];
  const managers = await db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.role, "manager"), eq(users.active, true)))
    .orderBy(users.createdAt, users.id);
  return managers.map((m) => m.id);
}

export async function listActiveTeamMemberIds(db: Db, teamId: string): Promise<string[]> {
  const rows = await db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.teamId, teamId), eq(users.active, true)));
  return rows.map((r) => r.id);
}

export async function markAtRiskNotified(db: Db, id: string, at: Date): Promise<void> {
  await db.update(handoffs).set({ atRiskNotifiedAt: at }).where(eq(handoffs.id, id));
}

export interface HandoffCandidate {
  id: string;
  temperature: string | null;
  /** Already has a waiting handoff (at most one per person), so gets no new one. */
  hasOpenHandoff: boolean;
  /** The latest `recent` activity ids, newest first. */
  recentActivityIds: string[];
}

/** What opening a handoff needs of each of these people, in one statement. */
export async function findHandoffCandidates(
  db: Db,
  personIds: string[],
  recent: number,
): Promise<HandoffCandidate[]> {
  if (personIds.length === 0) return [];
  return queryRows<HandoffCandidate>(
    db,
    sql`select p.id, p.temperature,
        exists (select 1 from handoffs h where h.person_id = p.id and h.state = any(${arrayLiteral(OPEN_HANDOFF_STATES)}::text[])) as "hasOpenHandoff",
        coalesce((select json_agg(r.id order by r.occurred_at desc, r.id desc) from (
          select a.id::text as id, a.occurred_at from activities a where a.person_id = p.id
          order by a.occurred_at desc, a.id desc limit ${recent}
        ) r), '[]'::json) as "recentActivityIds"
      from people p where p.id = any(${arrayLiteral(personIds)}::uuid[])
      order by p.id`,
  );
}

export interface ComplianceRow {
  teamId: string;
  assigneeId: string | null;
  total: number;
  decided: number;
  withinSla: number;
  breached: number;
  pendingOnTrack: number;
  pendingAtRisk: number;
  pendingOverdue: number;
  withdrawn: number;
  medianResponse: number | null;
}

/**
 * SLA compliance of the handoffs received in a period, per receiving team and assignee, in one
 * set-based pass (the grouping sets give the team totals and the per-assignee rows at once).
 * The median is over decided handoffs' fixed response minutes, so no calendar is needed here.
 */
export async function complianceRows(
  db: Db,
  filter: { start: Date; end: Date; teamId?: string; assigneeId?: string },
  now: Date,
): Promise<{ teams: ComplianceRow[]; assignees: ComplianceRow[] }> {
  const outcome = slaOutcomeExpr(now);
  const at = sql`${now.toISOString()}::timestamptz`;
  const rows = await queryRows<ComplianceRow & { grouping: number }>(
    db,
    sql`with h as (
        select to_team_id, assignee_user_id, state, at_risk_at, decided_at, response_business_minutes,
          ${outcome} as outcome
        from ${handoffs}
        where created_at >= ${filter.start.toISOString()}::timestamptz
          and created_at < ${filter.end.toISOString()}::timestamptz
          ${filter.teamId ? sql`and to_team_id = ${filter.teamId}` : sql``}
          ${filter.assigneeId ? sql`and assignee_user_id = ${filter.assigneeId}` : sql``}
      )
      select to_team_id as "teamId", assignee_user_id as "assigneeId",
        grouping(assignee_user_id)::int as grouping,
        count(*)::int as total,
        count(*) filter (where state in ('accepted', 'rejected'))::int as decided,
        count(*) filter (where outcome = 'met')::int as "withinSla",
        count(*) filter (where outcome = 'breached')::int as breached,
        count(*) filter (where outcome = 'pending' and ${at} < at_risk_at)::int as "pendingOnTrack",
        count(*) filter (where outcome = 'pending' and ${at} >= at_risk_at)::int as "pendingAtRisk",
        count(*) filter (where decided_at is null and outcome = 'breached')::int as "pendingOverdue",
        count(*) filter (where state = 'withdrawn')::int as withdrawn,
        (percentile_cont(0.5) within group (order by response_business_minutes)
          filter (where state in ('accepted', 'rejected')))::float8 as "medianResponse"
      from h
      group by grouping sets ((to_team_id), (to_team_id, assignee_user_id))`,
  );
  return {
    teams: rows.filter((r) => r.grouping === 1),
    assignees: rows.filter((r) => r.grouping === 0),
  };
}
