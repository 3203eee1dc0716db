import type {
  CloseOpportunityInput,
  CreateOpportunityInput,
  lostReasonSchema,
  opportunitySchema,
  ReopenOpportunityInput,
  UpdateOpportunityInput,
} from "@tasuki/contracts";
import {
  assertCanClose,
  assertCanReopen,
  assertCanUpdate,
  canActOnOwned,
  formatPersonName,
  type LifecycleStage,
  type OpportunityOutcome,
  type OpportunityStage,
  personStageAfterDealEvent,
} from "@tasuki/domain";
import type { z } from "zod";
import { recordAudit } from "../audit/audit.repository.ts";
import { findCompany } from "../companies/companies.repository.ts";
import type { Db } from "../db/database.ts";
import { AppError, forbidden, notFound, versionConflict } from "../http/app-error.ts";
import type { Actor, Deps } from "../http/types.ts";
import { findPerson } from "../people/people.repository.ts";
import { moveStage } from "../people/stage-moves.service.ts";
import { assertUserExists } from "../users/users.service.ts";
import {
  findActiveLostReason,
  findOpportunity,
  findOpportunityView,
  findOwnerTeam,
  insertOpportunity,
  type LostReasonRow,
  listLostReasonRows,
  listOpportunityRows,
  type OpportunityFilter,
  type OpportunityRow,
  type OpportunityView,
  updateOpportunityRow,
} from "./opportunities.repository.ts";

type OpportunityResponse = z.infer<typeof opportunitySchema>;
type LostReasonResponse = z.infer<typeof lostReasonSchema>;

export function toLostReasonResponse(row: LostReasonRow): LostReasonResponse {
  return { id: row.id, key: row.key, labelJa: row.labelJa, labelEn: row.labelEn, active: row.active };
}

export function toOpportunityResponse(view: OpportunityView): OpportunityResponse {
  const o = view.opportunity;
  return {
    id: o.id,
    name: o.name,
    company: { id: o.companyId, name: view.companyName ?? "" },
    person: o.personId
      ? { id: o.personId, name: formatPersonName(view.personFamilyName ?? "", view.personGivenName) }
      : null,
    owner: o.ownerId
      ? { id: o.ownerId, name: formatPersonName(view.ownerFamilyName ?? "", view.ownerGivenName) }
      : null,
    amount: o.amount,
    stage: o.stage as OpportunityStage,
    expectedCloseDate: o.expectedCloseDate,
    outcome: o.outcome as OpportunityOutcome | null,
    lostReason: view.lostReason ? toLostReasonResponse(view.lostReason) : null,
    closeNote: o.closeNote,
    closedOn: o.closedOn,
    renewalOn: o.renewalOn,
    createdAt: o.createdAt.toISOString(),
    updatedAt: o.updatedAt.toISOString(),
    version: o.version,
  };
}

/** JST calendar date of an instant, `YYYY-MM-DD`. */
function jstDate(instant: Date): string {
  return new Date(instant.getTime() + 9 * 3_600_000).toISOString().slice(0, 10);
}

export async function listOpportunities(deps: Deps, filter: OpportunityFilter) {
  const { rows, nextCursor } = await listOpportunityRows(deps.db, filter);
  return { items: rows.map(toOpportunityResponse), nextCursor };
}

export async function getOpportunity(deps: Deps, id: string): Promise<OpportunityResponse> {
  const view = await findOpportunityView(deps.db, id);
  if (!view) throw notFound("opportunity");
  return toOpportunityResponse(view);
}

export async function listLostReasons(deps: Deps) {
  return { items: (await listLostReasonRows(deps.db, false)).map(toLostReasonResponse) };
}

/**
 * Moves the deal's person along with the deal when the lifecycle allows it; never forces a move.
 * A deal moves its person only for someone who may move them by hand (`changePersonStage`'s
 * ownership rule): opening a deal is not a side door around the person's owner.
 */
async function followDealWithPerson(
  tx: Db,
  actor: Actor,
  personId: string | null,
  event: "opened" | OpportunityOutcome,
  reason: string,
  now: Date,
): Promise<void> {
  if (!personId) return;
  const person = await findPerson(tx, personId, true);
  if (!person) return;
  const to = personStageAfterDealEvent(person.stage as LifecycleStage, event);
  if (!to) return;
  if (!canActOnOwned(actor, { ownerId: person.ownerId, teamId: person.teamId })) throw forbidden();
  await moveStage(tx, actor, person, { to, reason }, now);
}

