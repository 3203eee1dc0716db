import { createHash } from "node:crypto";
import type { FastifyRequest } from "fastify";
import type { jsonSchemaTransform, jsonSchemaTransformObject } from "fastify-type-provider-zod";
import { actorOf } from "../auth/auth.plugin.ts";
import { AppError } from "./app-error.ts";
import {
  claimIdempotencyKey,
  completeIdempotencyKey,
  deleteExpiredIdempotencyKeys,
  findIdempotencyKey,
  type IdempotencyClaim,
  releaseIdempotencyKey,
  takeOverIdempotencyKey,
} from "./idempotency.repository.ts";
import type { App, Deps } from "./types.ts";

/** How long a key's first answer is kept and replayed. */
export const IDEMPOTENCY_WINDOW_MS = 24 * 3_600_000;
/** A first request still unfinished after this is taken to be abandoned (its process died). */
export const IDEMPOTENCY_STALE_MS = 5 * 60_000;
const SWEEP_EVERY_MS = 60_000;
export const IDEMPOTENCY_HEADER = "idempotency-key";
/** 1–255 printable ASCII characters (a UUID is the usual choice). */
const KEY_PATTERN = /^[\x20-\x7e]{1,255}$/;

declare module "fastify" {
  interface FastifyContextConfig {
    /**
     * Accepts `Idempotency-Key` (http/idempotency.ts). Every POST under /api/v1 that answers 201
     * must say true or false, so a new create call cannot forget it.
     */
    idempotent?: boolean;
  }
  interface FastifyRequest {
    idempotency: IdempotencyClaim | null;
  }
}

/** JSON with object keys sorted, so the same body in another key order is the same request. */
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1)))
      : v,
  );
}

/** What makes two requests "the same": operation, path parameters and (parsed) body. */
function fingerprint(request: FastifyRequest): string {
  const text = canonicalJson([request.method, request.routeOptions.url, request.params, request.body]);
  return createHash("sha256").update(text).digest("hex");
}

function readKey(request: FastifyRequest): string | null {
  const header = request.headers[IDEMPOTENCY_HEADER];
  if (header === undefined) return null;
  if (typeof header === "string" && KEY_PATTERN.test(header)) return header;
  throw new AppError("validation_failed", {}, [
    {
      path: `headers.${IDEMPOTENCY_HEADER}`,
      message:
        "Idempotency-Key は 1〜255 文字の半角英数字・記号で、1 つだけ送ってください（UUID など）/ " +
        "send one Idempotency-Key of 1–255 printable ASCII characters (a UUID, for example)",
    },
  ]);
}

/**
 * `Idempotency-Key` on create calls (routes with `config.idempotent`): the first request with a
 * key runs and its answer is kept for 24 h per caller (a user, or an API token); the same key
 * with the same body then gets that answer back (`Idempotent-Replayed: true`) and writes
 * nothing, the same key with another body is `idempotency_key_reused` (422), and a request
 * while the first still runs is `idempotency_key_in_progress` (409). Only successful answers are
 * kept: a failed request frees its key for a corrected retry. One window is left: a process
 * that dies after its write commits and before the answer is kept leaves the key unfinished,
 * and it is run again once `IDEMPOTENCY_STALE_MS` has passed.
 */
