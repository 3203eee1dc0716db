import type { CreateHandoffInput, HandoffResponse, RejectHandoffInput } from "@tasuki/contracts";
import {
  type ActivityType,
  type AssignmentMode,
  assertDecidable,
  assertHandoffStageFits,
  type BusinessCalendar,
  businessMinutesBetween,
  canActForTeam,
  canActOnOwned,
  formatPersonName,
  type HandoffState,
  isOpenHandoff,
  type LifecycleStage,
  personStageAfterRejection,
  pickAssignees,
  type SlaGoal,
  slaDeadlines,
  slaStatusAt,
  stagesOnAccept,
  type TeamFunction,
  type Temperature,
} from "@tasuki/domain";
import { recordAudit, recordAudits } from "../audit/audit.repository.ts";
import { loadCalendars, loadTeamCalendar } from "../calendar/calendar.service.ts";
import type { Db } from "../db/database.ts";
import { AppError, forbidden, notFound, versionConflict } from "../http/app-error.ts";
import type { Actor, Deps } from "../http/types.ts";
import { findOpportunity } from "../opportunities/opportunities.repository.ts";
import { findPerson, type PersonRow, updatePersonRow } from "../people/people.repository.ts";
import { moveStage } from "../people/stage-moves.service.ts";
import { findTeamById, findTeamByKey } from "../users/users.repository.ts";
import { toTeamRef, userNames } from "../users/users.service.ts";
import { resolveOpenHandoffs, responseMinutes } from "./handoff-resolution.ts";
import {
  findActivitySummaries,
  findHandoff,
  findHandoffCandidates,
  findHandoffView,
  findLastMarketingSender,
  findPendingHandoffForPerson,
  type HandoffFilter,
  type HandoffRow,
  type HandoffView,
  insertHandoffs,
  listActiveTeamMemberIds,
  listHandoffRows,
  updateHandoffRow,
} from "./handoffs.repository.ts";
import {
  actorRef,
  emitRelayEvent,
  emitRelayEvents,
  eventPayload,
  eventPayloads,
} from "./relay-events.service.ts";
import {
  ensureTeamSettings,
  findActiveRejectionReason,
  findSlaPolicyForEdge,
  findTeamSettings,
  isActiveTeamMember,
  listTeamMembersWithLoad,
  type RejectionReasonRow,
  updateTeamSettingsRow,
} from "./relay-settings.repository.ts";
import { toRejectionReasonResponse } from "./relay-settings.service.ts";

interface ResponseContext {
  now: Date;
  names: Map<string, string>;
  activities: Map<string, { id: string; type: string; occurredAt: Date; subject: string | null }>;
  calendarOf: (teamId: string) => BusinessCalendar;
}

const userRef = (id: string | null, names: Map<string, string>) =>
  id ? { id, name: names.get(id) ?? "" } : null;

