import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import fastifyCookie from "@fastify/cookie";
import fastifyHelmet from "@fastify/helmet";
import fastifyRateLimit from "@fastify/rate-limit";
import fastifyStatic from "@fastify/static";
import fastifySwagger from "@fastify/swagger";
import scalarApiReference from "@scalar/fastify-api-reference";
import Fastify from "fastify";
import {
  jsonSchemaTransform,
  jsonSchemaTransformObject,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from "fastify-type-provider-zod";
import { z } from "zod";
import { registerActivityRoutes } from "./activities/activities.routes.ts";
import { registerAnalyticsRoutes } from "./analytics/analytics.routes.ts";
import { registerAuth } from "./auth/auth.plugin.ts";
import { registerAuthRoutes } from "./auth/auth.routes.ts";
import { registerBulkRoutes } from "./bulk/bulk.routes.ts";
import { registerCampaignRoutes } from "./campaigns/campaigns.routes.ts";
import { registerCompanyRoutes } from "./companies/companies.routes.ts";
import type { Config } from "./config.ts";
import type { Database } from "./db/database.ts";
import { registerDefinitionRoutes } from "./definitions/definitions.routes.ts";
import { registerExportRoutes } from "./export/export.routes.ts";
import { registerGoalRoutes } from "./goals/goals.routes.ts";
import { isApiPath } from "./http/api-path.ts";
import { registerErrorHandling } from "./http/error-handler.ts";
import { registerIdempotency, withIdempotencyKeyDocs } from "./http/idempotency.ts";
import { registerInputGuard } from "./http/input-guard.ts";
import type { App, Clock, Deps } from "./http/types.ts";
import { registerJobHandlers } from "./jobs/job-handlers.ts";
import { createJobRunner, type JobRunner } from "./jobs/job-runner.ts";
import { resumeUnfinishedJobs, waitForAllJobs } from "./jobs/jobs.service.ts";
import { registerOpportunityRoutes } from "./opportunities/opportunities.routes.ts";
import { registerPeopleRoutes } from "./people/people.routes.ts";
import { registerRelayRoutes } from "./relay/relay.routes.ts";
import { registerScoringRoutes } from "./scoring/scoring.routes.ts";
import { registerUserRoutes } from "./users/users.routes.ts";

export const API_VERSION = "0.1.0";

export interface BuildAppOptions {
  database: Database;
  config: Config;
  clock?: Clock;
  logger?: boolean;
  /**
   * Start the background jobs (SLA sweep, channel deliveries) when the app is ready, unless
   * `TASUKI_JOBS=off`. Tests and tools pass false and drive `app.jobs.runDueJobs(now)` themselves.
   */
  startJobs?: boolean;
}

const API_DOCS_PREFIX = "/api/docs";

/**
 * The app's Content Security Policy: scripts, styles, images, fonts and requests from this origin
 * only, no inline script, no framing. Inline styles stay allowed (Mantine sets CSS variables in
 * style attributes and a style element). `upgrade-insecure-requests` only where the app is served
 * over https (Secure cookies), so an on-premise http install keeps working.
 */
function contentSecurityPolicy(config: Config, scriptHashes: readonly string[] = []) {
  return {
    "default-src": ["'self'"],
    "script-src": ["'self'", ...scriptHashes.map((hash) => `'sha256-${hash}'`)],
    "script-src-attr": ["'none'"],
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'", "data:"],
    "connect-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
    "upgrade-insecure-requests": config.cookieSecure ? [] : null,
  };
}

/**
 * The API reference page starts Scalar with one inline script (its configuration). Rather than
 * `'unsafe-inline'` for every page, that page's policy admits exactly the scripts it carries, by hash.
 */
function allowApiDocsInlineScript(app: App, config: Config): void {
  app.addHook("onSend", async (request, reply, payload) => {
    if (request.routeOptions.url !== `${API_DOCS_PREFIX}/` || typeof payload !== "string") return payload;
    const hashes = [...payload.matchAll(/<script(?![^>]*\ssrc=)[^>]*>([\s\S]*?)<\/script>/g)].map((match) =>
      createHash("sha256")
        .update(match[1] ?? "")
        .digest("base64"),
    );
    const directives = Object.entries(contentSecurityPolicy(config, hashes))
      .filter((entry): entry is [string, string[]] => entry[1] !== null)
      .map(([name, values]) => [name, ...values].join(" "));
    reply.header("content-security-policy", directives.join(";"));
    return payload;
  });
}

const DEFAULT_WEB_DIST = fileURLToPath(new URL("../../web/dist", import.meta.url));

/** The whole HTTP application: API, OpenAPI document and reference, and the web UI. */
export async function buildApp(options: BuildAppOptions): Promise<App> {
  const { database, config } = options;
  registerJobHandlers();
  const deps: Deps = { db: database.db, clock: options.clock ?? { now: () => new Date() }, config };
  const app = Fastify({
    logger: options.logger === false ? false : { level: config.logLevel },
    bodyLimit: 10 * 1024 * 1024,
    trustProxy: config.trustProxy,
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  await app.register(fastifyCookie);
  await app.register(fastifyHelmet, { contentSecurityPolicy: { directives: contentSecurityPolicy(config) } });
  await app.register(fastifyRateLimit, { global: false });
  await app.register(fastifySwagger, {
    openapi: {
      openapi: "3.1.0",
      info: {
        title: "Tasuki API",
        version: API_VERSION,
        description:
          "The shared revenue relay (マーケ→IS→FS→CS). Authenticate with the session cookie from `login` " +
          "(writes need the `x-csrf-token` header) or with `Authorization: Bearer <API token>`. " +
          "Errors are `{ error: { code, message, details? } }`; messages follow `Accept-Language` (ja default).",
      },
      components: {
        securitySchemes: {
          bearer: { type: "http", scheme: "bearer" },
          session: { type: "apiKey", in: "cookie", name: "tasuki_session" },
        },
      },
      security: [{ bearer: [] }, { session: [] }],
    },
    ...withIdempotencyKeyDocs(jsonSchemaTransform, jsonSchemaTransformObject),
  });
  await app.register(scalarApiReference, {
    routePrefix: API_DOCS_PREFIX,
    // Its script is served from the npm package (`/api/docs/js/scalar.js`); no web fonts from its CDN.
    configuration: { url: "/api/openapi.json", withDefaultFonts: false },
  });
  allowApiDocsInlineScript(app, config);

  registerErrorHandling(app);
  registerInputGuard(app);
  registerAuth(app, deps);
  registerIdempotency(app, deps);

  app.get("/api/openapi.json", { schema: { hide: true } }, async () => app.swagger());
  app.get(
    "/api/health",
    {
      schema: {
        operationId: "getHealth",
        tags: ["system"],
        summary: "Liveness and database check",
        security: [],
        response: { 200: z.object({ status: z.literal("ok"), database: z.enum(["pglite", "postgres"]) }) },
      },
    },
    async () => {
      await database.ping();
      return { status: "ok" as const, database: database.kind };
    },
  );

  registerAuthRoutes(app, deps);
  registerExportRoutes(app, deps);
  registerBulkRoutes(app, deps);
  registerCompanyRoutes(app, deps);
  registerPeopleRoutes(app, deps);
  registerActivityRoutes(app, deps);
  registerOpportunityRoutes(app, deps);
  registerCampaignRoutes(app, deps);
  registerGoalRoutes(app, deps);
  registerDefinitionRoutes(app, deps);
  registerScoringRoutes(app, deps);

  // Long work survives restarts: unfinished jobs resume once the app is ready, and closing waits for them.
  app.addHook("onReady", async () => {
    await resumeUnfinishedJobs(deps);
  });
  app.addHook("onClose", async () => {
    await waitForAllJobs();
  });
  registerUserRoutes(app, deps);
  registerRelayRoutes(app, deps);
  registerAnalyticsRoutes(app, deps);

  const jobs = createJobRunner(deps, app.log);
  app.decorate("jobs", jobs);
  if (options.startJobs !== false && config.jobs.enabled) app.addHook("onReady", async () => jobs.start());
  app.addHook("onClose", async () => jobs.stop());

  await registerWeb(app, config.webDist ?? DEFAULT_WEB_DIST);
  return app;
}

declare module "fastify" {
  interface FastifyInstance {
    /** Background jobs of this instance; see jobs/job-runner.ts. */
    jobs: JobRunner;
  }
}

/** Serves the built SPA; unknown non-API paths get index.html so client-side routes work on reload. */
async function registerWeb(app: App, dist: string): Promise<void> {
  if (!existsSync(dist)) {
    app.get("/", { schema: { hide: true } }, async (_request, reply) =>
      reply
        .type("text/plain; charset=utf-8")
        .send("Tasuki API is running. Build the web app with `npm run build`."),
    );
    return;
  }
  await app.register(fastifyStatic, { root: dist, wildcard: false, schemaHide: true });
  app.get("/*", { schema: { hide: true } }, async (request, reply) => {
    if (isApiPath(request.url)) return reply.callNotFound();
    return reply.sendFile("index.html");
  });
}
