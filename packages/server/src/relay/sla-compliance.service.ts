import type { slaComplianceSchema } from "@tasuki/contracts";
import { jstDateOf, resolvePeriod } from "@tasuki/domain";
import type { z } from "zod";
import { AppError } from "../http/app-error.ts";
import type { Deps } from "../http/types.ts";
import { listTeamRows } from "../users/users.repository.ts";
import { toTeamRef, userNames } from "../users/users.service.ts";
import { type ComplianceRow, complianceRows, jstPeriod } from "./handoffs.repository.ts";
import { listSlaPolicyRows } from "./relay-settings.repository.ts";

type SlaComplianceResponse = z.infer<typeof slaComplianceSchema>;

const EMPTY: Omit<ComplianceRow, "teamId" | "assigneeId"> = {
  total: 0,
  decided: 0,
  withinSla: 0,
  breached: 0,
  pendingOnTrack: 0,
  pendingAtRisk: 0,
  pendingOverdue: 0,
  withdrawn: 0,
  medianResponse: null,
};

function toFigures(row: Omit<ComplianceRow, "teamId" | "assigneeId">) {
  const judged = row.withinSla + row.breached;
  return {
    counts: {
      total: row.total,
      decided: row.decided,
      withinSla: row.withinSla,
      breached: row.breached,
      pendingOnTrack: row.pendingOnTrack,
      pendingAtRisk: row.pendingAtRisk,
      pendingOverdue: row.pendingOverdue,
      withdrawn: row.withdrawn,
    },
    // Nothing decided or overdue yet: no rate, rather than a 0 % or 100 % nobody earned.
    complianceRate: judged === 0 ? null : row.withinSla / judged,
    medianResponseBusinessMinutes:
      row.medianResponse === null ? null : Math.round(row.medianResponse * 10) / 10,
  };
}

/**
 * SLA compliance of the handoffs received in a period (default: as the dashboard's, this month and
 * the twelve before it up to today, JST), per
 * receiving team and per assignee. Every row carries the listHandoffs filter that returns the
 * handoffs it counted, so each number can be opened as the list of records behind it. The counts
 * add up: total = decided + withdrawn + pendingOnTrack + pendingAtRisk + pendingOverdue.
 */
export async function getSlaCompliance(
  deps: Deps,
  query: { from?: string; to?: string; teamId?: string; assigneeId?: string },
): Promise<SlaComplianceResponse> {
  const now = deps.clock.now();
  // The dashboard's default period (resolvePeriod), so the SLA tile and this page agree unasked.
  const { from, to } = resolvePeriod(query, jstDateOf(now));
  if (from > to)
    throw new AppError("validation_failed", {}, [
      { path: "to", message: "終了日は開始日以降にしてください / `to` must not be before `from`" },
    ]);
  const { start, end } = jstPeriod(from, to);
  const [rows, teams, policies] = await Promise.all([
    complianceRows(deps.db, { start, end, teamId: query.teamId, assigneeId: query.assigneeId }, now),
    listTeamRows(deps.db),
    listSlaPolicyRows(deps.db),
  ]);
  const names = await userNames(
    deps,
    rows.assignees.map((r) => r.assigneeId),
  );
  const teamById = new Map(teams.map((t) => [t.id, t]));
  // Every team that receives handoffs has a row, also with nothing to count this period.
  const receiving = teams.filter(
    (t) => policies.some((p) => p.toTeamId === t.id) && (!query.teamId || t.id === query.teamId),
  );
  return {
    from,
    to,
    asOf: now.toISOString(),
    teams: receiving.map((team) => {
      const row = rows.teams.find((r) => r.teamId === team.id) ?? EMPTY;
      return { team: toTeamRef(team), ...toFigures(row), filter: { from, to, teamId: team.id } };
    }),
    assignees: rows.assignees
      .filter((r) => teamById.has(r.teamId))
      .sort(
        (a, b) =>
          receiving.findIndex((t) => t.id === a.teamId) - receiving.findIndex((t) => t.id === b.teamId) ||
          (a.assigneeId === null ? 1 : 0) - (b.assigneeId === null ? 1 : 0) ||
          b.total - a.total ||
          (names.get(a.assigneeId ?? "") ?? "").localeCompare(names.get(b.assigneeId ?? "") ?? "", "ja"),
      )
      .map((row) => ({
        team: toTeamRef(teamById.get(row.teamId)!),
        assignee: row.assigneeId ? { id: row.assigneeId, name: names.get(row.assigneeId) ?? "" } : null,
        ...toFigures(row),
        filter: {
          from,
          to,
          teamId: row.teamId,
          ...(row.assigneeId ? { assigneeId: row.assigneeId } : { unassigned: true as const }),
        },
      })),
  };
}
