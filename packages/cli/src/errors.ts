import { ERROR_STATUS, type ErrorCode, errorMessage, pickBilingual } from "@tasuki/contracts";
import { DomainError } from "@tasuki/domain";
import { AppError, ConfigError, DemoDatabaseNotEmptyError, DemoOptionsError } from "@tasuki/server/tooling";
import { CommanderError } from "commander";

/** The CLI's exit codes; scripts can rely on them. */
export const EXIT = {
  ok: 0,
  unexpected: 1,
  usage: 2,
  notFound: 3,
  conflict: 4,
  forbidden: 5,
  databaseUnreachable: 6,
  /** 128 + SIGINT, as shells expect after Ctrl-C. */
  interrupted: 130,
} as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/**
 * Server error codes → exit codes, through the one code → HTTP status table in contracts, so a
 * code added there gets an exit code without touching the CLI.
 */
export function exitCodeForError(code: ErrorCode): ExitCode {
  const status = ERROR_STATUS[code];
  if (status === 400 || status === 422) return EXIT.usage;
  if (status === 401 || status === 403) return EXIT.forbidden;
  if (status === 404) return EXIT.notFound;
  if (status === 409) return EXIT.conflict;
  return EXIT.unexpected;
}

/** An expected failure with a message in Japanese and English and the exit code to leave with. */
export class CliError extends Error {
  override name = "CliError";
  constructor(
    readonly exitCode: ExitCode,
    readonly ja: string,
    readonly en: string,
  ) {
    super(en);
  }
}

/** Bad usage found by the CLI itself (an option value commander cannot judge). */
export function usageError(ja: string, en: string): CliError {
  return new CliError(EXIT.usage, ja, en);
}

const COMMANDER_MESSAGES: Record<string, string> = {
  "commander.unknownOption": "不明なオプションです。",
  "commander.unknownCommand": "不明なコマンドです。",
  "commander.missingArgument": "必要な引数が指定されていません。",
  "commander.optionMissingArgument": "オプションに値が指定されていません。",
  "commander.missingMandatoryOptionValue": "必須のオプションが指定されていません。",
  "commander.excessArguments": "引数が多すぎます。",
  "commander.invalidArgument": "引数の値が正しくありません。",
  "commander.conflictingOption": "同時に指定できないオプションです。",
};

/** SQLSTATE classes and socket errors that mean "cannot reach or open the database". */
const UNREACHABLE_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ENOTFOUND",
  "EAI_AGAIN",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "3D000", // database does not exist
  "28000", // invalid authorization
  "28P01", // wrong password
  "57P03", // cannot connect now (starting up)
  "53300", // too many connections
]);

/** The SQLSTATE of a driver error, on the error or its causes (drizzle wraps them). */
function sqlStateOf(error: unknown): string | null {
  for (let current = error, depth = 0; current && depth < 5; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string" && /^[0-9A-Z]{5}$/.test(code)) return code;
    current = (current as { cause?: unknown }).cause;
  }
  return null;
}

export function isDatabaseUnreachable(error: unknown): boolean {
  for (let current = error, depth = 0; current && depth < 5; depth++) {
    const candidate = current as { code?: unknown; errors?: unknown[]; cause?: unknown; message?: unknown };
    if (
      typeof candidate.code === "string" &&
      (UNREACHABLE_CODES.has(candidate.code) || candidate.code.startsWith("08"))
    )
      return true;
    if (
      typeof candidate.message === "string" &&
      /Connection terminated|timeout expired/i.test(candidate.message)
    )
      return true;
    if (Array.isArray(candidate.errors) && candidate.errors.some(isDatabaseUnreachable)) return true;
    current = candidate.cause;
  }
  return false;
}

export interface RenderedError {
  exitCode: ExitCode;
  /** Lines for stderr, Japanese first. */
  lines: string[];
}

/** Turns any failure into an exit code and a bilingual message; unexpected ones keep their stack. */
export function renderError(error: unknown, commandName = "tasuki"): RenderedError {
  if (error instanceof CliError) {
    return { exitCode: error.exitCode, lines: [`エラー: ${error.ja}`, `Error: ${error.en}`] };
  }
  if (error instanceof CommanderError) {
    const ja = COMMANDER_MESSAGES[error.code] ?? "コマンドの使い方が正しくありません。";
    return {
      exitCode: EXIT.usage,
      lines: [
        `エラー: ${ja}`,
        error.message.replace(/^error: /, "Error: "),
        `使い方は \`${commandName} --help\` で確認できます / See \`${commandName} --help\``,
      ],
    };
  }
  if (error instanceof AppError || error instanceof DomainError) {
    const lines = [
      `エラー: ${errorMessage(error.code, "ja", error.params)}`,
      `Error: ${errorMessage(error.code, "en", error.params)}`,
    ];
    if (error instanceof AppError) {
      for (const detail of error.details ?? []) {
        const field = detail.path ? `${detail.path}: ` : "";
        lines.push(`  - ${field}${pickBilingual(detail.message, "ja")}`);
        lines.push(`    ${field}${pickBilingual(detail.message, "en")}`);
      }
    }
    return { exitCode: exitCodeForError(error.code), lines };
  }
  if (error instanceof ConfigError) {
    return {
      exitCode: EXIT.usage,
      lines: ["エラー: 設定（環境変数）が正しくありません。", error.message],
    };
  }
  if (error instanceof DemoDatabaseNotEmptyError) {
    return {
      exitCode: EXIT.conflict,
      lines: [
        `エラー: データベースに既にデータがあります（${error.tables.join(", ")}）。デモデータは空のデータベースにだけ投入できます。`,
        `Error: The database already has data (${error.tables.join(", ")}). Demo data can only be seeded into an empty database.`,
        "既存データを残す場合は --if-empty を付けてください / Add --if-empty to keep the existing data and skip seeding.",
      ],
    };
  }
  if (error instanceof DemoOptionsError) {
    return {
      exitCode: EXIT.usage,
      lines: ["エラー: デモの指定が正しくありません。", `Error: ${error.message}`],
    };
  }
  if (sqlStateOf(error) === "23505") {
    // A unique index won a race the service's own check lost (two creates at once).
    return {
      exitCode: EXIT.conflict,
      lines: [
        `エラー: ${errorMessage("duplicate", "ja", { field: "value" })}`,
        `Error: ${errorMessage("duplicate", "en", { field: "value" })}`,
      ],
    };
  }
  if (isDatabaseUnreachable(error)) {
    return {
      exitCode: EXIT.databaseUnreachable,
      lines: [
        "エラー: データベースに接続できません。DATABASE_URL（または TASUKI_DATA_DIR）とサーバーの状態を確認してください。",
        "Error: Cannot reach the database. Check DATABASE_URL (or TASUKI_DATA_DIR) and that the server is running.",
        `  (${describe(error)})`,
      ],
    };
  }
  const stack = error instanceof Error && error.stack ? error.stack : String(error);
  return {
    exitCode: EXIT.unexpected,
    lines: ["エラー: 予期しないエラーが発生しました。", `Error: Unexpected error: ${describe(error)}`, stack],
  };
}

/** The innermost reason: drivers wrap socket errors ("Failed query: …" → ECONNREFUSED). */
export function describe(error: unknown): string {
  if (error instanceof AggregateError && error.errors.length) return error.errors.map(describe).join("; ");
  if (error instanceof Error && error.cause) return describe(error.cause);
  if (error instanceof Error) return error.message || error.name;
  return String(error);
}
