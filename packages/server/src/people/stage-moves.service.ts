import { assertTransition, type LifecycleStage } from "@tasuki/domain";
import { recordAudit } from "../audit/audit.repository.ts";
import type { Db } from "../db/database.ts";
import { versionConflict } from "../http/app-error.ts";
import type { Actor } from "../http/types.ts";
import { resolveOpenHandoffs } from "../relay/handoff-resolution.ts";
import {
  findPerson,
  insertStageChange,
  type PersonRow,
  type StageChangeRow,
  updatePersonRow,
} from "./people.repository.ts";

// Moving a person along the lifecycle, for every area that moves people (people, handoffs,
// opportunities, definitions). It depends on repositories and the domain only, never on the
// services that call it, so none of them calls another back.

export interface StageMove {
  to: LifecycleStage;
  reason: string;
  definitionVersionId?: string | null;
}

/**
 * Moves a locked person along the lifecycle inside the caller's transaction: checks the
 * transition table, bumps the version, appends the stage change and the audit entry.
 */
export async function moveStage(
  tx: Db,
  actor: Actor | null,
  person: PersonRow,
  move: StageMove,
  now: Date,
): Promise<{ person: PersonRow; stageChange: StageChangeRow }> {
  assertTransition(person.stage as LifecycleStage, move.to);
  const updated = await updatePersonRow(tx, person.id, person.version, {
    stage: move.to,
    stageChangedAt: now,
    updatedAt: now,
  });
  if (!updated) throw versionConflict(person.version);
  const stageChange = await insertStageChange(tx, {
    personId: person.id,
    fromStage: person.stage,
    toStage: move.to,
    changedAt: now,
    changedBy: actor?.userId ?? null,
    reason: move.reason,
    definitionVersionId: move.definitionVersionId ?? null,
  });
  await recordAudit(tx, actor, now, {
    action: "person.stage_change",
    entityType: "person",
    entityId: person.id,
    before: { stage: person.stage, version: person.version },
    after: { stage: updated.stage, version: updated.version, reason: move.reason },
  });
  // No baton is left waiting for a person who moved on (see handoff-resolution.ts).
  await resolveOpenHandoffs(tx, actor, [person.id], move.to, now);
  const current = (await findPerson(tx, person.id)) ?? updated;
  return { person: current, stageChange };
}
