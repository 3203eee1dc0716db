import {
  changePersonStageRequestSchema,
  changePersonStageResponseSchema,
  createPersonRequestSchema,
  idParamsSchema,
  listPeopleQuerySchema,
  personPageSchema,
  personSchema,
  timelinePageSchema,
  timelineQuerySchema,
  updatePersonRequestSchema,
} from "@tasuki/contracts";
import { actorOf } from "../auth/auth.plugin.ts";
import { operation } from "../http/responses.ts";
import type { App, Deps } from "../http/types.ts";
import { changePersonStage, createPerson, getPerson, listPeople, updatePerson } from "./people.service.ts";
import { getPersonTimeline } from "./timeline.service.ts";

export function registerPeopleRoutes(app: App, deps: Deps): void {
  const tags = ["people"];
  app.get(
    "/api/v1/people",
    operation("records.read", {
      operationId: "listPeople",
      tags,
      summary: "List people (search, filters, sort incl. 五十音順, cursor paging)",
      querystring: listPeopleQuerySchema,
      response: { 200: personPageSchema },
    }),
    async (request) => listPeople(deps, request.query),
  );
  app.post(
    "/api/v1/people",
    operation(
      "people.write",
      {
        operationId: "createPerson",
        tags,
        summary: "Create a person; they enter the relay as a lead",
        body: createPersonRequestSchema,
        response: { 201: personSchema },
      },
      { idempotent: true },
    ),
    async (request, reply) =>
      reply.status(201).send(await createPerson(deps, actorOf(request), request.body)),
  );
  app.get(
    "/api/v1/people/:id",
    operation("records.read", {
      operationId: "getPerson",
      tags,
      summary: "One person",
      params: idParamsSchema,
      response: { 200: personSchema },
    }),
    async (request) => getPerson(deps, request.params.id),
  );
  app.patch(
    "/api/v1/people/:id",
    operation("people.write", {
      operationId: "updatePerson",
      tags,
      summary: "Update a person's profile (send the version you read); stage moves via changePersonStage",
      params: idParamsSchema,
      body: updatePersonRequestSchema,
      response: { 200: personSchema },
    }),
    async (request) => updatePerson(deps, actorOf(request), request.params.id, request.body),
  );
  app.post(
    "/api/v1/people/:id/stage",
    operation("people.stage", {
      operationId: "changePersonStage",
      tags,
      summary: "Move a person along the lifecycle; invalid transitions fail with invalid_stage_transition",
      params: idParamsSchema,
      body: changePersonStageRequestSchema,
      response: { 200: changePersonStageResponseSchema },
    }),
    async (request) => changePersonStage(deps, actorOf(request), request.params.id, request.body),
  );
  app.get(
    "/api/v1/people/:id/timeline",
    operation("records.read", {
      operationId: "getPersonTimeline",
      tags,
      summary: "A person's activities, notes and stage changes, newest first",
      params: idParamsSchema,
      querystring: timelineQuerySchema,
      response: { 200: timelinePageSchema },
    }),
    async (request) => getPersonTimeline(deps, request.params.id, request.query),
  );
}