export function toHandoffResponse(view: HandoffView, ctx: ResponseContext): HandoffResponse {
  const h = view.handoff;
  const deadlines = { dueAt: h.dueAt, atRiskAt: h.atRiskAt };
  const pending = isOpenHandoff(h.state as HandoffState);
  return {
    id: h.id,
    person: {
      id: h.personId,
      name: formatPersonName(view.personFamilyName, view.personGivenName),
      stage: view.personStage as LifecycleStage,
    },
    opportunity: h.opportunityId ? { id: h.opportunityId, name: view.opportunityName ?? "" } : null,
    fromTeam: toTeamRef(view.fromTeam),
    toTeam: toTeamRef(view.toTeam),
    createdBy: userRef(h.createdBy, ctx.names),
    batonNote: {
      whyNow: h.whyNow,
      engagedActivities: h.engagedActivityIds.flatMap((id) => {
        const a = ctx.activities.get(id);
        return a
          ? [{ id, type: a.type as ActivityType, occurredAt: a.occurredAt.toISOString(), subject: a.subject }]
          : [];
      }),
      temperature: h.temperature as Temperature | null,
      note: h.note,
    },
    assignee: userRef(h.assigneeUserId, ctx.names),
    state: h.state as HandoffState,
    slaPolicyId: h.slaPolicyId,
    slaGoal: view.slaGoal as SlaGoal,
    slaBusinessMinutes: h.slaBusinessMinutes,
    createdAt: h.createdAt.toISOString(),
    dueAt: h.dueAt.toISOString(),
    atRiskAt: h.atRiskAt.toISOString(),
    // A breach recorded by the sweep stands even if this server's clock lags behind it.
    slaStatus: slaStatusAt(
      h.decidedAt ?? new Date(Math.max(ctx.now.getTime(), h.breachedAt?.getTime() ?? 0)),
      deadlines,
    ),
    businessMinutesLeft: pending
      ? Math.round(businessMinutesBetween(ctx.now, h.dueAt, ctx.calendarOf(h.toTeamId)) * 100) / 100
      : null,
    escalatedTo: userRef(h.escalatedToUserId, ctx.names),
    breachedAt: h.breachedAt?.toISOString() ?? null,
    decidedAt: h.decidedAt?.toISOString() ?? null,
    decidedBy: userRef(h.decidedBy, ctx.names),
    rejectionReason: view.rejectionReason ? toRejectionReasonResponse(view.rejectionReason) : null,
    rejectionComment: h.rejectionComment,
    updatedAt: h.updatedAt.toISOString(),
    version: h.version,
  };
}

async function responseContext(deps: Deps, views: HandoffView[]): Promise<ResponseContext> {
  const rows = views.map((v) => v.handoff);
  const [names, activities, calendarOf] = await Promise.all([
    userNames(
      deps,
      rows.flatMap((h) => [h.createdBy, h.assigneeUserId, h.escalatedToUserId, h.decidedBy]),
    ),
    findActivitySummaries(deps.db, [...new Set(rows.flatMap((h) => h.engagedActivityIds))]),
    loadCalendars(deps.db),
  ]);
  return { now: deps.clock.now(), names, activities: new Map(activities.map((a) => [a.id, a])), calendarOf };
}

export async function getHandoff(deps: Deps, id: string): Promise<HandoffResponse> {
  const view = await findHandoffView(deps.db, id);
  if (!view) throw notFound("handoff");
  return toHandoffResponse(view, await responseContext(deps, [view]));
}

export async function listHandoffs(deps: Deps, filter: HandoffFilter) {
  const { rows, nextCursor } = await listHandoffRows(deps.db, filter, deps.clock.now());
  const ctx = await responseContext(deps, rows);
  return { items: rows.map((v) => toHandoffResponse(v, ctx)), nextCursor };
}

const validation = (path: string, message: string) =>
  new AppError("validation_failed", {}, [{ path, message }]);

function isUniqueViolation(error: unknown, constraint: string): boolean {
  for (let current = error, depth = 0; current && depth < 4; depth++) {
    const e = current as { code?: unknown; constraint?: unknown; cause?: unknown; message?: unknown };
    if (e.code === "23505" && (e.constraint === constraint || String(e.message).includes(constraint)))
      return true;
    current = e.cause;
  }
  return false;
}

/**
 * Picks the assignees of `count` handoffs arriving together by the receiving team's rule,
 * locking its settings row so handoffs made at once do not all go to the same "next" person.
 */
async function assignWithinTeam(tx: Db, teamId: string, count: number): Promise<(string | null)[]> {
  const none = () => new Array<null>(count).fill(null);
  // A queue assigns nobody, so it needs no lock: reading it unlocked keeps every write that opens a
  // handoff from queuing behind one row (single activity writes went 70/s under load with the lock).
  const current = await findTeamSettings(tx, teamId);
  if (current?.assignmentMode === "queue") return none();
  if (!current) await ensureTeamSettings(tx, teamId);
  const settings = (await findTeamSettings(tx, teamId, true))!;
  const mode = settings.assignmentMode as AssignmentMode;
  if (mode === "queue") return none();
  const picked = pickAssignees(
    mode,
    await listTeamMembersWithLoad(tx, teamId),
    settings.lastAssignedUserId,
    count,
  );
  if (picked.lastAssignedUserId !== settings.lastAssignedUserId)
    await updateTeamSettingsRow(tx, teamId, null, { lastAssignedUserId: picked.lastAssignedUserId });
  return picked.assignees;
}

