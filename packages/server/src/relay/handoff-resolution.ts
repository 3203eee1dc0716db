import {
  businessMinutesBetween,
  handoffOutcomeOfStageChange,
  type LifecycleStage,
  type TeamFunction,
} from "@tasuki/domain";
import { recordAudit } from "../audit/audit.repository.ts";
import { loadTeamCalendar } from "../calendar/calendar.service.ts";
import type { Db } from "../db/database.ts";
import type { Actor } from "../http/types.ts";
import { findPerson, updatePersonRow } from "../people/people.repository.ts";
import { findTeamById } from "../users/users.repository.ts";
import { type HandoffRow, lockOpenHandoffsOfPeople, updateHandoffRow } from "./handoffs.repository.ts";
import { actorRef, emitRelayEvent, eventPayload } from "./relay-events.service.ts";
import { isActiveTeamMember } from "./relay-settings.repository.ts";

/** Business minutes from the handoff to its decision, on the receiving team's calendar (rounded). */
export async function responseMinutes(tx: Db, handoff: HandoffRow, decidedAt: Date): Promise<number> {
  const calendar = await loadTeamCalendar(tx, handoff.toTeamId);
  return Math.round(businessMinutesBetween(handoff.createdAt, decidedAt, calendar));
}

/**
 * A stage change made outside the handoff (by hand, by a definition, by closing a deal) resolves
 * the person's open handoff in the same transaction, so no baton is left waiting for a person
 * who already moved on: reaching the receiving team's acceptance stage or beyond accepts it (the
 * mover decided, e.g. IS moving an MQL to SAL by hand), the person goes to the receiving team;
 * any other move (back to nurture, disqualified, lost) withdraws it. Accept and reject run
 * their own decision first, so by the time they move the person nothing is open any more.
 */
export async function resolveOpenHandoffs(
  tx: Db,
  actor: Actor | null,
  personIds: string[],
  to: LifecycleStage,
  now: Date,
): Promise<void> {
  const open = await lockOpenHandoffsOfPeople(tx, personIds);
  for (const handoff of open) {
    const toTeam = (await findTeamById(tx, handoff.toTeamId))!;
    const outcome = handoffOutcomeOfStageChange(toTeam.function as TeamFunction, to);
    const moverReceives = actor ? await isActiveTeamMember(tx, actor.userId, toTeam.id) : false;
    const assignee = handoff.assigneeUserId ?? (moverReceives ? actor!.userId : null);
    const after = (await updateHandoffRow(tx, handoff.id, handoff.version, {
      state: outcome,
      decidedAt: now,
      decidedBy: actor?.userId ?? null,
      ...(outcome === "accepted"
        ? { assigneeUserId: assignee, responseBusinessMinutes: await responseMinutes(tx, handoff, now) }
        : {}),
      updatedAt: now,
    }))!;
    await recordAudit(tx, actor, now, {
      action: outcome === "accepted" ? "handoff.accept" : "handoff.withdraw",
      entityType: "handoff",
      entityId: handoff.id,
      before: { state: handoff.state, version: handoff.version },
      after: { state: after.state, version: after.version, reason: `stage change to ${to}` },
    });
    if (outcome !== "accepted") continue;
    // The receiving team holds the baton now, as after acceptHandoff.
    const person = await findPerson(tx, handoff.personId, true);
    if (person && (person.teamId !== toTeam.id || (assignee && person.ownerId !== assignee))) {
      const moved = await updatePersonRow(tx, person.id, person.version, {
        teamId: toTeam.id,
        ...(assignee ? { ownerId: assignee } : {}),
        updatedAt: now,
      });
      await recordAudit(tx, actor, now, {
        action: "person.update",
        entityType: "person",
        entityId: person.id,
        before: { teamId: person.teamId, ownerId: person.ownerId, version: person.version },
        after: { teamId: moved?.teamId, ownerId: moved?.ownerId, version: moved?.version },
      });
    }
    await emitRelayEvent(
      tx,
      "handoff.accepted",
      await eventPayload(tx, after, { actor: await actorRef(tx, actor) }),
      after.createdBy ? [after.createdBy] : [],
      now,
    );
  }
}