export function registerIdempotency(app: App, deps: Deps): void {
  app.decorateRequest("idempotency", null);
  let lastSweep = Number.NEGATIVE_INFINITY;

  app.addHook("onRoute", (route) => {
    if (!route.url.startsWith("/api/v1") || route.method !== "POST") return;
    const responses = (route.schema?.response ?? {}) as Record<string, unknown>;
    if ("201" in responses && route.config?.idempotent === undefined) {
      throw new Error(`Route POST ${route.url} creates records: declare config.idempotent (true or false)`);
    }
  });

  app.addHook("preHandler", async (request, reply) => {
    if (!request.routeOptions.config.idempotent) return;
    const key = readKey(request);
    if (key === null) return;
    const actor = actorOf(request);
    const now = deps.clock.now();
    const claim: IdempotencyClaim = {
      scope: actor.tokenId ? `token:${actor.tokenId}` : `user:${actor.userId}`,
      key,
      claimedAt: now,
    };
    const hash = fingerprint(request);
    const expiresAt = new Date(now.getTime() + IDEMPOTENCY_WINDOW_MS);
    if (now.getTime() - lastSweep >= SWEEP_EVERY_MS || now.getTime() < lastSweep) {
      lastSweep = now.getTime();
      await deleteExpiredIdempotencyKeys(deps.db, now);
    }
    if (await claimIdempotencyKey(deps.db, claim, hash, expiresAt)) {
      request.idempotency = claim;
      return;
    }
    const staleBefore = new Date(now.getTime() - IDEMPOTENCY_STALE_MS);
    if (await takeOverIdempotencyKey(deps.db, claim, hash, expiresAt, staleBefore)) {
      request.idempotency = claim;
      return;
    }
    const first = await findIdempotencyKey(deps.db, claim.scope, key);
    // Gone meanwhile: its first request failed and freed it; the client may simply retry.
    if (!first || first.statusCode === null || first.responseBody === null)
      throw new AppError("idempotency_key_in_progress");
    if (first.requestHash !== hash) throw new AppError("idempotency_key_reused");
    return reply
      .code(first.statusCode)
      .header("content-type", "application/json; charset=utf-8")
      .header("idempotent-replayed", "true")
      .send(first.responseBody);
  });

  app.addHook("onSend", async (request, reply, payload) => {
    const claim = request.idempotency;
    if (!claim) return payload;
    request.idempotency = null;
    try {
      if (reply.statusCode < 400 && typeof payload === "string")
        await completeIdempotencyKey(deps.db, claim, reply.statusCode, payload);
      else await releaseIdempotencyKey(deps.db, claim);
    } catch (error) {
      // The write is done: answer it; the key stays unfinished and is taken over when stale.
      request.log.error({ err: error }, "could not record the idempotency key's answer");
    }
    return payload;
  });
}

type TransformInput = Parameters<typeof jsonSchemaTransform>[0];
type DocumentInput = Parameters<typeof jsonSchemaTransformObject>[0];
type OpenApiDocument = {
  components?: { parameters?: Record<string, unknown> };
  paths?: Record<string, Record<string, { operationId?: string; parameters?: unknown[] }>>;
};

/**
 * Wraps the OpenAPI transforms: every operation of an idempotent route gets the shared
 * `IdempotencyKey` header parameter (`#/components/parameters/IdempotencyKey`).
 */
export function withIdempotencyKeyDocs(
  transform: typeof jsonSchemaTransform,
  transformObject: typeof jsonSchemaTransformObject,
): { transform: typeof jsonSchemaTransform; transformObject: typeof jsonSchemaTransformObject } {
  const idempotent = new WeakMap<object, Set<string>>();
  return {
    transform: (input: TransformInput) => {
      const operationId = (input.schema as { operationId?: string } | undefined)?.operationId;
      const document = (input as { openapiObject?: object }).openapiObject;
      if (input.route.config?.idempotent && operationId && document) {
        const ids = idempotent.get(document) ?? new Set<string>();
        ids.add(operationId);
        idempotent.set(document, ids);
      }
      return transform(input);
    },
    transformObject: (input: DocumentInput) => {
      const ids = "openapiObject" in input ? idempotent.get(input.openapiObject) : undefined;
      const result = transformObject(input) as OpenApiDocument;
      if (!ids) return result as ReturnType<typeof jsonSchemaTransformObject>;
      result.components = {
        ...result.components,
        parameters: {
          ...result.components?.parameters,
          IdempotencyKey: {
            name: "Idempotency-Key",
            in: "header",
            required: false,
            description:
              "Makes a create call safe to retry. Send a new unique value (a UUID) per intended write, " +
              "and the same value when retrying it: within 24 h the same key and body return the first " +
              "answer (with `Idempotent-Replayed: true`) and write nothing; the same key with another body " +
              "is `idempotency_key_reused` (422); a retry while the first request still runs is " +
              "`idempotency_key_in_progress` (409). Keys are per user (sessions) or per API token. Only " +
              "successful answers are kept: after an error the key is free again.",
            schema: { type: "string", minLength: 1, maxLength: 255, pattern: "^[\\x20-\\x7E]+$" },
          },
        },
      };
      for (const operations of Object.values(result.paths ?? {})) {
        for (const operation of Object.values(operations)) {
          if (!operation.operationId || !ids.has(operation.operationId)) continue;
          operation.parameters = [
            ...(operation.parameters ?? []),
            { $ref: "#/components/parameters/IdempotencyKey" },
          ];
        }
      }
      return result as ReturnType<typeof jsonSchemaTransformObject>;
    },
  };
}
