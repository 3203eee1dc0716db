import {
  closeOpportunityRequestSchema,
  createOpportunityRequestSchema,
  idParamsSchema,
  listOpportunitiesQuerySchema,
  lostReasonListSchema,
  opportunityPageSchema,
  opportunitySchema,
  updateOpportunityRequestSchema,
} from "@tasuki/contracts";
import { actorOf } from "../auth/auth.plugin.ts";
import { errorResponses } from "../http/responses.ts";
import type { App, Deps } from "../http/types.ts";
import {
  closeOpportunity,
  createOpportunity,
  getOpportunity,
  listLostReasons,
  listOpportunities,
  updateOpportunity,
} from "./opportunities.service.ts";

export function registerOpportunityRoutes(app: App, deps: Deps): void {
  const tags = ["opportunities"];
  app.get(
    "/api/v1/opportunities",
    {
      config: { permission: "records.read" },
      schema: {
        operationId: "listOpportunities",
        tags,
        summary: "List opportunities (search, stage, open/won/lost, sort, cursor paging)",
        querystring: listOpportunitiesQuerySchema,
        response: { 200: opportunityPageSchema, ...errorResponses },
      },
    },
    async (request) => listOpportunities(deps, request.query),
  );
  app.post(
    "/api/v1/opportunities",
    {
      config: { permission: "opportunities.write", idempotent: true },
      schema: {
        operationId: "createOpportunity",
        tags,
        summary: "Open an opportunity; its person moves to the opportunity stage when the lifecycle allows",
        body: createOpportunityRequestSchema,
        response: { 201: opportunitySchema, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await createOpportunity(deps, actorOf(request), request.body)),
  );
  app.get(
    "/api/v1/opportunities/:id",
    {
      config: { permission: "records.read" },
      schema: {
        operationId: "getOpportunity",
        tags,
        summary: "One opportunity",
        params: idParamsSchema,
        response: { 200: opportunitySchema, ...errorResponses },
      },
    },
    async (request) => getOpportunity(deps, request.params.id),
  );
  app.patch(
    "/api/v1/opportunities/:id",
    {
      config: { permission: "opportunities.write" },
      schema: {
        operationId: "updateOpportunity",
        tags,
        summary: "Update an open opportunity, e.g. move its stage (send the version you read)",
        params: idParamsSchema,
        body: updateOpportunityRequestSchema,
        response: { 200: opportunitySchema, ...errorResponses },
      },
    },
    async (request) => updateOpportunity(deps, actorOf(request), request.params.id, request.body),
  );
  app.post(
    "/api/v1/opportunities/:id/close",
    {
      config: { permission: "opportunities.close" },
      schema: {
        operationId: "closeOpportunity",
        tags,
        summary: "Close as won or lost; lost needs a lost reason from the taxonomy",
        params: idParamsSchema,
        body: closeOpportunityRequestSchema,
        response: { 200: opportunitySchema, ...errorResponses },
      },
    },
    async (request) => closeOpportunity(deps, actorOf(request), request.params.id, request.body),
  );
  app.get(
    "/api/v1/lost-reasons",
    {
      config: { permission: "records.read" },
      schema: {
        operationId: "listLostReasons",
        tags,
        summary: "The lost-reason taxonomy (active reasons)",
        response: { 200: lostReasonListSchema, ...errorResponses },
      },
    },
    async () => listLostReasons(deps),
  );
}