interface HandoffValues {
  personId: string;
  opportunityId: string | null;
  fromTeamId: string;
  toTeamId: string;
  whyNow: string;
  engagedActivityIds: string[];
  temperature: Temperature | null;
  note: string | null;
  assigneeUserId: string | null;
  slaPolicyId: string;
  slaBusinessMinutes: number;
  dueAt: Date;
  atRiskAt: Date;
}

/**
 * Inserts checked handoffs to one receiving team, assigns the unassigned ones by the team's
 * rule, audits them and tells the receivers: a constant number of statements however many.
 */
async function insertHandoffsWithEvents(
  tx: Db,
  actor: Actor | null,
  now: Date,
  toTeamId: string,
  values: HandoffValues[],
): Promise<HandoffRow[]> {
  if (values.length === 0) return [];
  const unassigned = values.filter((v) => !v.assigneeUserId);
  const assignees = unassigned.length ? await assignWithinTeam(tx, toTeamId, unassigned.length) : [];
  const assigneeOf = new Map(unassigned.map((v, i) => [v, assignees[i] ?? null]));
  const rows = await insertHandoffs(
    tx,
    values.map((v) => ({
      ...v,
      toTeamId,
      assigneeUserId: v.assigneeUserId ?? assigneeOf.get(v) ?? null,
      createdBy: actor?.userId ?? null,
      createdAt: now,
      updatedAt: now,
    })),
  );
  await recordAudits(
    tx,
    actor,
    now,
    rows.map((row) => ({ action: "handoff.create", entityType: "handoff", entityId: row.id, after: row })),
  );
  const teamMembers = rows.some((r) => !r.assigneeUserId) ? await listActiveTeamMemberIds(tx, toTeamId) : [];
  const payloads = await eventPayloads(tx, rows, { actor: await actorRef(tx, actor) });
  await emitRelayEvents(
    tx,
    "handoff.created",
    rows.map((row, i) => ({
      payload: payloads[i]!,
      recipients: row.assigneeUserId ? [row.assigneeUserId] : teamMembers,
    })),
    now,
  );
  return rows;
}

/** Which relay edge a stage reached by definition hands the person along. */
const EDGE_FOR_STAGE: Partial<Record<LifecycleStage, [string, string]>> = {
  mql: ["marketing", "inside_sales"],
  sql: ["inside_sales", "field_sales"],
  won: ["field_sales", "customer_success"],
};

/**
 * People who just met a definition are handed on automatically (an MQL goes to inside sales),
 * inside the transaction that moved them. The baton note says which definition and shows their
 * latest activities; people who already have a pending handoff keep it. Set-based: a batch of
 * activities that moves hundreds of people opens their handoffs in a few statements.
 */
