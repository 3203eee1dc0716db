import {
  closeOpportunityRequestSchema,
  createOpportunityRequestSchema,
  idParamsSchema,
  listOpportunitiesQuerySchema,
  lostReasonListSchema,
  opportunityPageSchema,
  opportunitySchema,
  reopenOpportunityRequestSchema,
  updateOpportunityRequestSchema,
} from "@tasuki/contracts";
import { actorOf } from "../auth/auth.plugin.ts";
import { operation } from "../http/responses.ts";
import type { App, Deps } from "../http/types.ts";
import {
  closeOpportunity,
  createOpportunity,
  getOpportunity,
  listLostReasons,
  listOpportunities,
  reopenOpportunity,
  updateOpportunity,
} from "./opportunities.service.ts";

export function registerOpportunityRoutes(app: App, deps: Deps): void {
  const tags = ["opportunities"];
  app.get(
    "/api/v1/opportunities",
    operation("records.read", {
      operationId: "listOpportunities",
      tags,
      summary: "List opportunities (search, stage, open/won/lost, sort, cursor paging)",
      querystring: listOpportunitiesQuerySchema,
      response: { 200: opportunityPageSchema },
    }),
    async (request) => listOpportunities(deps, request.query),
  );
  app.post(
    "/api/v1/opportunities",
    operation(
      "opportunities.write",
      {
        operationId: "createOpportunity",
        tags,
        summary: "Open an opportunity; its person moves to the opportunity stage when the lifecycle allows",
        body: createOpportunityRequestSchema,
        response: { 201: opportunitySchema },
      },
      { idempotent: true },
    ),
    async (request, reply) =>
      reply.status(201).send(await createOpportunity(deps, actorOf(request), request.body)),
  );
  app.get(
    "/api/v1/opportunities/:id",
    operation("records.read", {
      operationId: "getOpportunity",
      tags,
      summary: "One opportunity",
      params: idParamsSchema,
      response: { 200: opportunitySchema },
    }),
    async (request) => getOpportunity(deps, request.params.id),
  );
  app.patch(
    "/api/v1/opportunities/:id",
    operation("opportunities.write", {
      operationId: "updateOpportunity",
      tags,
      summary:
        "Update an open opportunity, e.g. move its stage; a closed one accepts only its renewal date (send the version you read)",
      params: idParamsSchema,
      body: updateOpportunityRequestSchema,
      response: { 200: opportunitySchema },
    }),
    async (request) => updateOpportunity(deps, actorOf(request), request.params.id, request.body),
  );
  app.post(
    "/api/v1/opportunities/:id/close",
    operation("opportunities.close", {
      operationId: "closeOpportunity",
      tags,
      summary: "Close as won or lost; lost needs a lost reason from the taxonomy",
      params: idParamsSchema,
      body: closeOpportunityRequestSchema,
      response: { 200: opportunitySchema },
    }),
    async (request) => closeOpportunity(deps, actorOf(request), request.params.id, request.body),
  );
  app.post(
    "/api/v1/opportunities/:id/reopen",
    operation("opportunities.close", {
      operationId: "reopenOpportunity",
      tags,
      summary:
        "Reopen a won or lost deal (a reason is required and audited); it leaves the won/lost figures of its period",
      params: idParamsSchema,
      body: reopenOpportunityRequestSchema,
      response: { 200: opportunitySchema },
    }),
    async (request) => reopenOpportunity(deps, actorOf(request), request.params.id, request.body),
  );
  app.get(
    "/api/v1/lost-reasons",
    operation("records.read", {
      operationId: "listLostReasons",
      tags,
      summary: "The lost-reason taxonomy (active reasons)",
      response: { 200: lostReasonListSchema },
    }),
    async () => listLostReasons(deps),
  );
}
