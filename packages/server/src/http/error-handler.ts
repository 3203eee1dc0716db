import {
  ERROR_STATUS,
  type ErrorCode,
  type ErrorResponse,
  errorMessage,
  type Locale,
  pickBilingual,
  pickLocale,
} from "@tasuki/contracts";
import { DomainError } from "@tasuki/domain";
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { hasZodFastifySchemaValidationErrors } from "fastify-type-provider-zod";
import { z } from "zod";
import { AppError } from "./app-error.ts";

const zodLocales = { ja: z.locales.ja(), en: z.locales.en() };

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

/** Field messages: our own bilingual "ja / en" messages, else zod's ja/en locale. */
function issueMessage(issue: Issue, data: unknown, locale: Locale): string {
  if (issue.code === "custom" || issue.message.includes(" / ")) return pickBilingual(issue.message, locale);
  const input = issue.input ?? valueAt(data, issue.path);
  if (issue.code === "invalid_type" && input === undefined) {
    return locale === "ja" ? "必須項目です。値を入力してください。" : "Required: provide a value.";
  }
  const format = (issue as { format?: string }).format;
  const formatMessage =
    issue.code === "invalid_format" && format ? FORMAT_MESSAGES[format]?.[locale] : undefined;
  if (formatMessage) return formatMessage;
  const message = zodLocales[locale].localeError?.({ ...issue, input } as never);
  return typeof message === "string" ? message : (message?.message ?? issue.message);
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

const FORMAT_MESSAGES: Record<string, Record<Locale, string>> = {
  email: {
    ja: "メールアドレスの形式が正しくありません（例: taro@example.co.jp）。",
    en: "Not a valid email address (e.g. taro@example.com).",
  },
  uuid: { ja: "IDの形式が正しくありません。", en: "Not a valid ID." },
  datetime: {
    ja: "日時の形式が正しくありません（例: 2026-09-30T14:05:00+09:00）。",
    en: "Not a valid date-time (e.g. 2026-09-30T14:05:00+09:00).",
  },
  date: { ja: "日付の形式が正しくありません（例: 2026-09-30）。", en: "Not a valid date (e.g. 2026-09-30)." },
};

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