export async function openHandoffsForDefinition(
  tx: Db,
  actor: Actor | null,
  personIds: string[],
  stage: LifecycleStage,
  whyNow: string,
  now: Date,
): Promise<number> {
  if (personIds.length === 0) return 0;
  // Moved by a definition, not by the handoff: their open batons are resolved first.
  await resolveOpenHandoffs(tx, actor, personIds, stage, now);
  const edge = EDGE_FOR_STAGE[stage];
  if (!edge) return 0;
  const [fromTeam, toTeam] = await Promise.all([findTeamByKey(tx, edge[0]), findTeamByKey(tx, edge[1])]);
  if (!fromTeam || !toTeam) return 0;
  const policy = await findSlaPolicyForEdge(tx, fromTeam.id, toTeam.id);
  if (!policy) return 0;
  const deadlines = slaDeadlines(now, policy.businessMinutes, await loadTeamCalendar(tx, toTeam.id));
  const candidates = (await findHandoffCandidates(tx, personIds, 5)).filter((c) => !c.hasOpenHandoff);
  const rows = await insertHandoffsWithEvents(
    tx,
    actor,
    now,
    toTeam.id,
    candidates.map((person) => ({
      personId: person.id,
      opportunityId: null,
      fromTeamId: fromTeam.id,
      toTeamId: toTeam.id,
      whyNow,
      engagedActivityIds: person.recentActivityIds,
      temperature: (person.temperature as Temperature | null) ?? null,
      note: null,
      assigneeUserId: null,
      slaPolicyId: policy.id,
      slaBusinessMinutes: policy.businessMinutes,
      dueAt: deadlines.dueAt,
      atRiskAt: deadlines.atRiskAt,
    })),
  );
  return rows.length;
}

/**
 * Only the holder passes the baton, and only on its own leg: the sender must be allowed to act on
 * the person (their owner, their team, an unowned person, or a manager/admin: `canActOnOwned`),
 * and the person's stage must be one the receiving team takes (`HANDOFF_STAGES_BY_RECEIVER`).
 * The system (definition auto-advance, no actor) hands on set-based and is not checked here.
 */
function assertMayHandOff(
  actor: Actor | null,
  person: PersonRow,
  fromTeam: { function: string },
  toTeam: { function: string },
): void {
  if (actor && !canActOnOwned(actor, { ownerId: person.ownerId, teamId: person.teamId }))
    throw new AppError("handoff_not_holder");
  assertHandoffStageFits(
    fromTeam.function as TeamFunction,
    toTeam.function as TeamFunction,
    person.stage as LifecycleStage,
  );
}

/**
 * Hands a person to the next team with a baton note. The SLA is the edge's policy counted on the
 * receiving team's business calendar from now; the deadlines are fixed here, once.
 */
export async function createHandoff(deps: Deps, actor: Actor | null, input: CreateHandoffInput) {
  const person = await findPerson(deps.db, input.personId);
  if (!person) throw notFound("person");
  const fromTeamId = input.fromTeamId ?? actor?.teamId ?? null;
  if (!fromTeamId)
    throw validation("fromTeamId", "送り元のチームを指定してください / choose the sending team");
  if (actor && !canActForTeam(actor, fromTeamId)) throw forbidden();
  const [fromTeam, toTeam] = await Promise.all([
    findTeamById(deps.db, fromTeamId),
    findTeamById(deps.db, input.toTeamId),
  ]);
  if (!fromTeam || !toTeam) throw notFound("team");
  if (fromTeam.id === toTeam.id)
    throw validation("toTeamId", "送り元と同じチームには引き渡せません / cannot hand off to the same team");
  const policy = await findSlaPolicyForEdge(deps.db, fromTeam.id, toTeam.id);
  if (!policy) throw new AppError("no_sla_policy", { from: fromTeam.function, to: toTeam.function });
  assertMayHandOff(actor, person, fromTeam, toTeam);
  if (input.opportunityId) {
    const opportunity = await findOpportunity(deps.db, input.opportunityId);
    if (!opportunity) throw notFound("opportunity");
  }
  const activityIds = [...new Set(input.engagedActivityIds)];
  const found = await findActivitySummaries(deps.db, activityIds);
  if (found.length !== activityIds.length || found.some((a) => a.personId !== person.id)) {
    throw validation(
      "engagedActivityIds",
      "この人物の活動ではないIDが含まれています / some ids are not activities of this person",
    );
  }
  if (input.assigneeId && !(await isActiveTeamMember(deps.db, input.assigneeId, toTeam.id))) {
    throw validation(
      "assigneeId",
      "担当者は受け取るチームの有効なメンバーにしてください / the assignee must be an active member of the receiving team",
    );
  }
  const now = deps.clock.now();
  const calendar = await loadTeamCalendar(deps.db, toTeam.id);
  const deadlines = slaDeadlines(now, policy.businessMinutes, calendar);
  let id: string;
  try {
    id = await deps.db.transaction(async (tx) => {
      // Checked again on the locked row: the person may have moved or changed hands meanwhile.
      const locked = await findPerson(tx, person.id, true);
      if (!locked) throw notFound("person");
      assertMayHandOff(actor, locked, fromTeam, toTeam);
      if (await findPendingHandoffForPerson(tx, person.id)) throw new AppError("handoff_pending_exists");
      const [row] = await insertHandoffsWithEvents(tx, actor, now, toTeam.id, [
        {
          personId: person.id,
          opportunityId: input.opportunityId ?? null,
          fromTeamId: fromTeam.id,
          toTeamId: toTeam.id,
          whyNow: input.whyNow,
          engagedActivityIds: activityIds,
          temperature: input.temperature ?? null,
          note: input.note ?? null,
          assigneeUserId: input.assigneeId ?? null,
          slaPolicyId: policy.id,
          slaBusinessMinutes: policy.businessMinutes,
          dueAt: deadlines.dueAt,
          atRiskAt: deadlines.atRiskAt,
        },
      ]);
      return row!.id;
    });
  } catch (error) {
    // Two handoffs of one person at the same moment: the partial unique index lets one through.
    if (isUniqueViolation(error, "handoffs_one_open_per_person"))
      throw new AppError("handoff_pending_exists");
    throw error;
  }
  return getHandoff(deps, id);
}

