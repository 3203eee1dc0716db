import type { activitySchema, createActivityRequestSchema } from "@tasuki/contracts";
import type { ActivityType } from "@tasuki/domain";
import type { z } from "zod";
import { recordAudit } from "../audit/audit.repository.ts";
import { advanceByDefinitions } from "../definitions/definitions.service.ts";
import { AppError } from "../http/app-error.ts";
import type { Actor, Deps } from "../http/types.ts";
import { findPeopleByIds, lockPeople } from "../people/people.repository.ts";
import { rescoreAfterWrite } from "../scoring/scoring.service.ts";
import { userNames } from "../users/users.service.ts";
import {
  type ActivityFilter,
  type ActivityRow,
  findExistingCampaignIds,
  insertActivities,
  listActivityRows,
} from "./activities.repository.ts";

type ActivityInput = z.infer<typeof createActivityRequestSchema>;
type ActivityResponse = z.infer<typeof activitySchema>;

export function toActivityResponse(row: ActivityRow, names: Map<string, string>): ActivityResponse {
  return {
    id: row.id,
    personId: row.personId,
    companyId: row.companyId,
    type: row.type as ActivityType,
    occurredAt: row.occurredAt.toISOString(),
    source: row.source,
    campaignId: row.campaignId,
    subject: row.subject,
    body: row.body,
    metadata: (row.metadata ?? {}) as Record<string, unknown>,
    createdBy: row.createdBy ? { id: row.createdBy, name: names.get(row.createdBy) ?? "" } : null,
    createdAt: row.createdAt.toISOString(),
  };
}

/**
 * Records activities all-or-nothing: every referenced person and campaign is checked first,
 * and one bad item rejects the batch with the item's index and field, writing nothing.
 * Activities are additive facts, so anyone who may log activities may log them on any person.
 */
export async function createActivities(
  deps: Deps,
  actor: Actor,
  items: ActivityInput[],
): Promise<ActivityResponse[]> {
  const personIds = [...new Set(items.map((i) => i.personId))];
  const campaignIds = [...new Set(items.flatMap((i) => (i.campaignId ? [i.campaignId] : [])))];
  const [foundPeople, foundCampaigns] = await Promise.all([
    findPeopleByIds(deps.db, personIds),
    findExistingCampaignIds(deps.db, campaignIds),
  ]);
  const companyOf = new Map(foundPeople.map((p) => [p.id, p.companyId]));
  const details: { path: string; message: string }[] = [];
  items.forEach((item, index) => {
    if (!companyOf.has(item.personId)) {
      details.push({
        path: `items.${index}.personId`,
        message: "この人物は存在しません / no person has this id",
      });
    }
    if (item.campaignId && !foundCampaigns.has(item.campaignId)) {
      details.push({
        path: `items.${index}.campaignId`,
        message: "この施策は存在しません / no campaign has this id",
      });
    }
  });
  if (details.length > 0) throw new AppError("validation_failed", {}, details);

  const now = deps.clock.now();
  const rows = await deps.db.transaction(async (tx) => {
    await lockPeople(tx, personIds);
    const inserted = await insertActivities(
      tx,
      items.map((item) => ({
        personId: item.personId,
        companyId: companyOf.get(item.personId) ?? null,
        type: item.type,
        occurredAt: item.occurredAt ? new Date(item.occurredAt) : now,
        source: item.source ?? null,
        campaignId: item.campaignId ?? null,
        subject: item.subject ?? null,
        body: item.body ?? null,
        metadata: item.metadata ?? {},
        createdBy: actor.userId,
        createdAt: now,
      })),
    );
    // One audit entry per batch keeps a 1,000-item import from writing 1,000 audit rows.
    await recordAudit(tx, actor, now, {
      action: inserted.length === 1 ? "activity.create" : "activity.create_batch",
      entityType: "activity",
      entityId: inserted.length === 1 ? inserted[0]!.id : null,
      after: inserted.length === 1 ? inserted[0] : { count: inserted.length, ids: inserted.map((r) => r.id) },
    });
    // New engagement may make people meet a definition (e.g. MQL) in the same transaction.
    await rescoreAfterWrite(tx, personIds, now, "activity");
    await advanceByDefinitions(tx, actor, personIds, now);
    return inserted;
  });
  const names = await userNames(deps, [actor.userId]);
  return rows.map((row) => toActivityResponse(row, names));
}

export async function listActivities(deps: Deps, filter: ActivityFilter) {
  const { rows, nextCursor } = await listActivityRows(deps.db, filter);
  const names = await userNames(
    deps,
    rows.map((r) => r.createdBy),
  );
  return { items: rows.map((row) => toActivityResponse(row, names)), nextCursor };
}