export async function createOpportunity(deps: Deps, actor: Actor, input: CreateOpportunityInput) {
  if (!(await findCompany(deps.db, input.companyId))) throw notFound("company");
  if (input.personId) {
    const person = await findPerson(deps.db, input.personId);
    if (!person) throw notFound("person");
    if (person.companyId !== input.companyId) {
      throw new AppError("validation_failed", {}, [
        {
          path: "personId",
          message: "この人物は指定した企業に所属していません / this person does not belong to the company",
        },
      ]);
    }
  }
  const ownerId = input.ownerId === undefined ? actor.userId : input.ownerId;
  if (ownerId) await assertUserExists(deps, ownerId);
  const now = deps.clock.now();
  const id = await deps.db.transaction(async (tx) => {
    const row = await insertOpportunity(tx, {
      name: input.name,
      companyId: input.companyId,
      personId: input.personId ?? null,
      ownerId,
      amount: input.amount,
      stage: input.stage,
      expectedCloseDate: input.expectedCloseDate ?? null,
      renewalOn: input.renewalOn ?? null,
      createdAt: now,
      updatedAt: now,
    });
    await recordAudit(tx, actor, now, {
      action: "opportunity.create",
      entityType: "opportunity",
      entityId: row.id,
      after: row,
    });
    await followDealWithPerson(tx, actor, row.personId, "opened", `商談作成: ${row.name}`, now);
    return row.id;
  });
  return getOpportunity(deps, id);
}

async function lockOwnedOpportunity(tx: Db, actor: Actor, id: string): Promise<OpportunityRow> {
  const row = await findOpportunity(tx, id, true);
  if (!row) throw notFound("opportunity");
  if (!canActOnOwned(actor, { ownerId: row.ownerId, teamId: await findOwnerTeam(tx, row.ownerId) }))
    throw forbidden();
  return row;
}

export async function updateOpportunity(deps: Deps, actor: Actor, id: string, input: UpdateOpportunityInput) {
  const { version, ...values } = input;
  if (values.ownerId) await assertUserExists(deps, values.ownerId);
  const now = deps.clock.now();
  await deps.db.transaction(async (tx) => {
    const before = await lockOwnedOpportunity(tx, actor, id);
    assertCanUpdate({ outcome: before.outcome as OpportunityOutcome | null }, values);
    if (values.personId) {
      const person = await findPerson(tx, values.personId);
      if (!person) throw notFound("person");
      if (person.companyId !== before.companyId) {
        throw new AppError("validation_failed", {}, [
          {
            path: "personId",
            message:
              "この人物は商談の企業に所属していません / this person does not belong to the opportunity's company",
          },
        ]);
      }
    }
    const after = await updateOpportunityRow(tx, id, version, { ...values, updatedAt: now });
    if (!after) throw versionConflict(before.version);
    await recordAudit(tx, actor, now, {
      action: "opportunity.update",
      entityType: "opportunity",
      entityId: id,
      before,
      after,
    });
  });
  return getOpportunity(deps, id);
}

/** Closes a deal as won or lost (lost needs a reason from the taxonomy) and moves its person. */
export async function closeOpportunity(deps: Deps, actor: Actor, id: string, input: CloseOpportunityInput) {
  const now = deps.clock.now();
  await deps.db.transaction(async (tx) => {
    const before = await lockOwnedOpportunity(tx, actor, id);
    assertCanClose({ outcome: before.outcome as OpportunityOutcome | null }, input);
    if (before.version !== input.version) throw versionConflict(before.version);
    const lostReasonId = input.outcome === "lost" ? input.lostReasonId! : null;
    if (lostReasonId && !(await findActiveLostReason(tx, lostReasonId))) {
      throw new AppError("validation_failed", {}, [
        {
          path: "lostReasonId",
          message: "この失注理由は存在しないか無効です / this lost reason does not exist or is inactive",
        },
      ]);
    }
    const after = await updateOpportunityRow(tx, id, input.version, {
      outcome: input.outcome,
      lostReasonId,
      closeNote: input.note ?? null,
      closedOn: input.closedOn ?? jstDate(now),
      updatedAt: now,
    });
    if (!after) throw versionConflict(before.version);
    await recordAudit(tx, actor, now, {
      action: "opportunity.close",
      entityType: "opportunity",
      entityId: id,
      before,
      after,
    });
    const reason = input.outcome === "won" ? `受注: ${after.name}` : `失注: ${after.name}`;
    await followDealWithPerson(tx, actor, after.personId, input.outcome, reason, now);
  });
  return getOpportunity(deps, id);
}

/**
 * Reopens a won or lost deal: the outcome, lost reason, close note and close date are cleared, so
 * the deal leaves the won/lost figures of the period it was closed in (they read the current
 * outcome and close date) and counts as open pipeline again. The reason is kept in the audit log.
 * The person stays where they are: the lifecycle moves on only (a won person's stage is history).
 */
export async function reopenOpportunity(deps: Deps, actor: Actor, id: string, input: ReopenOpportunityInput) {
  const now = deps.clock.now();
  await deps.db.transaction(async (tx) => {
    const before = await lockOwnedOpportunity(tx, actor, id);
    assertCanReopen({ outcome: before.outcome as OpportunityOutcome | null });
    if (before.version !== input.version) throw versionConflict(before.version);
    const after = await updateOpportunityRow(tx, id, input.version, {
      outcome: null,
      lostReasonId: null,
      closeNote: null,
      closedOn: null,
      stage: input.stage ?? before.stage,
      updatedAt: now,
    });
    if (!after) throw versionConflict(before.version);
    await recordAudit(tx, actor, now, {
      action: "opportunity.reopen",
      entityType: "opportunity",
      entityId: id,
      before,
      after: { ...after, reopenReason: input.reason },
    });
  });
  return getOpportunity(deps, id);
}
