import { API_TOKEN_SCOPES } from "@tasuki/contracts";
import { ROLES, type Role } from "@tasuki/domain";
import { usageError } from "./errors.ts";

/** Option parsers for commander: they reject bad values with a message in both languages (exit 2). */
export function integerOption(flag: string, min: number, max: number) {
  return (value: string): number => {
    const parsed = Number(value.replaceAll("_", "").replaceAll(",", ""));
    if (!/^[\d_,]+$/.test(value) || !Number.isSafeInteger(parsed) || parsed < min || parsed > max) {
      throw usageError(
        `${flag} には ${min.toLocaleString("ja-JP")} から ${max.toLocaleString("ja-JP")} までの整数を指定してください（指定値: ${value}）。`,
        `${flag} must be an integer from ${min.toLocaleString("en-US")} to ${max.toLocaleString("en-US")} (got: ${value}).`,
      );
    }
    return parsed;
  };
}

/** A calendar day written YYYY-MM-DD. */
export function dateOption(flag: string) {
  return (value: string): string => {
    const valid =
      /^\d{4}-\d{2}-\d{2}$/.test(value) && new Date(`${value}T00:00:00Z`).toISOString().startsWith(value);
    if (!valid) {
      throw usageError(
        `${flag} は YYYY-MM-DD 形式の日付で指定してください（指定値: ${value}）。`,
        `${flag} must be a date written YYYY-MM-DD (got: ${value}).`,
      );
    }
    return value;
  };
}

/** An instant in ISO 8601 with a time zone (2026-12-31T23:59:59+09:00), or a day (end of that day in JST). */
export function instantOption(flag: string) {
  return (value: string): string => {
    const text = /^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T23:59:59+09:00` : value;
    const zoned = /(Z|[+-]\d{2}:?\d{2})$/i.test(text);
    const ms = Date.parse(text);
    if (!zoned || Number.isNaN(ms)) {
      throw usageError(
        `${flag} は ISO 8601 形式（例: 2026-12-31T23:59:59+09:00 または 2026-12-31）で指定してください（指定値: ${value}）。`,
        `${flag} must be ISO 8601 with a time zone, e.g. 2026-12-31T23:59:59+09:00, or a day like 2026-12-31 (got: ${value}).`,
      );
    }
    return new Date(ms).toISOString();
  };
}

/** A role; inside-sales and inside_sales both work. */
export function roleOption(value: string): Role {
  const role = value.trim().toLowerCase().replaceAll("-", "_");
  if (!(ROLES as readonly string[]).includes(role)) {
    throw usageError(
      `--role は ${ROLES.join(", ")} のいずれかを指定してください（指定値: ${value}）。`,
      `--role must be one of ${ROLES.join(", ")} (got: ${value}).`,
    );
  }
  return role as Role;
}

export function localeOption(value: string): "ja" | "en" {
  if (value !== "ja" && value !== "en") {
    throw usageError(
      `--locale は ja か en を指定してください（指定値: ${value}）。`,
      `--locale must be ja or en (got: ${value}).`,
    );
  }
  return value;
}

/** Comma-separated API token scopes: read, write. */
export function scopesOption(value: string): string[] {
  const scopes = [
    ...new Set(
      value
        .split(",")
        .map((s) => s.trim())
        .filter(Boolean),
    ),
  ];
  const unknown = scopes.filter((s) => !(API_TOKEN_SCOPES as readonly string[]).includes(s));
  if (scopes.length === 0 || unknown.length > 0) {
    throw usageError(
      `--scopes は ${API_TOKEN_SCOPES.join(", ")} をカンマ区切りで指定してください（指定値: ${value}）。`,
      `--scopes must be a comma-separated list of ${API_TOKEN_SCOPES.join(", ")} (got: ${value}).`,
    );
  }
  return scopes;
}

export function textOption(flag: string, max: number) {
  return (value: string): string => {
    const text = value.trim();
    if (text.length === 0 || text.length > max) {
      throw usageError(
        `${flag} は 1〜${max} 文字で指定してください。`,
        `${flag} must be 1 to ${max} characters.`,
      );
    }
    return text;
  };
}
