import {
  ERROR_STATUS,
  type ErrorCode,
  type ErrorResponse,
  errorMessage,
  type Locale,
  pickBilingual,
  pickLocale,
  validationIssueMessage,
} from "@tasuki/contracts";
import { DomainError } from "@tasuki/domain";
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { hasZodFastifySchemaValidationErrors } from "fastify-type-provider-zod";
import { AppError } from "./app-error.ts";

type Issue = { code: string; path: PropertyKey[]; message: string; input?: unknown };

/** Renders every failure as `{ error: { code, message, details? } }` in the caller's language. */
export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const locale = localeOf(request);
    if (hasZodFastifySchemaValidationErrors(error)) {
      const source = error.validationContext === "querystring" ? request.query : request.params;
      const data = error.validationContext === "body" ? request.body : source;
      const details = error.validation.map((v) => {
        const path = v.instancePath.split("/").filter(Boolean);
        const issue = { ...v.params, code: v.keyword, path, message: v.message ?? "" } as Issue;
        return {
          path: formatPath(error.validationContext, issue.path),
          message: issueMessage(issue, data, locale),
        };
      });
      return send(reply, locale, "validation_failed", {}, details);
    }
    if (error instanceof AppError) {
      const details = error.details?.map((d) => ({
        path: d.path,
        message: pickBilingual(d.message, locale),
      }));
      return send(reply, locale, error.code, error.params, details);
    }
    if (error instanceof DomainError) return send(reply, locale, error.code, error.params);
    const pgError = pgErrorOf(error);
    if (pgError?.code === "23505") {
      return send(reply, locale, "duplicate", { field: uniqueField(pgError.constraint) });
    }
    if (error.statusCode === 429) return send(reply, locale, "rate_limited");
    if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
      // Fastify's own checks: malformed JSON, wrong content type, body too large.
      return send(reply, locale, "validation_failed", {}, [{ path: "", message: error.message }]);
    }
    request.log.error({ err: error }, "unhandled error");
    return send(reply, locale, "internal");
  });

  app.setNotFoundHandler((request, reply) =>
    send(reply, localeOf(request), "not_found", { entity: "route" }),
  );
}

export function localeOf(request: FastifyRequest): Locale {
  return pickLocale(request.headers["accept-language"]);
}

function send(
  reply: FastifyReply,
  locale: Locale,
  code: ErrorCode,
  params: Record<string, string | number> = {},
  details?: { path: string; message: string }[],
) {
  const body: ErrorResponse = {
    error: { code, message: errorMessage(code, locale, params), ...(details ? { details } : {}) },
  };
  return reply.status(ERROR_STATUS[code]).send(body);
}

function formatPath(context: string | undefined, path: PropertyKey[]): string {
  const inner = path.map(String).join(".");
  if (context === "querystring" || context === "params")
    return inner ? `${context === "params" ? "params" : "query"}.${inner}` : context;
  return inner;
}

/** Field messages in plain words with the field's label (contracts' validationIssueMessage). */
function issueMessage(issue: Issue, data: unknown, locale: Locale): string {
  const input = issue.input ?? valueAt(data, issue.path);
  return validationIssueMessage({ ...issue, input }, locale);
}

/** drizzle wraps driver errors; the PostgreSQL code sits on the error or its cause. */
function pgErrorOf(error: unknown): { code: string; constraint?: string } | null {
  for (let current = error, depth = 0; current && depth < 3; depth++) {
    const candidate = current as { code?: unknown; constraint?: string; cause?: unknown };
    if (typeof candidate.code === "string" && /^[0-9A-Z]{5}$/.test(candidate.code)) {
      return { code: candidate.code, constraint: candidate.constraint };
    }
    current = candidate.cause;
  }
  return null;
}

function valueAt(data: unknown, path: PropertyKey[]): unknown {
  let current = data;
  for (const key of path) {
    if (current === null || typeof current !== "object") return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

const UNIQUE_FIELDS: Record<string, string> = {
  people_email_unique: "email",
  users_email_unique: "email",
  companies_corporate_number_unique: "corporateNumber",
  lost_reasons_key_unique: "key",
};

function uniqueField(constraint: string | undefined): string {
  return (constraint && UNIQUE_FIELDS[constraint]) || "value";
}
