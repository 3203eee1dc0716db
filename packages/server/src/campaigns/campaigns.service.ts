import type { campaignSchema } from "@tasuki/contracts";
import { type CampaignType, formatPersonName } from "@tasuki/domain";
import type { z } from "zod";
import { recordAudit } from "../audit/audit.repository.ts";
import { notFound } from "../http/app-error.ts";
import type { Actor, Deps } from "../http/types.ts";
import {
  type CampaignFilter,
  type CampaignView,
  findCampaignView,
  insertCampaign,
  listCampaignRows,
} from "./campaigns.repository.ts";

type CampaignResponse = z.infer<typeof campaignSchema>;

export function toCampaignResponse(view: CampaignView): CampaignResponse {
  const c = view.campaign;
  return {
    id: c.id,
    name: c.name,
    type: c.type as CampaignType,
    startsOn: c.startsOn,
    endsOn: c.endsOn,
    budget: c.budget,
    createdBy: c.createdBy
      ? { id: c.createdBy, name: formatPersonName(view.creatorFamilyName ?? "", view.creatorGivenName) }
      : null,
    createdAt: c.createdAt.toISOString(),
    version: c.version,
  };
}

export async function listCampaigns(deps: Deps, filter: CampaignFilter) {
  const { rows, nextCursor } = await listCampaignRows(deps.db, filter);
  return { items: rows.map(toCampaignResponse), nextCursor };
}

export async function createCampaign(
  deps: Deps,
  actor: Actor,
  input: { name: string; type: CampaignType; startsOn: string; endsOn?: string | null; budget: number },
): Promise<CampaignResponse> {
  const now = deps.clock.now();
  const id = await deps.db.transaction(async (tx) => {
    const row = await insertCampaign(tx, {
      ...input,
      endsOn: input.endsOn ?? null,
      createdBy: actor.userId,
      createdAt: now,
      updatedAt: now,
    });
    await recordAudit(tx, actor, now, {
      action: "campaign.create",
      entityType: "campaign",
      entityId: row.id,
      after: row,
    });
    return row.id;
  });
  const view = await findCampaignView(deps.db, id);
  if (!view) throw notFound("campaign");
  return toCampaignResponse(view);
}
