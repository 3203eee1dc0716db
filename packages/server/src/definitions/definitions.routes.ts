import {
  approveDefinitionRequestSchema,
  approveDefinitionResponseSchema,
  commentDefinitionRequestSchema,
  createDefinitionRequestSchema,
  definitionDetailSchema,
  definitionListSchema,
  draftDefinitionRequestSchema,
  idParamsSchema,
  impactQuerySchema,
  impactSchema,
  jobSchema,
  personDefinitionsSchema,
  rejectDefinitionRequestSchema,
  validateExpressionRequestSchema,
  validateExpressionResponseSchema,
  versionParamsSchema,
} from "@tasuki/contracts";
import { actorOf } from "../auth/auth.plugin.ts";
import { localeOf } from "../http/error-handler.ts";
import { operation } from "../http/responses.ts";
import type { App, Deps } from "../http/types.ts";
import { getJob } from "../jobs/jobs.service.ts";
import {
  approveDefinitionVersion,
  commentOnDefinitionVersion,
  createDefinition,
  evaluatePersonDefinitions,
  getDefinition,
  getDefinitionImpact,
  listDefinitions,
  proposeDefinitionVersion,
  rejectDefinitionVersion,
  saveDefinitionDraft,
  validateExpression,
} from "./definitions.service.ts";

export function registerDefinitionRoutes(app: App, deps: Deps): void {
  const tags = ["definitions"];
  const read = "records.read";
  const write = "definitions.write";
  const sign = "definitions.approve";

  app.get(
    "/api/v1/definitions",
    operation(read, {
      operationId: "listDefinitions",
      tags,
      summary: "The common language: every definition with its version in force and any open version",
      response: { 200: definitionListSchema },
    }),
    async () => listDefinitions(deps),
  );
  app.post(
    "/api/v1/definitions",
    operation(
      write,
      {
        operationId: "createDefinition",
        tags,
        summary: "Create a definition with a draft v1, owned by one marketing and one sales person",
        body: createDefinitionRequestSchema,
        response: { 201: definitionDetailSchema },
      },
      { idempotent: true },
    ),
    async (request, reply) =>
      reply.status(201).send(await createDefinition(deps, actorOf(request), request.body)),
  );
  app.get(
    "/api/v1/definitions/:id",
    operation(read, {
      operationId: "getDefinition",
      tags,
      summary: "A definition with all its versions, approvals and comments",
      params: idParamsSchema,
      response: { 200: definitionDetailSchema },
    }),
    async (request) => getDefinition(deps, request.params.id),
  );
  app.put(
    "/api/v1/definitions/:id/draft",
    operation(write, {
      operationId: "saveDefinitionDraft",
      tags,
      summary: "Save the open draft (or start one) without asking for signatures",
      params: idParamsSchema,
      body: draftDefinitionRequestSchema,
      response: { 200: definitionDetailSchema },
    }),
    async (request) => saveDefinitionDraft(deps, actorOf(request), request.params.id, request.body),
  );
  app.post(
    "/api/v1/definitions/:id/versions",
    operation(
      write,
      {
        operationId: "proposeDefinitionVersion",
        tags,
        summary: "Propose a version for sign-off by one marketing and one sales user",
        params: idParamsSchema,
        body: draftDefinitionRequestSchema,
        response: { 201: definitionDetailSchema },
      },
      { idempotent: true },
    ),
    async (request, reply) =>
      reply
        .status(201)
        .send(await proposeDefinitionVersion(deps, actorOf(request), request.params.id, request.body)),
  );
  app.post(
    "/api/v1/definitions/:id/versions/:versionId/approve",
    operation(sign, {
      operationId: "approveDefinitionVersion",
      tags,
      summary: "Sign a proposed version for your side; the second side's signature approves it",
      params: versionParamsSchema,
      body: approveDefinitionRequestSchema,
      response: { 200: approveDefinitionResponseSchema },
    }),
    async (request) =>
      approveDefinitionVersion(
        deps,
        actorOf(request),
        request.params.id,
        request.params.versionId,
        request.body,
      ),
  );
  app.post(
    "/api/v1/definitions/:id/versions/:versionId/reject",
    operation(sign, {
      operationId: "rejectDefinitionVersion",
      tags,
      summary: "Reject a proposed version with a comment",
      params: versionParamsSchema,
      body: rejectDefinitionRequestSchema,
      response: { 200: definitionDetailSchema },
    }),
    async (request) =>
      rejectDefinitionVersion(
        deps,
        actorOf(request),
        request.params.id,
        request.params.versionId,
        request.body.comment,
      ),
  );
  app.post(
    "/api/v1/definitions/:id/versions/:versionId/comments",
    operation(
      write,
      {
        operationId: "commentDefinitionVersion",
        tags,
        summary: "Comment on a version",
        params: versionParamsSchema,
        body: commentDefinitionRequestSchema,
        response: { 201: definitionDetailSchema },
      },
      { idempotent: true },
    ),
    async (request, reply) =>
      reply
        .status(201)
        .send(
          await commentOnDefinitionVersion(
            deps,
            actorOf(request),
            request.params.id,
            request.params.versionId,
            request.body.body,
          ),
        ),
  );
  app.get(
    "/api/v1/definitions/:id/versions/:versionId/impact",
    operation(read, {
      operationId: "getDefinitionImpact",
      tags,
      summary: "Backtest a version against the one in force: who would qualify and what became of them",
      params: versionParamsSchema,
      querystring: impactQuerySchema,
      response: { 200: impactSchema },
    }),
    async (request) => getDefinitionImpact(deps, request.params.id, request.params.versionId, request.query),
  );
  app.post(
    "/api/v1/definitions/validate",
    operation(read, {
      operationId: "validateExpression",
      tags,
      summary: "Check an expression: errors with line and column, or its type",
      body: validateExpressionRequestSchema,
      response: { 200: validateExpressionResponseSchema },
    }),
    async (request) => validateExpression(request.body.expression, localeOf(request)),
  );
  app.get(
    "/api/v1/people/:id/definitions",
    operation(read, {
      operationId: "evaluatePersonDefinitions",
      tags,
      summary: "Which definitions in force this person meets now",
      params: idParamsSchema,
      response: { 200: personDefinitionsSchema },
    }),
    async (request) => evaluatePersonDefinitions(deps, request.params.id),
  );
  app.get(
    "/api/v1/jobs/:id",
    operation(read, {
      operationId: "getJob",
      tags: ["jobs"],
      summary: "A long-running job and its progress",
      params: idParamsSchema,
      response: { 200: jobSchema },
    }),
    async (request) => getJob(deps, request.params.id),
  );
}
