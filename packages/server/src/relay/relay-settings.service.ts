import type {
  businessCalendarSchema,
  CreateRejectionReasonInput,
  rejectionReasonSchema,
  slaPolicySchema,
  UpdateBusinessCalendarInput,
  UpdateRejectionReasonInput,
} from "@tasuki/contracts";
import {
  type AssignmentMode,
  type BusinessCalendar,
  type BusinessCalendarOverride,
  type CompanyHoliday,
  calendarProblems,
  DEFAULT_BUSINESS_CALENDAR,
  resolveCalendar,
  type SlaGoal,
} from "@tasuki/domain";
import type { z } from "zod";
import { recordAudit } from "../audit/audit.repository.ts";
import type { Db } from "../db/database.ts";
import { AppError, notFound, versionConflict } from "../http/app-error.ts";
import type { Actor, Deps } from "../http/types.ts";
import { findTeamById, type TeamRow } from "../users/users.repository.ts";
import {
  type BusinessCalendarRow,
  ensureTeamSettings,
  findCalendarRow,
  findCalendarRows,
  findRejectionReason,
  findSlaPolicy,
  findTeamSettings,
  insertCalendarRow,
  insertRejectionReason,
  listCalendarRows,
  listRejectionReasonRows,
  listSlaPolicyRows,
  listTeamRows,
  listTeamSettingsRows,
  type RejectionReasonRow,
  type SlaPolicyRow,
  updateCalendarRow,
  updateRejectionReasonRow,
  updateSlaPolicyRow,
  updateTeamSettingsRow,
} from "./relay-settings.repository.ts";

type SlaPolicyResponse = z.infer<typeof slaPolicySchema>;
type RejectionReasonResponse = z.infer<typeof rejectionReasonSchema>;
type BusinessCalendarResponse = z.infer<typeof businessCalendarSchema>;

export function toTeamRef(team: Pick<TeamRow, "id" | "key" | "nameJa">) {
  return { id: team.id, key: team.key, name: team.nameJa };
}

export function toRejectionReasonResponse(row: RejectionReasonRow): RejectionReasonResponse {
  return {
    id: row.id,
    key: row.key,
    labelJa: row.labelJa,
    labelEn: row.labelEn,
    disqualifies: row.disqualifies,
    active: row.active,
    sortOrder: row.sortOrder,
    version: row.version,
  };
}

/** The shared taxonomy: active reasons for the reject dialog, all of them for settings. */
export async function listRejectionReasons(deps: Deps, includeInactive = false) {
  return { items: (await listRejectionReasonRows(deps.db, includeInactive)).map(toRejectionReasonResponse) };
}

/** `Not a fit` → `not_a_fit`; a label without latin letters gets a neutral code. */
function keyFromLabel(label: string): string {
  const slug = label
    .toLowerCase()
    .normalize("NFKC")
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "")
    .slice(0, 40);
  return /^[a-z][a-z0-9_]{1,39}$/.test(slug) ? slug : `reason_${Date.now().toString(36)}`;
}

/** Adds a reason to the shared taxonomy; both sides see it in their reject dialog at once. */
export async function createRejectionReason(deps: Deps, actor: Actor, input: CreateRejectionReasonInput) {
  const now = deps.clock.now();
  const row = await deps.db.transaction(async (tx) => {
    const existing = await listRejectionReasonRows(tx, true);
    const key = input.key ?? keyFromLabel(input.labelEn);
    if (existing.some((r) => r.key === key))
      throw new AppError("duplicate", {}, [
        { path: "key", message: "このキーは使われています / this key is taken" },
      ]);
    const created = await insertRejectionReason(tx, {
      key,
      labelJa: input.labelJa,
      labelEn: input.labelEn,
      disqualifies: input.disqualifies,
      sortOrder: input.sortOrder ?? Math.max(0, ...existing.map((r) => r.sortOrder)) + 10,
      updatedAt: now,
    });
    await recordAudit(tx, actor, now, {
      action: "rejection_reason.create",
      entityType: "rejection_reason",
      entityId: created.id,
      after: created,
    });
    return created;
  });
  return toRejectionReasonResponse(row);
}

/**
 * Renames, reorders or (de)activates a reason. The key never changes, and past handoffs keep
 * pointing at the reason, so a rename shows in history and trends under the new label.
 */
export async function updateRejectionReason(
  deps: Deps,
  actor: Actor,
  id: string,
  input: UpdateRejectionReasonInput,
) {
  const { version, ...values } = input;
  const now = deps.clock.now();
  const row = await deps.db.transaction(async (tx) => {
    const before = await findRejectionReason(tx, id, true);
    if (!before) throw notFound("rejection_reason");
    const after = await updateRejectionReasonRow(tx, id, version, { ...values, updatedAt: now });
    if (!after) throw versionConflict(before.version);
    if (!after.active && (await listRejectionReasonRows(tx, false)).length === 0) {
      throw new AppError("validation_failed", {}, [
        {
          path: "active",
          message: "有効な差し戻し理由を1つ以上残してください / keep at least one active rejection reason",
        },
      ]);
    }
    await recordAudit(tx, actor, now, {
      action: "rejection_reason.update",
      entityType: "rejection_reason",
      entityId: id,
      before,
      after,
    });
    return after;
  });
  return toRejectionReasonResponse(row);
}

