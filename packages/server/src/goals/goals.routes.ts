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
import { errorResponses } from "../http/responses.ts";
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
    {
      config: { permission: "records.read" },
      schema: {
        operationId: "listGoals",
        tags,
        summary: "List revenue goals (目標), newest fiscal year first",
        response: { 200: goalListSchema, ...errorResponses },
      },
    },
    async () => listGoals(deps),
  );
  app.post(
    "/api/v1/goals",
    {
      config: { permission: "goals.write", idempotent: true },
      schema: {
        operationId: "createGoal",
        tags,
        summary: "Create a goal for a month, quarter or fiscal year (managers and admins)",
        body: createGoalRequestSchema,
        response: { 201: goalSchema, ...errorResponses },
      },
    },
    async (request, reply) => reply.status(201).send(await createGoal(deps, actorOf(request), request.body)),
  );
  app.get(
    "/api/v1/goals/:id",
    {
      config: { permission: "records.read" },
      schema: {
        operationId: "getGoal",
        tags,
        summary: "One goal with its assumptions, each beside its historical value",
        params: idParamsSchema,
        response: { 200: goalSchema, ...errorResponses },
      },
    },
    async (request) => getGoal(deps, request.params.id),
  );
  app.patch(
    "/api/v1/goals/:id",
    {
      config: { permission: "goals.write" },
      schema: {
        operationId: "updateGoal",
        tags,
        summary: "Update a goal's name, monthly targets, scope or assumptions (send the version you read)",
        params: idParamsSchema,
        body: updateGoalRequestSchema,
        response: { 200: goalSchema, ...errorResponses },
      },
    },
    async (request) => updateGoal(deps, actorOf(request), request.params.id, request.body),
  );
  app.get(
    "/api/v1/goals/:id/plan",
    {
      config: { permission: "records.read" },
      schema: {
        operationId: "getGoalPlan",
        tags,
        summary:
          "The reverse funnel (逆算): won deals, opportunities, SQL, SAL, MQL and new leads needed per month",
        params: idParamsSchema,
        response: { 200: goalPlanSchema, ...errorResponses },
      },
    },
    async (request) => getGoalPlan(deps, request.params.id),
  );
  app.get(
    "/api/v1/goals/:id/pacing",
    {
      config: { permission: "records.read" },
      schema: {
        operationId: "getGoalPacing",
        tags,
        summary: "Actual against plan per month, the projected gap, and sales' comments",
        params: idParamsSchema,
        response: { 200: goalPacingSchema, ...errorResponses },
      },
    },
    async (request) => getGoalPacing(deps, request.params.id),
  );
  app.get(
    "/api/v1/goals/:id/view",
    {
      config: { permission: "records.read" },
      schema: {
        operationId: "getGoalView",
        tags,
        summary:
          "The goal page in one response: the goal, its plan and its pacing, from one read of the history",
        params: idParamsSchema,
        response: { 200: goalViewSchema, ...errorResponses },
      },
    },
    async (request) => getGoalView(deps, request.params.id),
  );
  app.get(
    "/api/v1/goals/:id/records",
    {
      config: { permission: "records.read" },
      schema: {
        operationId: "listGoalRecords",
        tags,
        summary: "The records behind one pacing actual (stage and month): won deals or people",
        params: idParamsSchema,
        querystring: goalRecordsQuerySchema,
        response: { 200: goalRecordPageSchema, ...errorResponses },
      },
    },
    async (request) => listGoalRecords(deps, request.params.id, request.query),
  );
  app.post(
    "/api/v1/goals/:id/comments",
    {
      config: { permission: "goals.comment", idempotent: true },
      schema: {
        operationId: "createGoalComment",
        tags,
        summary: "Post sales' status for a month: 今の数字, 必要な動き, いつまでに",
        params: idParamsSchema,
        body: createGoalCommentRequestSchema,
        response: { 201: goalCommentSchema, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await createGoalComment(deps, actorOf(request), request.params.id, request.body)),
  );
  app.patch(
    "/api/v1/goals/:id/comments/:commentId",
    {
      config: { permission: "goals.comment" },
      schema: {
        operationId: "updateGoalComment",
        tags,
        summary: "Edit your comment (send the version you read)",
        params: goalCommentParamsSchema,
        body: updateGoalCommentRequestSchema,
        response: { 200: goalCommentSchema, ...errorResponses },
      },
    },
    async (request) =>
      updateGoalComment(deps, actorOf(request), request.params.id, request.params.commentId, request.body),
  );
}
