import type { AddCampaignMembersInput, BulkUpdatePeopleInput } from "@tasuki/contracts";
import { findCampaignView } from "../campaigns/campaigns.repository.ts";
import { advanceByDefinitions } from "../definitions/definitions.service.ts";
import { notFound } from "../http/app-error.ts";
import type { Actor, Deps } from "../http/types.ts";
import { rescoreAfterWrite } from "../scoring/scoring.service.ts";
import { assertUserExists } from "../users/users.service.ts";
import { bulkUpdatePeopleRows, insertCampaignMembers, type PeopleSelection } from "./bulk.repository.ts";

function selectionOf(input: { ids?: string[]; filter?: PeopleSelection }): PeopleSelection {
  return input.ids ? { ids: input.ids } : (input.filter ?? {});
}

/**
 * Assigns an owner and/or a 温度感 to the selected people in one set-based write. People another
 * team owns are skipped (as a single update would refuse them), people who already have the value
 * are left alone; each changed person gets an audit entry, a rescore and the definitions' check,
 * as a single profile update does.
 */
export async function bulkUpdatePeople(deps: Deps, actor: Actor, input: BulkUpdatePeopleInput) {
  if (input.set.ownerId) await assertUserExists(deps, input.set.ownerId);
  const now = deps.clock.now();
  const result = await deps.db.transaction(async (tx) => {
    const out = await bulkUpdatePeopleRows(tx, actor, selectionOf(input), input.set, now);
    if (out.ids.length > 0) {
      await rescoreAfterWrite(tx, out.ids, now, "profile");
      await advanceByDefinitions(tx, actor, out.ids, now);
    }
    return out;
  });
  return {
    matched: result.matched,
    updated: result.updated,
    skipped: { unchanged: result.allowed - result.updated, forbidden: result.matched - result.allowed },
  };
}

/** Adds the selected people to a campaign (status `added`); members already in it are counted, not duplicated. */
export async function addCampaignMembers(
  deps: Deps,
  actor: Actor,
  campaignId: string,
  input: AddCampaignMembersInput,
) {
  if (!(await findCampaignView(deps.db, campaignId))) throw notFound("campaign");
  const now = deps.clock.now();
  const result = await deps.db.transaction((tx) =>
    insertCampaignMembers(tx, actor, campaignId, selectionOf(input), now),
  );
  return {
    matched: result.matched,
    added: result.added,
    skipped: { alreadyMember: result.allowed - result.added, forbidden: result.matched - result.allowed },
  };
}