/**
 * Locks the handoff for a decision: only the receiving team (or an admin or manager) decides,
 * only once. Two decisions at the same moment queue on the row lock; the second one finds it
 * decided and gets `handoff_already_decided`.
 */
async function lockForDecision(tx: Db, actor: Actor, id: string, version: number) {
  const handoff = await findHandoff(tx, id, true);
  if (!handoff) throw notFound("handoff");
  if (!canActForTeam(actor, handoff.toTeamId)) throw forbidden();
  assertDecidable({ state: handoff.state as HandoffState });
  if (handoff.version !== version) throw versionConflict(handoff.version);
  const toTeam = (await findTeamById(tx, handoff.toTeamId))!;
  return { handoff, toTeam };
}

/** Moves the person after a decision and gives them to the team that now holds the baton. */
async function movePerson(
  tx: Db,
  actor: Actor,
  personId: string,
  path: LifecycleStage[],
  reason: string,
  holder: { teamId: string; ownerId?: string | null },
  now: Date,
): Promise<void> {
  let person = (await findPerson(tx, personId, true)) as PersonRow;
  for (const to of path) person = (await moveStage(tx, actor, person, { to, reason }, now)).person;
  const changes = {
    teamId: holder.teamId,
    ...(holder.ownerId !== undefined ? { ownerId: holder.ownerId } : {}),
  };
  if (
    person.teamId === changes.teamId &&
    (changes.ownerId === undefined || person.ownerId === changes.ownerId)
  )
    return;
  const after = await updatePersonRow(tx, person.id, person.version, { ...changes, updatedAt: now });
  if (!after) throw versionConflict(person.version);
  await recordAudit(tx, actor, now, {
    action: "person.update",
    entityType: "person",
    entityId: person.id,
    before: { teamId: person.teamId, ownerId: person.ownerId, version: person.version },
    after: { teamId: after.teamId, ownerId: after.ownerId, version: after.version, reason },
  });
}

