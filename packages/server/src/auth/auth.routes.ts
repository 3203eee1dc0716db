import { normalizeIP } from "@fastify/rate-limit";
import {
  apiTokenSchema,
  createApiTokenRequestSchema,
  createApiTokenResponseSchema,
  currentUserSchema,
  errorResponseSchema,
  idParamsSchema,
  loginRequestSchema,
  loginResponseSchema,
} from "@tasuki/contracts";
import type { FastifyReply, FastifyRequest } from "fastify";
import { z } from "zod";
import { AppError } from "../http/app-error.ts";
import { operation, publicOperation } from "../http/responses.ts";
import type { App, Deps } from "../http/types.ts";
import { findUserById } from "../users/users.repository.ts";
import { toCurrentUser } from "../users/users.service.ts";
import { actorOf, SESSION_COOKIE } from "./auth.plugin.ts";
import {
  createApiToken,
  type LoginResult,
  listApiTokens,
  login,
  logout,
  revokeApiToken,
  toApiTokenResponse,
} from "./auth.service.ts";

/**
 * Sign-in attempts a minute for one account from one address. Per account, not per address alone: a
 * whole office signs in at 9:00 through one NAT address, and each person still gets their own 20.
 */
export const LOGIN_LIMIT_PER_ACCOUNT = 20;
/** Sign-in attempts a minute from one address across all accounts: stops spraying many accounts. */
export const LOGIN_LIMIT_PER_ADDRESS = 300;
/**
 * Sign-in attempts for one account in 15 minutes from all addresses together: guessing one password
 * from many addresses (a botnet, or forged X-Forwarded-For behind a misconfigured proxy) stops here.
 * The price is that such an attack can hold the account's sign-in for 15 minutes (docs/SECURITY.md).
 */
export const LOGIN_LIMIT_PER_ACCOUNT_ANY_ADDRESS = 60;

/** The address as the plugin's own key has it: an IPv6 address stands for its whole subnet. */
const addressOf = (request: FastifyRequest) => `login:${normalizeIP(request.ip)}`;

/** The submitted email, lower-cased and trimmed: the account an attempt is against. */
function submittedAccount(request: FastifyRequest): string {
  const email = (request.body as { email?: unknown } | undefined)?.email;
  return typeof email === "string" ? email.trim().toLowerCase() : "";
}

/** The per-account key: the address and the submitted email. */
const loginAccountKey = (request: FastifyRequest) => `${addressOf(request)}:${submittedAccount(request)}`;

/** Sets the session cookie and answers with the signed-in user and the CSRF token (login, invitation). */
export async function sendSession(
  deps: Deps,
  request: FastifyRequest,
  reply: FastifyReply,
  result: LoginResult,
) {
  reply.setCookie(SESSION_COOKIE, result.sessionId, {
    httpOnly: true,
    sameSite: "lax",
    // Over https (directly, or from a trusted proxy's X-Forwarded-Proto) the cookie never travels in clear.
    secure: deps.config.cookieSecure || request.protocol === "https",
    path: "/",
    expires: result.expiresAt,
  });
  return {
    user: await toCurrentUser(deps, result.user),
    csrfToken: result.csrfToken,
    expiresAt: result.expiresAt.toISOString(),
  };
}

export function registerAuthRoutes(app: App, deps: Deps): void {
  // Checked when the request arrives, before the body is read, so spraying costs no parsing.
  const perAddress = app.createRateLimit({
    max: LOGIN_LIMIT_PER_ADDRESS,
    timeWindow: "1 minute",
    keyGenerator: addressOf,
  });
  const perAccount = app.createRateLimit({
    max: LOGIN_LIMIT_PER_ACCOUNT_ANY_ADDRESS,
    timeWindow: "15 minutes",
    keyGenerator: (request) => `login-account:${submittedAccount(request)}`,
  });
  const refuseWhenExceeded = async (
    limiter: typeof perAddress,
    request: FastifyRequest,
    reply: FastifyReply,
  ) => {
    const limit = await limiter(request);
    if (!limit.isAllowed && limit.isExceeded) {
      reply.header("retry-after", limit.ttlInSeconds);
      throw new AppError("rate_limited");
    }
  };

  app.post(
    "/api/v1/auth/login",
    {
      ...publicOperation(
        {
          operationId: "login",
          tags: ["auth"],
          summary: "Sign in with email and password; sets the session cookie",
          body: loginRequestSchema,
          response: {
            200: loginResponseSchema,
            400: errorResponseSchema,
            401: errorResponseSchema,
            429: errorResponseSchema,
          },
        },
        {
          // After validation (preHandler), so the key can include the email.
          rateLimit: {
            max: LOGIN_LIMIT_PER_ACCOUNT,
            timeWindow: "1 minute",
            hook: "preHandler",
            keyGenerator: loginAccountKey,
          },
        },
      ),
      onRequest: (request, reply) => refuseWhenExceeded(perAddress, request, reply),
      // After validation, so the key is the submitted account; the same for an existing account or not.
      preHandler: (request, reply) => refuseWhenExceeded(perAccount, request, reply),
    },
    async (request, reply) => {
      const result = await login(deps, request.body.email, request.body.password);
      return sendSession(deps, request, reply, result);
    },
  );

  app.post(
    "/api/v1/auth/logout",
    publicOperation({
      operationId: "logout",
      tags: ["auth"],
      summary: "End the session",
      response: { 204: z.null() },
    }),
    async (request, reply) => {
      const sessionId = request.cookies[SESSION_COOKIE];
      if (sessionId) await logout(deps, sessionId);
      reply.clearCookie(SESSION_COOKIE, { path: "/" });
      return reply.status(204).send(null);
    },
  );

  app.get(
    "/api/v1/me",
    operation("records.read", {
      operationId: "getCurrentUser",
      tags: ["auth"],
      summary: "The signed-in user",
      response: { 200: currentUserSchema },
    }),
    async (request) => {
      const user = await findUserById(deps.db, actorOf(request).userId);
      if (!user) throw new AppError("unauthenticated");
      return toCurrentUser(deps, user);
    },
  );

  app.post(
    "/api/v1/api-tokens",
    // Not idempotent: a replay would have to keep the new token in clear for 24 h.
    operation(
      "tokens.manage",
      {
        operationId: "createApiToken",
        tags: ["auth"],
        summary: "Create an API token for yourself; the secret is returned once as `token`",
        body: createApiTokenRequestSchema,
        response: { 201: createApiTokenResponseSchema },
      },
      { idempotent: false },
    ),
    async (request, reply) => {
      const { row, token } = await createApiToken(deps, actorOf(request), request.body);
      return reply.status(201).send({ apiToken: toApiTokenResponse(row), token });
    },
  );

  app.get(
    "/api/v1/api-tokens",
    operation("tokens.manage", {
      operationId: "listApiTokens",
      tags: ["auth"],
      summary: "Your API tokens (never their secrets)",
      response: { 200: z.object({ items: z.array(apiTokenSchema) }) },
    }),
    async (request) => ({ items: (await listApiTokens(deps, actorOf(request))).map(toApiTokenResponse) }),
  );

  app.delete(
    "/api/v1/api-tokens/:id",
    operation("tokens.manage", {
      operationId: "revokeApiToken",
      tags: ["auth"],
      summary: "Revoke an API token; it stops working at once",
      params: idParamsSchema,
      response: { 200: apiTokenSchema },
    }),
    async (request) => toApiTokenResponse(await revokeApiToken(deps, actorOf(request), request.params.id)),
  );
}
