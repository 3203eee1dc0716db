import { recordAudit } from "../audit/audit.repository.ts";
import type { Deps } from "../http/types.ts";
import {
  findEscalationUsers,
  type HandoffRow,
  listActiveTeamMemberIds,
  lockHandoffsBreached,
  lockHandoffsNewlyAtRisk,
  markAtRiskNotified,
  updateHandoffRow,
} from "./handoffs.repository.ts";
import { emitRelayEvent, eventPayload, userNamesIn } from "./relay-events.service.ts";

const BATCH = 100;

export interface SlaSweepReport {
  atRisk: number;
  breached: number;
}

/** Who hears about a handoff's SLA: its assignee, or the whole receiving team while it is queued. */
async function receivers(tx: Deps["db"], handoff: HandoffRow): Promise<string[]> {
  return handoff.assigneeUserId ? [handoff.assigneeUserId] : listActiveTeamMemberIds(tx, handoff.toTeamId);
}

/**
 * Finds pending handoffs that entered their last quarter or passed their due time (by the
 * deadlines fixed in business time at creation) and announces each once: at risk to the
 * receivers; a breach to them and to the team's manager, marking the handoff
 * `expired_escalated`. Rows are locked with `skip locked` and each event has a unique key, so
 * sweeps on many instances, or a sweep repeated after a crash, never announce anything twice.
 */
export async function sweepSla(deps: Deps, now: Date): Promise<SlaSweepReport> {
  const report: SlaSweepReport = { atRisk: 0, breached: 0 };
  for (;;) {
    const count = await deps.db.transaction(async (tx) => {
      const rows = await lockHandoffsNewlyAtRisk(tx, now, BATCH);
      for (const handoff of rows) {
        // A bookkeeping mark, not a change anyone edits against: the version stays.
        await markAtRiskNotified(tx, handoff.id, now);
        await recordAudit(tx, null, now, {
          action: "handoff.at_risk",
          entityType: "handoff",
          entityId: handoff.id,
          after: { atRiskAt: handoff.atRiskAt, dueAt: handoff.dueAt },
        });
        await emitRelayEvent(
          tx,
          "handoff.at_risk",
          await eventPayload(tx, handoff),
          await receivers(tx, handoff),
          now,
        );
      }
      return rows.length;
    });
    report.atRisk += count;
    if (count < BATCH) break;
  }
  for (;;) {
    const count = await deps.db.transaction(async (tx) => {
      const rows = await lockHandoffsBreached(tx, now, BATCH);
      for (const handoff of rows) {
        const managers = await findEscalationUsers(tx, handoff.toTeamId);
        const after = (await updateHandoffRow(tx, handoff.id, handoff.version, {
          state: "expired_escalated",
          breachedAt: now,
          escalatedToUserId: managers[0] ?? null,
          updatedAt: now,
        }))!;
        await recordAudit(tx, null, now, {
          action: "handoff.breach",
          entityType: "handoff",
          entityId: handoff.id,
          before: { state: handoff.state, version: handoff.version },
          after: { state: after.state, version: after.version, escalatedToUserId: after.escalatedToUserId },
        });
        const names = await userNamesIn(tx, managers);
        const escalatedTo = managers.map((id) => ({ id, name: names.get(id) ?? "" }));
        await emitRelayEvent(
          tx,
          "handoff.breached",
          await eventPayload(tx, after, { escalatedTo }),
          [...(await receivers(tx, handoff)), ...managers],
          now,
        );
      }
      return rows.length;
    });
    report.breached += count;
    if (count < BATCH) break;
  }
  return report;
}