// ── SLA policies ────────────────────────────────────────────────────────────────────────────

async function teamsById(db: Db): Promise<Map<string, TeamRow>> {
  return new Map((await listTeamRows(db)).map((t) => [t.id, t]));
}

function toSlaPolicyResponse(row: SlaPolicyRow, teams: Map<string, TeamRow>): SlaPolicyResponse {
  return {
    id: row.id,
    fromTeam: toTeamRef(teams.get(row.fromTeamId)!),
    toTeam: toTeamRef(teams.get(row.toTeamId)!),
    goal: row.goal as SlaGoal,
    businessMinutes: row.businessMinutes,
    updatedAt: row.updatedAt.toISOString(),
    version: row.version,
  };
}

export async function getSlaPolicies(deps: Deps) {
  const [rows, teams] = await Promise.all([listSlaPolicyRows(deps.db), teamsById(deps.db)]);
  return { items: rows.map((r) => toSlaPolicyResponse(r, teams)) };
}

/**
 * Changes SLA policies together (all or none). Pending handoffs keep the SLA they were made
 * under: a policy change is not retroactive, so nobody is breached by an edit.
 */
export async function updateSlaPolicies(
  deps: Deps,
  actor: Actor,
  input: { items: { id: string; goal?: SlaGoal; businessMinutes: number; version: number }[] },
) {
  const now = deps.clock.now();
  await deps.db.transaction(async (tx) => {
    for (const item of input.items) {
      const before = await findSlaPolicy(tx, item.id, true);
      if (!before) throw notFound("sla_policy");
      const after = await updateSlaPolicyRow(tx, item.id, item.version, {
        businessMinutes: item.businessMinutes,
        ...(item.goal ? { goal: item.goal } : {}),
        updatedAt: now,
      });
      if (!after) throw versionConflict(before.version);
      await recordAudit(tx, actor, now, {
        action: "sla_policy.update",
        entityType: "sla_policy",
        entityId: item.id,
        before,
        after,
      });
    }
  });
  return getSlaPolicies(deps);
}

// ── Business calendar ───────────────────────────────────────────────────────────────────────

const pad = (n: number) => String(n).padStart(2, "0");
export const minutesToTime = (minutes: number) => `${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`;
export function timeToMinutes(time: string): number {
  const [h, m] = time.split(":").map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
}

function overrideOf(row: BusinessCalendarRow): BusinessCalendarOverride {
  return {
    workdays: row.workdays,
    workStartMinute: row.workStartMinute,
    workEndMinute: row.workEndMinute,
    nationalHolidays: row.nationalHolidays,
    companyHolidays: row.companyHolidays as CompanyHoliday[] | null,
  };
}

/** The company calendar from its row (the migration makes it; the default is a safety net). */
function companyCalendar(row: BusinessCalendarRow | null): BusinessCalendar {
  return row ? resolveCalendar(DEFAULT_BUSINESS_CALENDAR, overrideOf(row)) : DEFAULT_BUSINESS_CALENDAR;
}

/** The calendar a team's SLAs run on: the company calendar with the team's overrides. */
export async function loadTeamCalendar(db: Db, teamId: string): Promise<BusinessCalendar> {
  const { company, team } = await findCalendarRows(db, teamId);
  return resolveCalendar(companyCalendar(company), team ? overrideOf(team) : null);
}

/** Every team's calendar at once, for lists; teams without an override use the company's. */
export async function loadCalendars(db: Db): Promise<(teamId: string) => BusinessCalendar> {
  const rows = await listCalendarRows(db);
  const company = companyCalendar(rows.find((r) => r.teamId === null) ?? null);
  const byTeam = new Map(
    rows.filter((r) => r.teamId !== null).map((r) => [r.teamId!, resolveCalendar(company, overrideOf(r))]),
  );
  return (teamId) => byTeam.get(teamId) ?? company;
}

function toSettings(calendar: BusinessCalendar) {
  return {
    workdays: [...calendar.workdays],
    workStart: minutesToTime(calendar.workStartMinute),
    workEnd: minutesToTime(calendar.workEndMinute),
    nationalHolidays: calendar.nationalHolidays,
    companyHolidays: [...calendar.companyHolidays],
  };
}

export async function getBusinessCalendar(deps: Deps): Promise<BusinessCalendarResponse> {
  const [rows, teams] = await Promise.all([listCalendarRows(deps.db), listTeamRows(deps.db)]);
  const companyRow = rows.find((r) => r.teamId === null) ?? null;
  const company = companyCalendar(companyRow);
  return {
    company: { ...toSettings(company), version: companyRow?.version ?? 1 },
    teams: teams.map((team) => {
      const row = rows.find((r) => r.teamId === team.id) ?? null;
      return {
        team: toTeamRef(team),
        override: row
          ? {
              workdays: row.workdays,
              workStart: row.workStartMinute === null ? null : minutesToTime(row.workStartMinute),
              workEnd: row.workEndMinute === null ? null : minutesToTime(row.workEndMinute),
              nationalHolidays: row.nationalHolidays,
              companyHolidays: row.companyHolidays as CompanyHoliday[] | null,
              version: row.version,
            }
          : null,
        effective: toSettings(resolveCalendar(company, row ? overrideOf(row) : null)),
      };
    }),
  };
}

