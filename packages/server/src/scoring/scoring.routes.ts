import {
  approveScoringModelRequestSchema,
  approveScoringModelResponseSchema,
  calibrationPeoplePageSchema,
  calibrationQuerySchema,
  idParamsSchema,
  jobSchema,
  listCalibrationPeopleQuerySchema,
  personScoreSchema,
  proposeScoringModelRequestSchema,
  rejectDefinitionRequestSchema,
  scoreHistorySchema,
  scoringCalibrationSchema,
  scoringModelSchema,
} from "@tasuki/contracts";
import { z } from "zod";
import { actorOf } from "../auth/auth.plugin.ts";
import { operation } from "../http/responses.ts";
import type { App, Deps } from "../http/types.ts";
import {
  approveScoringModel,
  getPersonScore,
  getScoreHistory,
  getScoringCalibration,
  getScoringModel,
  listCalibrationPeople,
  proposeScoringModel,
  rejectScoringModel,
  startRescoreAll,
} from "./scoring.service.ts";

const versionParams = z.object({ versionId: z.uuid() });

export function registerScoringRoutes(app: App, deps: Deps): void {
  const tags = ["scoring"];
  app.get(
    "/api/v1/scoring/model",
    operation("records.read", {
      operationId: "getScoringModel",
      tags,
      summary: "The scoring model in force, any open proposal, and its versions",
      response: { 200: scoringModelSchema },
    }),
    async () => getScoringModel(deps),
  );
  app.post(
    "/api/v1/scoring/model/versions",
    operation(
      "definitions.write",
      {
        operationId: "proposeScoringModel",
        tags,
        summary: "Propose a scoring model version; it applies only after two-sided sign-off",
        body: proposeScoringModelRequestSchema,
        response: { 201: scoringModelSchema },
      },
      { idempotent: true },
    ),
    async (request, reply) =>
      reply.status(201).send(await proposeScoringModel(deps, actorOf(request), request.body)),
  );
  app.post(
    "/api/v1/scoring/model/versions/:versionId/approve",
    operation("definitions.approve", {
      operationId: "approveScoringModel",
      tags,
      summary: "Sign a proposed model for your side; the second signature applies it and rescores everyone",
      params: versionParams,
      body: approveScoringModelRequestSchema,
      response: { 200: approveScoringModelResponseSchema },
    }),
    async (request) =>
      approveScoringModel(deps, actorOf(request), request.params.versionId, request.body.comment),
  );
  app.post(
    "/api/v1/scoring/model/versions/:versionId/reject",
    operation("definitions.approve", {
      operationId: "rejectScoringModel",
      tags,
      summary: "Reject a proposed scoring model with a comment",
      params: versionParams,
      body: rejectDefinitionRequestSchema,
      response: { 200: scoringModelSchema },
    }),
    async (request) =>
      rejectScoringModel(deps, actorOf(request), request.params.versionId, request.body.comment),
  );
  app.post(
    "/api/v1/scoring/rescore",
    operation("definitions.write", {
      operationId: "rescoreAll",
      tags,
      summary:
        "Rescore everyone with the model in force (set-based, in the background); while one is queued or running, answers with that job (same id). Watch it with getJob",
      response: { 202: jobSchema },
    }),
    async (request, reply) => reply.status(202).send(await startRescoreAll(deps, actorOf(request))),
  );
  app.get(
    "/api/v1/scoring/calibration",
    operation("records.read", {
      operationId: "getScoringCalibration",
      tags,
      summary:
        "How well the score predicts outcomes: deciles, score × temperature, and a suggested reweighting",
      querystring: calibrationQuerySchema,
      response: { 200: scoringCalibrationSchema },
    }),
    async (request) => getScoringCalibration(deps, request.query),
  );
  app.get(
    "/api/v1/scoring/calibration/people",
    operation("records.read", {
      operationId: "listCalibrationPeople",
      tags,
      summary:
        "The people behind a number of the calibration report: a decile or a score band × temperature cell",
      querystring: listCalibrationPeopleQuerySchema,
      response: { 200: calibrationPeoplePageSchema },
    }),
    async (request) => listCalibrationPeople(deps, request.query),
  );
  app.get(
    "/api/v1/people/:id/score",
    operation("records.read", {
      operationId: "getPersonScore",
      tags,
      summary: "A person's fit, engagement and total scores with the lines that explain them",
      params: idParamsSchema,
      response: { 200: personScoreSchema },
    }),
    async (request) => getPersonScore(deps, request.params.id),
  );
  app.get(
    "/api/v1/people/:id/score/history",
    operation("records.read", {
      operationId: "getScoreHistory",
      tags,
      summary: "Every change of a person's score, newest first",
      params: idParamsSchema,
      response: { 200: scoreHistorySchema },
    }),
    async (request) => getScoreHistory(deps, request.params.id),
  );
}
