import { normalizeIP } from "@fastify/rate-limit";
import {
  acceptInvitationRequestSchema,
  checkInvitationResponseSchema,
  errorResponseSchema,
  idParamsSchema,
  invitationListSchema,
  invitationTokenRequestSchema,
  issuedInvitationSchema,
  loginResponseSchema,
} from "@tasuki/contracts";
import type { FastifyRequest } from "fastify";
import { actorOf } from "../auth/auth.plugin.ts";
import { sendSession } from "../auth/auth.routes.ts";
import { operation, publicOperation } from "../http/responses.ts";
import type { App, Deps } from "../http/types.ts";
import {
  acceptInvitation,
  checkInvitation,
  listInvitations,
  reissueInvitation,
} from "./invitations.service.ts";

/**
 * Invitation-link requests a minute from one address (both public endpoints together). A token
 * has 256 bits, so this is not what stops guessing; it keeps the public endpoints (and argon2 on
 * accept) from being used to load the server (docs/SECURITY.md).
 */
export const INVITATION_LIMIT_PER_ADDRESS = 30;

const invitationKey = (request: FastifyRequest) => `invitation:${normalizeIP(request.ip)}`;
const rateLimit = { max: INVITATION_LIMIT_PER_ADDRESS, timeWindow: "1 minute", keyGenerator: invitationKey };
const publicErrors = {
  400: errorResponseSchema,
  404: errorResponseSchema,
  410: errorResponseSchema,
  429: errorResponseSchema,
} as const;

export function registerInvitationRoutes(app: App, deps: Deps): void {
  app.get(
    "/api/v1/invitations",
    operation("users.manage", {
      operationId: "listInvitations",
      tags: ["users"],
      summary: "Invitation links neither used nor replaced, soonest to expire first (admins only)",
      response: { 200: invitationListSchema },
    }),
    async () => ({ items: await listInvitations(deps) }),
  );

  app.post(
    "/api/v1/users/:id/invitation",
    // Not idempotent: a replay would have to keep the new token in clear.
    operation(
      "users.manage",
      {
        operationId: "reissueInvitation",
        tags: ["users"],
        summary:
          "A new one-time link (72 h) for a user to set their password; the earlier link stops working",
        params: idParamsSchema,
        response: { 201: issuedInvitationSchema },
      },
      { idempotent: false },
    ),
    async (request, reply) =>
      reply.status(201).send(await reissueInvitation(deps, actorOf(request), request.params.id)),
  );

  // The token travels in the body, never in the URL, so it does not end up in access logs.
  app.post(
    "/api/v1/invitations/check",
    publicOperation(
      {
        operationId: "checkInvitation",
        tags: ["auth"],
        summary: "Who an invitation link is for, or why it can no longer be used (no sign-in)",
        body: invitationTokenRequestSchema,
        response: { 200: checkInvitationResponseSchema, ...publicErrors },
      },
      { rateLimit },
    ),
    async (request) => checkInvitation(deps, request.body.token),
  );

  app.post(
    "/api/v1/invitations/accept",
    publicOperation(
      {
        operationId: "acceptInvitation",
        tags: ["auth"],
        summary: "Set your own password with an invitation link and sign in; the link then stops working",
        body: acceptInvitationRequestSchema,
        response: { 200: loginResponseSchema, ...publicErrors },
      },
      { rateLimit },
    ),
    async (request, reply) =>
      sendSession(
        deps,
        request,
        reply,
        await acceptInvitation(deps, request.body.token, request.body.password),
      ),
  );
}
