import type { FastifyInstance } from "fastify";
import { AppError } from "./app-error.ts";

/**
 * Text the database cannot store is refused for every route at once, before the route's own
 * validation: PostgreSQL text and jsonb have no NUL character, and an unpaired UTF-16 surrogate
 * is not a character at all (it would be stored as U+FFFD, silently changing the data).
 */
export function textProblem(value: string): "nul" | "surrogate" | null {
  if (value.includes("\u0000")) return "nul";
  if (LONE_SURROGATE.test(value)) return "surrogate";
  return null;
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Deeper than this anywhere in a request is refused outright (metadata has its own, lower limit). */
const MAX_DEPTH = 32;
/** At most this many field messages in one answer. */
const MAX_DETAILS = 20;

const MESSAGES = {
  nul: "NUL 文字（\\u0000）は使えません。取り除いてから送ってください / NUL characters (\\u0000) are not allowed: remove them and send again",
  surrogate:
    "壊れた文字（対になっていないサロゲート）が含まれています。入力し直してください / contains a broken character (an unpaired UTF-16 surrogate): enter the text again",
  depth: `入れ子が深すぎます（${MAX_DEPTH}階層まで） / nested too deeply (at most ${MAX_DEPTH} levels)`,
} as const;

type Detail = { path: string; message: string };

/** Finds unstorable text in keys and values and over-deep nesting, without recursion. */
export function inputProblems(root: unknown, prefix: string): Detail[] {
  const details: Detail[] = [];
  const join = (path: string, key: string) => (path ? `${path}.${key}` : key);
  const stack: { value: unknown; path: string; depth: number }[] = [{ value: root, path: prefix, depth: 0 }];
  while (stack.length > 0 && details.length < MAX_DETAILS) {
    const { value, path, depth } = stack.pop()!;
    if (typeof value === "string") {
      const problem = textProblem(value);
      if (problem) details.push({ path: path || prefix, message: MESSAGES[problem] });
      continue;
    }
    if (value === null || typeof value !== "object") continue;
    if (depth >= MAX_DEPTH) {
      details.push({ path, message: MESSAGES.depth });
      continue;
    }
    for (const [key, child] of Object.entries(value)) {
      const childPath = join(path, key);
      const keyProblem = textProblem(key);
      if (keyProblem) {
        details.push({ path: join(path, JSON.stringify(key).slice(1, -1)), message: MESSAGES[keyProblem] });
        continue;
      }
      stack.push({ value: child, path: childPath, depth: depth + 1 });
    }
  }
  return details.reverse();
}

/**
 * One preValidation hook over params, query and body, so every route, including ones added
 * later, refuses NUL, lone surrogates and absurd nesting with the field named
 * (`validation_failed`, paths like `familyName`, `items.0.subject`, `query.q`, `params.id`).
 */
export function registerInputGuard(app: FastifyInstance): void {
  app.addHook("preValidation", async (request) => {
    const details = [
      ...inputProblems(request.params, "params"),
      ...inputProblems(request.query, "query"),
      ...inputProblems(request.body, ""),
    ];
    if (details.length > 0) throw new AppError("validation_failed", {}, details.slice(0, MAX_DETAILS));
  });
}
