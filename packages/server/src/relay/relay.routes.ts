import {
  acceptHandoffRequestSchema,
  businessCalendarSchema,
  createHandoffRequestSchema,
  createNotificationChannelRequestSchema,
  createNotificationChannelResponseSchema,
  createRejectionReasonRequestSchema,
  deliveryPageSchema,
  getSlaComplianceQuerySchema,
  handoffPageSchema,
  handoffSchema,
  idParamsSchema,
  listDeliveriesQuerySchema,
  listHandoffsQuerySchema,
  listNotificationsQuerySchema,
  listRejectionReasonsQuerySchema,
  markNotificationsReadRequestSchema,
  markNotificationsReadResponseSchema,
  notificationChannelListSchema,
  notificationChannelSchema,
  notificationPageSchema,
  rejectHandoffRequestSchema,
  rejectionReasonListSchema,
  rejectionReasonSchema,
  relayTeamSettingsListSchema,
  relayTeamSettingsSchema,
  slaComplianceSchema,
  slaPolicyListSchema,
  teamIdParamsSchema,
  testNotificationChannelResponseSchema,
  updateBusinessCalendarRequestSchema,
  updateNotificationChannelRequestSchema,
  updateRejectionReasonRequestSchema,
  updateRelayTeamSettingsRequestSchema,
  updateSlaPoliciesRequestSchema,
} from "@tasuki/contracts";
import { z } from "zod";
import { actorOf } from "../auth/auth.plugin.ts";
import { getBusinessCalendar, updateBusinessCalendar } from "../calendar/calendar.service.ts";
import { localeOf } from "../http/error-handler.ts";
import { operation } from "../http/responses.ts";
import type { App, Deps } from "../http/types.ts";
import { acceptHandoff, createHandoff, getHandoff, listHandoffs, rejectHandoff } from "./handoffs.service.ts";
import {
  createNotificationChannel,
  deleteNotificationChannel,
  listDeliveries,
  listNotificationChannels,
  listNotifications,
  markNotificationsRead,
  testNotificationChannel,
  updateNotificationChannel,
} from "./notifications.service.ts";
import {
  createRejectionReason,
  getSlaPolicies,
  listRejectionReasons,
  listRelayTeamSettings,
  updateRejectionReason,
  updateRelayTeamSettings,
  updateSlaPolicies,
} from "./relay-settings.service.ts";
import { getSlaCompliance } from "./sla-compliance.service.ts";