/** The receiving team takes the baton: the person moves forward where the lifecycle allows and is theirs now. */
export async function acceptHandoff(deps: Deps, actor: Actor, id: string, input: { version: number }) {
  const now = deps.clock.now();
  await deps.db.transaction(async (tx) => {
    const { handoff, toTeam } = await lockForDecision(tx, actor, id, input.version);
    const assignee = handoff.assigneeUserId ?? actor.userId;
    const after = (await updateHandoffRow(tx, id, handoff.version, {
      state: "accepted",
      assigneeUserId: assignee,
      decidedAt: now,
      decidedBy: actor.userId,
      responseBusinessMinutes: await responseMinutes(tx, handoff, now),
      updatedAt: now,
    }))!;
    await recordAudit(tx, actor, now, {
      action: "handoff.accept",
      entityType: "handoff",
      entityId: id,
      before: handoff,
      after,
    });
    const person = (await findPerson(tx, handoff.personId))!;
    // A lead or a recycled person walks through MQL: handing them on was marketing's qualification.
    const path = stagesOnAccept(toTeam.function as TeamFunction, person.stage as LifecycleStage);
    await movePerson(
      tx,
      actor,
      person.id,
      path,
      `引き渡し承認（${toTeam.nameJa}）`,
      { teamId: toTeam.id, ownerId: assignee },
      now,
    );
    await emitRelayEvent(
      tx,
      "handoff.accepted",
      await eventPayload(tx, after, { actor: await actorRef(tx, actor) }),
      after.createdBy ? [after.createdBy] : [],
      now,
    );
  });
  return getHandoff(deps, id);
}

/**
 * The receiving team sends the person back with a reason from the shared taxonomy: to nurture,
 * or out of the relay when the reason disqualifies. The sending team hears why, in its inbox.
 */
export async function rejectHandoff(deps: Deps, actor: Actor, id: string, input: RejectHandoffInput) {
  const now = deps.clock.now();
  await deps.db.transaction(async (tx) => {
    const { handoff, toTeam } = await lockForDecision(tx, actor, id, input.version);
    const reason: RejectionReasonRow | null = await findActiveRejectionReason(tx, input.reasonId);
    if (!reason) {
      throw validation(
        "reasonId",
        "この差し戻し理由は存在しないか無効です / this rejection reason does not exist or is inactive",
      );
    }
    const after = (await updateHandoffRow(tx, id, handoff.version, {
      state: "rejected",
      // Whoever decides answers for it in SLA compliance when nobody was assigned.
      assigneeUserId: handoff.assigneeUserId ?? actor.userId,
      decidedAt: now,
      decidedBy: actor.userId,
      responseBusinessMinutes: await responseMinutes(tx, handoff, now),
      rejectionReasonId: reason.id,
      rejectionComment: input.comment,
      updatedAt: now,
    }))!;
    await recordAudit(tx, actor, now, {
      action: "handoff.reject",
      entityType: "handoff",
      entityId: id,
      before: handoff,
      after,
    });
    const person = (await findPerson(tx, handoff.personId))!;
    const to = personStageAfterRejection(reason.disqualifies, person.stage as LifecycleStage);
    // Back to nurture is marketing's work, whichever edge sent the person back: marketing owns
    // recycled (and disqualified) people. The owner: the marketer who already holds them, else
    // the marketer who last handed them on, else marketing's manager (who triages the returns).
    const marketing = (await findTeamByKey(tx, "marketing")) ?? (await findTeamById(tx, handoff.fromTeamId))!;
    const holder =
      person.ownerId && (await isActiveTeamMember(tx, person.ownerId, marketing.id))
        ? person.ownerId
        : ((await findLastMarketingSender(tx, person.id)) ?? marketing.managerUserId ?? null);
    await movePerson(
      tx,
      actor,
      person.id,
      to ? [to] : [],
      `差し戻し（${toTeam.nameJa}）: ${reason.labelJa} — ${input.comment}`,
      { teamId: marketing.id, ownerId: holder },
      now,
    );
    const senders = await listActiveTeamMemberIds(tx, handoff.fromTeamId);
    await emitRelayEvent(
      tx,
      "handoff.rejected",
      await eventPayload(tx, after, {
        actor: await actorRef(tx, actor),
        reason: { key: reason.key, labelJa: reason.labelJa, labelEn: reason.labelEn },
        comment: input.comment,
      }),
      [...senders, ...(after.createdBy ? [after.createdBy] : [])],
      now,
    );
  });
  return getHandoff(deps, id);
}
