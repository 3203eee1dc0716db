import {
  createGoalCommentRequestSchema,
  createGoalRequestSchema,
  goalCommentParamsSchema,
  goalCommentSchema,
  goalListSchema,
  goalPacingSchema,
  goalPlanSchema,
  goalRecordPageSchema,
  goalRecordsQuerySchema,
  goalSchema,
  goalViewSchema,
  idParamsSchema,
  updateGoalCommentRequestSchema,
  updateGoalRequestSchema,
} from "@tasuki/contracts";
import { actorOf } from "../auth/auth.plugin.ts";
import { operation } from "../http/responses.ts";
import type { App, Deps } from "../http/types.ts";
import {
  createGoal,
  createGoalComment,
  getGoal,
  getGoalPacing,
  getGoalPlan,
  getGoalView,
  listGoalRecords,
  listGoals,
  updateGoal,
  updateGoalComment,
} from "./goals.service.ts";

export function registerGoalRoutes(app: App, deps: Deps): void {
  const tags = ["goals"];
  app.get(
    "/api/v1/goals",
    operation("records.read", {
      operationId: "listGoals",
      tags,
      summary: "List revenue goals (目標), newest fiscal year first",
      response: { 200: goalListSchema },
    }),
    async () => listGoals(deps),
  );
  app.post(
    "/api/v1/goals",
    operation(
      "goals.write",
      {
        operationId: "createGoal",
        tags,
        summary: "Create a goal for a month, quarter or fiscal year (managers and admins)",
        body: createGoalRequestSchema,
        response: { 201: goalSchema },
      },
      { idempotent: true },
    ),
    async (request, reply) => reply.status(201).send(await createGoal(deps, actorOf(request), request.body)),
  );
  app.get(
    "/api/v1/goals/:id",
    operation("records.read", {
      operationId: "getGoal",
      tags,
      summary: "One goal with its assumptions, each beside its historical value",
      params: idParamsSchema,
      response: { 200: goalSchema },
    }),
    async (request) => getGoal(deps, request.params.id),
  );
  app.patch(
    "/api/v1/goals/:id",
    operation("goals.write", {
      operationId: "updateGoal",
      tags,
      summary: "Update a goal's name, monthly targets, scope or assumptions (send the version you read)",
      params: idParamsSchema,
      body: updateGoalRequestSchema,
      response: { 200: goalSchema },
    }),
    async (request) => updateGoal(deps, actorOf(request), request.params.id, request.body),
  );
  app.get(
    "/api/v1/goals/:id/plan",
    operation("records.read", {
      operationId: "getGoalPlan",
      tags,
      summary:
        "The reverse funnel (逆算): won deals, opportunities, SQL, SAL, MQL and new leads needed per month",
      params: idParamsSchema,
      response: { 200: goalPlanSchema },
    }),
    async (request) => getGoalPlan(deps, request.params.id),
  );
  app.get(
    "/api/v1/goals/:id/pacing",
    operation("records.read", {
      operationId: "getGoalPacing",
      tags,
      summary: "Actual against plan per month, the projected gap, and sales' comments",
      params: idParamsSchema,
      response: { 200: goalPacingSchema },
    }),
    async (request) => getGoalPacing(deps, request.params.id),
  );
  app.get(
    "/api/v1/goals/:id/view",
    operation("records.read", {
      operationId: "getGoalView",
      tags,
      summary:
        "The goal page in one response: the goal, its plan and its pacing, from one read of the history",
      params: idParamsSchema,
      response: { 200: goalViewSchema },
    }),
    async (request) => getGoalView(deps, request.params.id),
  );
  app.get(
    "/api/v1/goals/:id/records",
    operation("records.read", {
      operationId: "listGoalRecords",
      tags,
      summary: "The records behind one pacing actual (stage and month): won deals or people",
      params: idParamsSchema,
      querystring: goalRecordsQuerySchema,
      response: { 200: goalRecordPageSchema },
    }),
    async (request) => listGoalRecords(deps, request.params.id, request.query),
  );
  app.post(
    "/api/v1/goals/:id/comments",
    operation(
      "goals.comment",
      {
        operationId: "createGoalComment",
        tags,
        summary: "Post sales' status for a month: 今の数字, 必要な動き, いつまでに",
        params: idParamsSchema,
        body: createGoalCommentRequestSchema,
        response: { 201: goalCommentSchema },
      },
      { idempotent: true },
    ),
    async (request, reply) =>
      reply
        .status(201)
        .send(await createGoalComment(deps, actorOf(request), request.params.id, request.body)),
  );
  app.patch(
    "/api/v1/goals/:id/comments/:commentId",
    operation("goals.comment", {
      operationId: "updateGoalComment",
      tags,
      summary: "Edit your comment (send the version you read)",
      params: goalCommentParamsSchema,
      body: updateGoalCommentRequestSchema,
      response: { 200: goalCommentSchema },
    }),
    async (request) =>
      updateGoalComment(deps, actorOf(request), request.params.id, request.params.commentId, request.body),
  );
}