export function registerRelayRoutes(app: App, deps: Deps): void {
  const tags = ["relay"];
  app.post(
    "/api/v1/handoffs",
    operation(
      "handoffs.write",
      {
        operationId: "createHandoff",
        tags,
        summary: "Hand a person to the next team with a baton note; the SLA starts now, in business time",
        body: createHandoffRequestSchema,
        response: { 201: handoffSchema },
      },
      { idempotent: true },
    ),
    async (request, reply) =>
      reply.status(201).send(await createHandoff(deps, actorOf(request), request.body)),
  );
  app.get(
    "/api/v1/handoffs",
    operation("records.read", {
      operationId: "listHandoffs",
      tags,
      summary: "List handoffs: a team's inbox, an assignee's, by state or SLA status (cursor paging)",
      querystring: listHandoffsQuerySchema,
      response: { 200: handoffPageSchema },
    }),
    async (request) => listHandoffs(deps, request.query),
  );
  app.get(
    "/api/v1/handoffs/:id",
    operation("records.read", {
      operationId: "getHandoff",
      tags,
      summary: "One handoff with its baton note and SLA status",
      params: idParamsSchema,
      response: { 200: handoffSchema },
    }),
    async (request) => getHandoff(deps, request.params.id),
  );
  app.post(
    "/api/v1/handoffs/:id/accept",
    operation("handoffs.decide", {
      operationId: "acceptHandoff",
      tags,
      summary: "Accept (receiving team): the person moves forward where the lifecycle allows",
      params: idParamsSchema,
      body: acceptHandoffRequestSchema,
      response: { 200: handoffSchema },
    }),
    async (request) => acceptHandoff(deps, actorOf(request), request.params.id, request.body),
  );
  app.post(
    "/api/v1/handoffs/:id/reject",
    operation("handoffs.decide", {
      operationId: "rejectHandoff",
      tags,
      summary: "Send the person back with a reason and a comment; the sending team is notified",
      params: idParamsSchema,
      body: rejectHandoffRequestSchema,
      response: { 200: handoffSchema },
    }),
    async (request) => rejectHandoff(deps, actorOf(request), request.params.id, request.body),
  );
  app.get(
    "/api/v1/rejection-reasons",
    operation("records.read", {
      operationId: "listRejectionReasons",
      tags,
      summary: "The shared rejection-reason taxonomy (active reasons; includeInactive=true for all)",
      querystring: listRejectionReasonsQuerySchema,
      response: { 200: rejectionReasonListSchema },
    }),
    async (request) => listRejectionReasons(deps, request.query.includeInactive),
  );
  app.post(
    "/api/v1/rejection-reasons",
    operation(
      "relay.manage",
      {
        operationId: "createRejectionReason",
        tags,
        summary: "Add a reason to the shared taxonomy",
        body: createRejectionReasonRequestSchema,
        response: { 201: rejectionReasonSchema },
      },
      { idempotent: true },
    ),
    async (request, reply) =>
      reply.status(201).send(await createRejectionReason(deps, actorOf(request), request.body)),
  );
  app.patch(
    "/api/v1/rejection-reasons/:id",
    operation("relay.manage", {
      operationId: "updateRejectionReason",
      tags,
      summary: "Rename, reorder, deactivate or reactivate a reason (past handoffs keep it)",
      params: idParamsSchema,
      body: updateRejectionReasonRequestSchema,
      response: { 200: rejectionReasonSchema },
    }),
    async (request) => updateRejectionReason(deps, actorOf(request), request.params.id, request.body),
  );
  app.get(
    "/api/v1/sla-compliance",
    operation("records.read", {
      operationId: "getSlaCompliance",
      tags,
      summary:
        "SLA compliance per receiving team and assignee for a period (default this month, JST); each row names its listHandoffs filter",
      querystring: getSlaComplianceQuerySchema,
      response: { 200: slaComplianceSchema },
    }),
    async (request) => getSlaCompliance(deps, request.query),
  );
  app.get(
    "/api/v1/sla-policies",
    operation("records.read", {
      operationId: "getSlaPolicies",
      tags,
      summary: "SLA per relay edge, in business minutes",
      response: { 200: slaPolicyListSchema },
    }),
    async () => getSlaPolicies(deps),
  );
  app.put(
    "/api/v1/sla-policies",
    operation("relay.manage", {
      operationId: "updateSlaPolicies",
      tags,
      summary: "Change SLA policies (all or none); pending handoffs keep the SLA they started with",
      body: updateSlaPoliciesRequestSchema,
      response: { 200: slaPolicyListSchema },
    }),
    async (request) => updateSlaPolicies(deps, actorOf(request), request.body),
  );
  app.get(
    "/api/v1/business-calendar",
    operation("records.read", {
      operationId: "getBusinessCalendar",
      tags,
      summary: "Working hours, holidays and team overrides that SLAs are counted on (JST)",
      response: { 200: businessCalendarSchema },
    }),
    async () => getBusinessCalendar(deps),
  );
  app.put(
    "/api/v1/business-calendar",
    operation("relay.manage", {
      operationId: "updateBusinessCalendar",
      tags,
      summary: "Change the company calendar, or a team's override (null fields inherit)",
      body: updateBusinessCalendarRequestSchema,
      response: { 200: businessCalendarSchema },
    }),
    async (request) => updateBusinessCalendar(deps, actorOf(request), request.body),
  );
  app.get(
    "/api/v1/relay-team-settings",
    operation("records.read", {
      operationId: "listRelayTeamSettings",
      tags,
      summary: "How each team's incoming handoffs are assigned (queue, round robin, least loaded)",
      response: { 200: relayTeamSettingsListSchema },
    }),
    async () => listRelayTeamSettings(deps),
  );
  app.put(
    "/api/v1/relay-team-settings/:teamId",
    operation("relay.manage", {
      operationId: "updateRelayTeamSettings",
      tags,
      summary: "Set a team's assignment rule for incoming handoffs",
      params: teamIdParamsSchema,
      body: updateRelayTeamSettingsRequestSchema,
      response: { 200: relayTeamSettingsSchema },
    }),
    async (request) => updateRelayTeamSettings(deps, actorOf(request), request.params.teamId, request.body),
  );

  const notificationTags = ["notifications"];
  app.get(
    "/api/v1/notifications",
    operation("records.read", {
      operationId: "listNotifications",
      tags: notificationTags,
      summary: "Your in-app notifications (handoffs received, returned, at risk, breached), newest first",
      querystring: listNotificationsQuerySchema,
      response: { 200: notificationPageSchema },
    }),
    async (request) => listNotifications(deps, actorOf(request), request.query, localeOf(request)),
  );
  app.post(
    "/api/v1/notifications/read",
    operation("records.read", {
      operationId: "markNotificationsRead",
      tags: notificationTags,
      summary: "Mark some of your notifications read",
      body: markNotificationsReadRequestSchema,
      response: { 200: markNotificationsReadResponseSchema },
    }),
    async (request) => markNotificationsRead(deps, actorOf(request), request.body.ids),
  );
  app.get(
    "/api/v1/notification-channels",
    operation("relay.manage", {
      operationId: "listNotificationChannels",
      tags: notificationTags,
      summary: "Slack, Microsoft Teams, Chatwork and webhook channels that receive relay events",
      response: { 200: notificationChannelListSchema },
    }),
    async () => listNotificationChannels(deps),
  );
  app.post(
    "/api/v1/notification-channels",
    operation(
      "relay.manage",
      {
        operationId: "createNotificationChannel",
        tags: notificationTags,
        summary: "Add a channel; webhook channels get a signing secret shown only in this response",
        body: createNotificationChannelRequestSchema,
        response: { 201: createNotificationChannelResponseSchema },
      },
      { idempotent: true },
    ),
    async (request, reply) =>
      reply.status(201).send(await createNotificationChannel(deps, actorOf(request), request.body)),
  );
  app.patch(
    "/api/v1/notification-channels/:id",
    operation("relay.manage", {
      operationId: "updateNotificationChannel",
      tags: notificationTags,
      summary: "Rename, re-target, change events or team, disable or re-enable a channel",
      params: idParamsSchema,
      body: updateNotificationChannelRequestSchema,
      response: { 200: notificationChannelSchema },
    }),
    async (request) => updateNotificationChannel(deps, actorOf(request), request.params.id, request.body),
  );
  app.delete(
    "/api/v1/notification-channels/:id",
    operation("relay.manage", {
      operationId: "deleteNotificationChannel",
      tags: notificationTags,
      summary: "Delete a channel and its delivery log (disable it to keep the log)",
      params: idParamsSchema,
      response: { 204: z.null().describe("Deleted") },
    }),
    async (request, reply) => {
      await deleteNotificationChannel(deps, actorOf(request), request.params.id);
      return reply.status(204).send(null);
    },
  );
  app.post(
    "/api/v1/notification-channels/:id/test",
    operation("relay.manage", {
      operationId: "testNotificationChannel",
      tags: notificationTags,
      summary: "Send a sample message to the channel now and report what the receiver answered",
      params: idParamsSchema,
      response: { 200: testNotificationChannelResponseSchema },
    }),
    async (request) => testNotificationChannel(deps, actorOf(request), request.params.id),
  );
  app.get(
    "/api/v1/notification-channels/:id/deliveries",
    operation("relay.manage", {
      operationId: "listDeliveries",
      tags: notificationTags,
      summary: "A channel's delivery log: event, status, attempts, last error, next retry (cursor paging)",
      params: idParamsSchema,
      querystring: listDeliveriesQuerySchema,
      response: { 200: deliveryPageSchema },
    }),
    async (request) => listDeliveries(deps, request.params.id, request.query),
  );
}
