import { hasPermission } from "@tasuki/domain";
import type { FastifyRequest } from "fastify";
import { isApiPath } from "../http/api-path.ts";
import { AppError } from "../http/app-error.ts";
import type { App, Deps } from "../http/types.ts";
import { resolveApiToken, resolveSession } from "./auth.service.ts";
import { secretsEqual } from "./secrets.ts";

export const SESSION_COOKIE = "tasuki_session";
const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Authenticates and authorises every API request before its body is validated:
 * Bearer token (scopes) or session cookie (CSRF header on writes), then the route's permission.
 *
 * The decision is the matched route's, never the URL text's: the router decodes and normalises
 * the path (`/api/%761/users` is the route `/api/v1/users`), so a check on `request.url` can be
 * spelled around. Every route under `/api/v1` declares `permission` or `public` (start-up fails
 * otherwise), and a route with a permission always needs a signed-in actor.
 */
export function registerAuth(app: App, deps: Deps): void {
  app.decorateRequest("actor", null);

  app.addHook("onRoute", (route) => {
    if (!route.url.startsWith("/api/v1")) return;
    const { permission, public: isPublic } = route.config ?? {};
    if (!permission && !isPublic)
      throw new Error(`Route ${route.method} ${route.url} declares no permission`);
    // The OpenAPI document says who may call each operation: no credentials, or which permission.
    const schema = route.schema as Record<string, unknown> | undefined;
    if (!schema) return;
    if (isPublic) schema.security = [];
    else schema["x-permission"] = permission;
  });

  app.addHook("onRequest", async (request) => {
    const config = request.routeOptions.config;
    if (config.public || !requiresActor(request)) return;
    await authenticate(deps, request);
    const actor = request.actor;
    if (!actor) throw new AppError("unauthenticated");
    const needed = SAFE_METHODS.has(request.method) ? "read" : "write";
    if (actor.scopes && !actor.scopes.includes(needed))
      throw new AppError("insufficient_scope", { scope: needed });
    if (config.permission && !hasPermission(actor.role, config.permission)) throw new AppError("forbidden");
  });
}

/**
 * Whether the request needs a signed-in actor: its matched route has a permission or lies under
 * `/api/v1`, or it matched no API route but names the API (an unknown operation is a 401 before it
 * is a 404, so anonymous callers cannot map which operations exist).
 */
function requiresActor(request: FastifyRequest): boolean {
  const { config, url } = request.routeOptions;
  if (config.permission !== undefined || url?.startsWith("/api/v1")) return true;
  const matchedNoApiRoute = url === undefined || url === "/*";
  return matchedNoApiRoute && isApiPath(request.url);
}

async function authenticate(deps: Deps, request: FastifyRequest): Promise<void> {
  const header = request.headers.authorization;
  if (header) {
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    request.actor = match?.[1] ? await resolveApiToken(deps, match[1]) : null;
    return;
  }
  const sessionId = request.cookies[SESSION_COOKIE];
  if (!sessionId) return;
  const resolved = await resolveSession(deps, sessionId);
  if (!resolved) return;
  if (!SAFE_METHODS.has(request.method)) {
    const sent = request.headers["x-csrf-token"];
    if (typeof sent !== "string" || !secretsEqual(sent, resolved.csrfToken))
      throw new AppError("csrf_failed");
  }
  request.actor = resolved.actor;
}

/** The authenticated actor; routes with a permission always have one. */
export function actorOf(request: FastifyRequest) {
  if (!request.actor) throw new AppError("unauthenticated");
  return request.actor;
}
