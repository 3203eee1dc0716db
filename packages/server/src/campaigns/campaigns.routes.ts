import {
  campaignPageSchema,
  campaignSchema,
  createCampaignRequestSchema,
  listCampaignsQuerySchema,
} from "@tasuki/contracts";
import { actorOf } from "../auth/auth.plugin.ts";
import { operation } from "../http/responses.ts";
import type { App, Deps } from "../http/types.ts";
import { createCampaign, listCampaigns } from "./campaigns.service.ts";

export function registerCampaignRoutes(app: App, deps: Deps): void {
  const tags = ["campaigns"];
  app.get(
    "/api/v1/campaigns",
    operation("records.read", {
      operationId: "listCampaigns",
      tags,
      summary: "List campaigns (施策)",
      querystring: listCampaignsQuerySchema,
      response: { 200: campaignPageSchema },
    }),
    async (request) => listCampaigns(deps, request.query),
  );
  app.post(
    "/api/v1/campaigns",
    operation(
      "campaigns.write",
      {
        operationId: "createCampaign",
        tags,
        summary: "Create a campaign (marketing, managers and admins)",
        body: createCampaignRequestSchema,
        response: { 201: campaignSchema },
      },
      { idempotent: true },
    ),
    async (request, reply) =>
      reply.status(201).send(await createCampaign(deps, actorOf(request), request.body)),
  );
}