const CALENDAR_PROBLEM_MESSAGES: Record<string, { path: string; message: string }> = {
  workdays: { path: "workdays", message: "営業日を1日以上選んでください / choose at least one working day" },
  workHours: {
    path: "workEnd",
    message: "終業時刻は始業時刻より後にしてください / the end of the day must be after its start",
  },
  companyHolidays: {
    path: "companyHolidays",
    message: "休日は MM-DD か YYYY-MM-DD で入力してください / use MM-DD or YYYY-MM-DD",
  },
};

/**
 * Updates the company calendar or a team's override (null fields inherit the company's). The
 * result must leave working time in every week, or SLAs could never come due. Pending handoffs
 * keep the due time computed when they were made.
 */
export async function updateBusinessCalendar(deps: Deps, actor: Actor, input: UpdateBusinessCalendarInput) {
  const { teamId, version, ...fields } = input;
  if (teamId && !(await findTeamById(deps.db, teamId))) throw notFound("team");
  if (teamId === null) {
    const missing = (Object.keys(fields) as (keyof typeof fields)[]).filter((k) => fields[k] === null);
    if (missing.length) {
      throw new AppError(
        "validation_failed",
        {},
        missing.map((path) => ({
          path,
          message: "会社のカレンダーでは空にできません / the company calendar needs a value",
        })),
      );
    }
  }
  const values: Partial<BusinessCalendarRow> = {};
  if (fields.workdays !== undefined)
    values.workdays = fields.workdays ? [...new Set(fields.workdays)].sort() : null;
  if (fields.workStart !== undefined)
    values.workStartMinute = fields.workStart === null ? null : timeToMinutes(fields.workStart);
  if (fields.workEnd !== undefined)
    values.workEndMinute = fields.workEnd === null ? null : timeToMinutes(fields.workEnd);
  if (fields.nationalHolidays !== undefined) values.nationalHolidays = fields.nationalHolidays;
  if (fields.companyHolidays !== undefined) values.companyHolidays = fields.companyHolidays;
  const now = deps.clock.now();
  await deps.db.transaction(async (tx) => {
    const before = await findCalendarRow(tx, teamId, true);
    let after: BusinessCalendarRow | null;
    if (before) {
      if (version === undefined) throw versionConflict(before.version);
      after = await updateCalendarRow(tx, before.id, version, { ...values, updatedAt: now });
      if (!after) throw versionConflict(before.version);
    } else {
      if (version !== undefined) throw versionConflict(0);
      after = await insertCalendarRow(tx, { ...values, teamId, updatedAt: now });
    }
    const { company, team } = await findCalendarRows(tx, teamId);
    const effective = resolveCalendar(companyCalendar(company), team ? overrideOf(team) : null);
    const problems = calendarProblems(effective);
    if (problems.length) {
      throw new AppError(
        "validation_failed",
        {},
        problems.map((p) => CALENDAR_PROBLEM_MESSAGES[p]!),
      );
    }
    await recordAudit(tx, actor, now, {
      action: "business_calendar.update",
      entityType: "business_calendar",
      entityId: after.id,
      before,
      after,
    });
  });
  return getBusinessCalendar(deps);
}

// ── Assignment per team ─────────────────────────────────────────────────────────────────────

export async function listRelayTeamSettings(deps: Deps) {
  const [rows, teams] = await Promise.all([listTeamSettingsRows(deps.db), listTeamRows(deps.db)]);
  return {
    items: teams.map((team) => {
      const row = rows.find((r) => r.teamId === team.id);
      return {
        team: toTeamRef(team),
        assignmentMode: (row?.assignmentMode ?? "queue") as AssignmentMode,
        version: row?.version ?? 1,
      };
    }),
  };
}

export async function updateRelayTeamSettings(
  deps: Deps,
  actor: Actor,
  teamId: string,
  input: { assignmentMode: AssignmentMode; version?: number },
) {
  const team = await findTeamById(deps.db, teamId);
  if (!team) throw notFound("team");
  const now = deps.clock.now();
  await deps.db.transaction(async (tx) => {
    await ensureTeamSettings(tx, teamId);
    const before = (await findTeamSettings(tx, teamId, true))!;
    const after = await updateTeamSettingsRow(tx, teamId, input.version ?? null, {
      assignmentMode: input.assignmentMode,
      updatedAt: now,
    });
    if (!after) throw versionConflict(before.version);
    await recordAudit(tx, actor, now, {
      action: "relay_team_settings.update",
      entityType: "team",
      entityId: teamId,
      before,
      after,
    });
  });
  const settings = await listRelayTeamSettings(deps);
  return settings.items.find((s) => s.team.id === teamId)!;
}
