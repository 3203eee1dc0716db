import {
  createUserRequestSchema,
  createUserResponseSchema,
  currentUserSchema,
  errorResponseSchema,
  type IssuedInvitation,
  idParamsSchema,
  listUsersQuerySchema,
  sessionResponseSchema,
  teamListSchema,
  updateCurrentUserRequestSchema,
  updateUserRequestSchema,
  userListSchema,
  userSchema,
} from "@tasuki/contracts";
import type { TeamFunction } from "@tasuki/domain";
import { actorOf, SESSION_COOKIE } from "../auth/auth.plugin.ts";
import { findLiveSession } from "../auth/auth.repository.ts";
import { hashSecret } from "../auth/secrets.ts";
import { operation, publicOperation } from "../http/responses.ts";
import type { App, Deps } from "../http/types.ts";
import { registerInvitationRoutes } from "../invitations/invitations.routes.ts";
import { issueInvitationIn } from "../invitations/invitations.service.ts";
import { findUserById, listTeams } from "./users.repository.ts";
import {
  createUser,
  getUser,
  listUsers,
  toCurrentUser,
  updateCurrentUser,
  updateUser,
} from "./users.service.ts";

export function registerUserRoutes(app: App, deps: Deps): void {
  const tags = ["users"];
  app.get(
    "/api/v1/auth/session",
    // Public so that "not signed in" is an answer (session: null), not a 401 in the browser console.
    publicOperation({
      operationId: "getSession",
      tags: ["auth"],
      summary: "The current cookie session with its CSRF token, or null; for a reloaded page",
      response: { 200: sessionResponseSchema, 400: errorResponseSchema },
    }),
    async (request) => {
      const sessionId = request.cookies[SESSION_COOKIE];
      const session = sessionId
        ? await findLiveSession(deps.db, hashSecret(sessionId), deps.clock.now())
        : null;
      const user = session ? await findUserById(deps.db, session.userId) : null;
      if (!session || !user?.active) return { session: null };
      return {
        session: {
          user: await toCurrentUser(deps, user),
          csrfToken: session.csrfToken,
          expiresAt: session.expiresAt.toISOString(),
        },
      };
    },
  );

  app.patch(
    "/api/v1/me",
    operation("records.read", {
      operationId: "updateCurrentUser",
      tags: ["auth"],
      summary: "Change your own name or UI language",
      body: updateCurrentUserRequestSchema,
      response: { 200: currentUserSchema },
    }),
    async (request) => updateCurrentUser(deps, actorOf(request), request.body),
  );

  app.get(
    "/api/v1/users",
    operation("records.read", {
      operationId: "listUsers",
      tags,
      summary: "Users in 姓名 order (active ones unless includeInactive), e.g. for owner pickers",
      querystring: listUsersQuerySchema,
      response: { 200: userListSchema },
    }),
    async (request) => ({ items: await listUsers(deps, request.query.includeInactive ?? false) }),
  );

  app.get(
    "/api/v1/teams",
    operation("records.read", {
      operationId: "listTeams",
      tags,
      summary: "The relay teams (marketing, inside sales, field sales, customer success)",
      response: { 200: teamListSchema },
    }),
    async () => ({
      items: (await listTeams(deps.db)).map((t) => ({
        id: t.id,
        key: t.key,
        function: t.function as TeamFunction,
        nameJa: t.nameJa,
        nameEn: t.nameEn,
      })),
    }),
  );

  app.post(
    "/api/v1/users",
    operation(
      "users.manage",
      {
        operationId: "createUser",
        tags,
        summary:
          "Add a user (admins only) and get a one-time invitation link (72 h) for them to set their own password",
        body: createUserRequestSchema,
        response: { 201: createUserResponseSchema },
      },
      // Not idempotent: a replay would have to keep the invitation token in clear.
      { idempotent: false },
    ),
    async (request, reply) => {
      const { teamId, password: _refused, ...input } = request.body;
      const actor = actorOf(request);
      let invitation: IssuedInvitation | undefined;
      const user = await createUser(
        deps,
        actor,
        { ...input, ...(teamId !== undefined ? { teamId } : {}) },
        async (tx, created) => {
          invitation = await issueInvitationIn(deps, tx, actor, created);
        },
      );
      return reply.status(201).send({ user: await getUser(deps, user.id), invitation: invitation! });
    },
  );

  app.patch(
    "/api/v1/users/:id",
    operation("users.manage", {
      operationId: "updateUser",
      tags,
      summary:
        "Change a user's role, team, name or active flag (admins only; passwords only through invitation links)",
      params: idParamsSchema,
      body: updateUserRequestSchema,
      response: { 200: userSchema },
    }),
    async (request) => updateUser(deps, actorOf(request), request.params.id, request.body),
  );

  registerInvitationRoutes(app, deps);
}
