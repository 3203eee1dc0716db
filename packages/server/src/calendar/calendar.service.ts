import type { businessCalendarSchema, UpdateBusinessCalendarInput } from "@tasuki/contracts";
import {
  type BusinessCalendar,
  type BusinessCalendarOverride,
  type CompanyHoliday,
  calendarProblems,
  DEFAULT_BUSINESS_CALENDAR,
  resolveCalendar,
} from "@tasuki/domain";
import type { z } from "zod";
import { recordAudit } from "../audit/audit.repository.ts";
import type { Db } from "../db/database.ts";
import { AppError, notFound, versionConflict } from "../http/app-error.ts";
import type { Actor, Deps } from "../http/types.ts";
import { findTeamById, listTeamRows } from "../users/users.repository.ts";
import { toTeamRef } from "../users/users.service.ts";
import {
  type BusinessCalendarRow,
  findCalendarRow,
  findCalendarRows,
  insertCalendarRow,
  listCalendarRows,
  updateCalendarRow,
} from "./calendar.repository.ts";

// The business calendar (working days and hours, holidays; the company's and each team's
// overrides): the relay's SLA clock, goals and analytics all count working time on it.

type BusinessCalendarResponse = z.infer<typeof businessCalendarSchema>;

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

/** The company calendar in force (analytics counts business days on it). */
export async function loadCompanyCalendar(db: Db): Promise<BusinessCalendar> {
  return companyCalendar((await findCalendarRows(db, null)).company);
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
