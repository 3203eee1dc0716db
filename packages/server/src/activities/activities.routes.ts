import {
  activityPageSchema,
  activitySchema,
  createActivitiesRequestSchema,
  createActivitiesResponseSchema,
  createActivityRequestSchema,
  listActivitiesQuerySchema,
} from "@tasuki/contracts";
import { actorOf } from "../auth/auth.plugin.ts";
import { operation } from "../http/responses.ts";
import type { App, Deps } from "../http/types.ts";
import { createActivities, listActivities } from "./activities.service.ts";

export function registerActivityRoutes(app: App, deps: Deps): void {
  const tags = ["activities"];
  app.get(
    "/api/v1/activities",
    operation("records.read", {
      operationId: "listActivities",
      tags,
      summary: "List activities by person, company, campaign, type and time, newest first (cursor paging)",
      querystring: listActivitiesQuerySchema,
      response: { 200: activityPageSchema },
    }),
    async (request) => listActivities(deps, request.query),
  );
  app.post(
    "/api/v1/activities",
    operation(
      "activities.write",
      {
        operationId: "createActivity",
        tags,
        summary:
          "Record one activity (名刺交換, 資料請求, 問い合わせ, email, page view, webinar, call, meeting, note)",
        body: createActivityRequestSchema,
        response: { 201: activitySchema },
      },
      { idempotent: true },
    ),
    async (request, reply) => {
      const [activity] = await createActivities(deps, actorOf(request), [request.body]);
      return reply.status(201).send(activity!);
    },
  );
  app.post(
    "/api/v1/activities/batch",
    operation(
      "activities.write",
      {
        operationId: "createActivities",
        tags,
        summary: "Record up to 1,000 activities at once; all or none are written",
        body: createActivitiesRequestSchema,
        response: { 201: createActivitiesResponseSchema },
      },
      { idempotent: true },
    ),
    async (request, reply) => {
      const items = await createActivities(deps, actorOf(request), request.body.items);
      return reply.status(201).send({ items, count: items.length });
    },
  );
}
