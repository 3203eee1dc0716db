import {
  campaignPageSchema,
  campaignSchema,
  createCampaignRequestSchema,
  listCampaignsQuerySchema,
} from "@tasuki/contracts";
import { actorOf } from "../auth/auth.plugin.ts";
import { errorResponses } from "../http/responses.ts";
import type { App, Deps } from "../http/types.ts";
import { createCampaign, listCampaigns } from "./campaigns.service.ts";

export function registerCampaignRoutes(app: App, deps: Deps): void {
  const tags = ["campaigns"];
  app.get(
    "/api/v1/campaigns",
    {
      config: { permission: "records.read" },
      schema: {
        operationId: "listCampaigns",
        tags,
        summary: "List campaigns (施策)",
        querystring: listCampaignsQuerySchema,
        response: { 200: campaignPageSchema, ...errorResponses },
      },
    },
    async (request) => listCampaigns(deps, request.query),
  );
  app.post(
    "/api/v1/campaigns",
    {
      config: { permission: "campaigns.write", idempotent: true },
      schema: {
        operationId: "createCampaign",
        tags,
        summary: "Create a campaign (marketing, managers and admins)",
        body: createCampaignRequestSchema,
        response: { 201: campaignSchema, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await createCampaign(deps, actorOf(request), request.body)),
  );
}
