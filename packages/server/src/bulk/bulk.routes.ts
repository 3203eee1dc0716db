import {
  addCampaignMembersRequestSchema,
  addCampaignMembersResponseSchema,
  bulkUpdatePeopleRequestSchema,
  bulkUpdatePeopleResponseSchema,
  idParamsSchema,
} from "@tasuki/contracts";
import { actorOf } from "../auth/auth.plugin.ts";
import { operation } from "../http/responses.ts";
import type { App, Deps } from "../http/types.ts";
import { addCampaignMembers, bulkUpdatePeople } from "./bulk.service.ts";

/** Bulk actions on the people list: one set-based, audited write each, answering with counts. */
export function registerBulkRoutes(app: App, deps: Deps): void {
  app.post(
    "/api/v1/people/bulk-update",
    operation("people.write", {
      operationId: "bulkUpdatePeople",
      tags: ["people"],
      summary:
        "Assign an owner and/or 温度感 to ticked people (ids) or all matching the list's filter; people of another team are skipped and counted",
      body: bulkUpdatePeopleRequestSchema,
      response: { 200: bulkUpdatePeopleResponseSchema },
    }),
    async (request) => bulkUpdatePeople(deps, actorOf(request), request.body),
  );
  app.post(
    "/api/v1/campaigns/:id/members",
    operation("campaigns.write", {
      operationId: "addCampaignMembers",
      tags: ["campaigns"],
      summary:
        "Add ticked people (ids) or all matching the people list's filter to a campaign; existing members and people of another team are skipped and counted",
      params: idParamsSchema,
      body: addCampaignMembersRequestSchema,
      response: { 200: addCampaignMembersResponseSchema },
    }),
    async (request) => addCampaignMembers(deps, actorOf(request), request.params.id, request.body),
  );
}
