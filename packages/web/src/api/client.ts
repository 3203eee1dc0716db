import type { ErrorCode, ErrorResponse, Locale } from "@tasuki/contracts";

/** An API failure with the server's code and its message in the user's language. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: ErrorCode | "network";
  readonly details: { path: string; message: string }[];
  constructor(
    status: number,
    code: ErrorCode | "network",
    message: string,
    details: { path: string; message: string }[] = [],
  ) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.code = code;
    this.details = details;
  }
  /** Field messages keyed by the last part of the path (`familyName`, `query.cursor` → `cursor`). */
  fieldErrors(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const d of this.details) {
      const key = d.path.split(".").pop() ?? d.path;
      out[key] ??= d.message;
    }
    return out;
  }
}

/**
 * The field message of a failed request, for a form to show under each field: by the field's full
 * path (`companyHolidays.1.date`, `email`) or, failing that, by its last key. Undefined when the
 * error is not an API validation error or names another field.
 */
export function fieldErrorOf(error: unknown): (path: string) => string | undefined {
  if (!(error instanceof ApiError)) return () => undefined;
  const byLastKey = error.fieldErrors();
  return (path) =>
    error.details.find((d) => d.path === path || d.path === `query.${path}`)?.message ??
    (path.includes(".") ? undefined : byLastKey[path]);
}

/** A failure as one line for a notification or an alert: the message, then each field's message. */
export function apiErrorText(error: unknown): string {
  return error instanceof ApiError
    ? [error.message, ...error.details.map((d) => d.message)].join(" ")
    : String(error);
}

/**
 * Session state the client needs on every call. The CSRF token lives only in memory
 * (never in storage): after a reload the session provider asks the server for it again.
 */
const state: {
  csrfToken: string | null;
  locale: Locale;
  onUnauthenticated: (() => void) | null;
} = { csrfToken: null, locale: "ja", onUnauthenticated: null };

export function setCsrfToken(token: string | null): void {
  state.csrfToken = token;
}
export function setApiLocale(locale: Locale): void {
  state.locale = locale;
}
/** Called once when any request finds the session gone (expired or signed out elsewhere). */
export function setUnauthenticatedHandler(handler: (() => void) | null): void {
  state.onUnauthenticated = handler;
}

type QueryValue = string | number | boolean | readonly string[] | null | undefined;
export type Query = Record<string, QueryValue>;

/** Arrays become the comma-separated lists the API reads (`stage=mql,sal`); empty values are left out. */
export function toSearchParams(query: Query): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === "") continue;
    if (Array.isArray(value)) {
      if (value.length > 0) params.set(key, value.join(","));
    } else {
      params.set(key, String(value));
    }
  }
  const text = params.toString();
  return text ? `?${text}` : "";
}

const WRITE_METHODS = new Set(["POST", "PUT", "PATCH", "DELETE"]);

export async function request<T>(
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE",
  path: string,
  options: { query?: Query; body?: unknown } = {},
): Promise<T> {
  const headers: Record<string, string> = {
    accept: "application/json",
    "accept-language": state.locale,
  };
  if (options.body !== undefined) headers["content-type"] = "application/json";
  if (WRITE_METHODS.has(method) && state.csrfToken) headers["x-csrf-token"] = state.csrfToken;
  let response: Response;
  try {
    response = await fetch(`/api/v1${path}${options.query ? toSearchParams(options.query) : ""}`, {
      method,
      headers,
      credentials: "same-origin",
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
  } catch {
    throw new ApiError(
      0,
      "network",
      state.locale === "ja"
        ? "サーバーに接続できません。ネットワーク接続を確認してから、もう一度お試しください。"
        : "Cannot reach the server. Check your network connection and try again.",
    );
  }
  if (response.status === 204) return undefined as T;
  const body: unknown = await response.json().catch(() => null);
  if (!response.ok) {
    const error = (body as ErrorResponse | null)?.error;
    const apiError = new ApiError(
      response.status,
      error?.code ?? "internal",
      error?.message ?? `HTTP ${response.status}`,
      error?.details ?? [],
    );
    if (apiError.code === "unauthenticated") state.onUnauthenticated?.();
    throw apiError;
  }
  return body as T;
}
