import { randomUUID } from "node:crypto";
import { hasPermission, type Permission, ROLES, type Role } from "@tasuki/domain";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../test/test-app.ts";

/**
 * Who can reach what, measured: every operation of the OpenAPI document requested anonymously,
 * as every role, and with a read-only token. The outcome table is committed beside this test
 * (`route-access.md`), so a new operation, or a changed permission, fails here until the table is
 * reviewed and updated (`npx vitest run route-access -u`).
 */

interface Operation {
  method: string;
  path: string;
  operationId: string;
  permission: Permission | null;
}

type Column = "anonymous" | Role | "read token";
const COLUMNS: readonly Column[] = ["anonymous", ...ROLES, "read token"];
const SAFE_METHODS = new Set(["GET", "HEAD"]);

let t: TestApp;
let operations: Operation[];
let readToken: string;

beforeAll(async () => {
  t = await createTestApp();
  operations = operationsOf(t.app.swagger() as OpenApiDocument);
  const created = await t.app.inject({
    method: "POST",
    url: "/api/v1/api-tokens",
    headers: (await t.login("admin")).headers,
    payload: { name: "read-only", scopes: ["read"] },
  });
  readToken = (created.json() as { token: string }).token;
});
afterAll(async () => t?.close());

interface OpenApiDocument {
  paths: Record<
    string,
    Record<string, { operationId?: string; security?: unknown[]; "x-permission"?: Permission }>
  >;
}

function operationsOf(document: OpenApiDocument): Operation[] {
  const result: Operation[] = [];
  for (const [path, methods] of Object.entries(document.paths)) {
    if (!path.startsWith("/api/v1/")) continue;
    for (const [method, op] of Object.entries(methods)) {
      result.push({
        method: method.toUpperCase(),
        path,
        operationId: op.operationId ?? `${method} ${path}`,
        permission: op["x-permission"] ?? null,
      });
    }
  }
  return result.sort((a, b) => a.operationId.localeCompare(b.operationId));
}

/** The path with every `{param}` filled by a fresh id (no record has it). */
const concretePath = (path: string) => path.replace(/\{[^}]+\}/g, () => randomUUID());

async function headersFor(column: Column, operation: Operation): Promise<Record<string, string>> {
  if (column === "anonymous") return {};
  if (column === "read token") return { authorization: `Bearer ${readToken}` };
  // A public operation (login, logout) is called without credentials: logout would end the session.
  if (operation.permission === null) return {};
  return (await t.login(column)).headers;
}

/** What the caller got: let through to validation and the handler, or refused by authentication. */
async function outcome(column: Column, operation: Operation): Promise<string> {
  const response = await t.app.inject({
    method: operation.method as "GET",
    url: concretePath(operation.path),
    headers: await headersFor(column, operation),
    // An empty body: a caller who gets past authentication meets validation, so nothing is written.
    ...(SAFE_METHODS.has(operation.method) ? {} : { payload: {} }),
  });
  if (response.statusCode !== 401 && response.statusCode !== 403) return "✓";
  const code = (response.json() as { error?: { code?: string } }).error?.code;
  return code === "unauthenticated" ? "401" : code === "insufficient_scope" ? "403 scope" : "403";
}

/** The outcome the declared permission and the role table promise. */
function expected(column: Column, operation: Operation): string {
  if (operation.permission === null) return "✓";
  if (column === "anonymous") return "401";
  if (column === "read token") return SAFE_METHODS.has(operation.method) ? "✓" : "403 scope";
  return hasPermission(column, operation.permission) ? "✓" : "403";
}

describe("the route × role table", () => {
  it("every operation answers each caller as its permission says, and as the committed table says", async () => {
    const rows: string[] = [];
    const mismatches: string[] = [];
    for (const operation of operations) {
      const cells: string[] = [];
      for (const column of COLUMNS) {
        const got = await outcome(column, operation);
        const want = expected(column, operation);
        if (got !== want)
          mismatches.push(`${operation.operationId} as ${column}: got ${got}, expected ${want}`);
        cells.push(got);
      }
      const permission = operation.permission ?? "public";
      rows.push(
        `| ${operation.operationId} | ${operation.method} ${operation.path} | ${permission} | ${cells.join(" | ")} |`,
      );
    }
    expect(mismatches).toEqual([]);
    const table = [
      "# Route × role table",
      "",
      "Generated and checked by `route-access.test.ts`: what each caller gets from every operation.",
      "✓ = let through to validation and the handler; 401 = sign-in required; 403 = the role lacks the",
      "permission; 403 scope = a read-only API token (admin's) cannot write. Review any change to this file.",
      "",
      `| operation | route | permission | ${COLUMNS.join(" | ")} |`,
      `|---|---|---|${COLUMNS.map(() => "---").join("|")}|`,
      ...rows,
      "",
    ].join("\n");
    await expect(table).toMatchFileSnapshot("./route-access.md");
  });

  it("every operation under /api/v1 declares a permission or is one of the public ones", () => {
    const publicOperations = operations.filter((o) => o.permission === null).map((o) => o.operationId);
    expect(publicOperations.sort()).toEqual([
      "acceptInvitation",
      "checkInvitation",
      "getSession",
      "login",
      "logout",
    ]);
  });
});

/**
 * Spellings of one path that a router may decode or normalise to it (or to nothing). Whatever the
 * router makes of them, an anonymous caller must never get data.
 */
function spellingsOf(path: string): string[] {
  const segments = path.split("/").filter(Boolean);
  const encodeOneChar = (segment: string, index: number) =>
    segment.slice(0, index) +
    `%${segment.charCodeAt(index).toString(16).padStart(2, "0")}` +
    segment.slice(index + 1);
  const spellings = new Set<string>([path]);
  segments.forEach((segment, i) => {
    const replace = (next: string) =>
      `/${[...segments.slice(0, i), next, ...segments.slice(i + 1)].join("/")}`;
    spellings.add(replace(encodeOneChar(segment, 0))); // /%61pi/v1/people
    spellings.add(replace(encodeOneChar(segment, segment.length - 1))); // /api/v%31/people
    spellings.add(
      replace(
        encodeOneChar(segment, 0)
          .toUpperCase()
          .replace(/%(..)/, (m) => m),
      ),
    ); // upper-case hex
    spellings.add(replace(segment.toUpperCase())); // /API/v1/people
  });
  spellings.add(path.replace("/api/", "//api/"));
  spellings.add(path.replace("/v1/", "//v1/"));
  spellings.add(path.replace("/v1/", "/./v1/"));
  spellings.add(path.replace("/v1/", "/v1/x/../"));
  spellings.add(path.replace("/v1/", "/v1/%2e%2e/v1/"));
  spellings.add(path.replace(/\//g, "%2F").replace(/^%2F/, "/"));
  spellings.add(path.replace("/v1/", "/%2576%2531/")); // double-encoded
  spellings.add(`${path}/`);
  spellings.add(`${path};jsessionid=1`);
  spellings.add(`${path}%00`);
  spellings.add(`${path}?x=1#`);
  return [...spellings];
}

describe("sign-in cannot be spelled around", () => {
  it("no spelling of any operation's path answers an anonymous caller with data", async () => {
    const leaks: string[] = [];
    let requests = 0;
    for (const operation of operations) {
      if (operation.permission === null) continue;
      for (const spelling of spellingsOf(concretePath(operation.path))) {
        requests += 1;
        const response = await t.app.inject({
          method: operation.method as "GET",
          url: spelling,
          ...(SAFE_METHODS.has(operation.method) ? {} : { payload: {} }),
        });
        const status = response.statusCode;
        const isError = status >= 400 && status < 500;
        const isApiError = (response.headers["content-type"] ?? "").toString().includes("application/json");
        if (!isError || !isApiError) leaks.push(`${operation.method} ${spelling} → ${status}`);
      }
    }
    expect(leaks).toEqual([]);
    expect(requests).toBeGreaterThan(operations.length * 10);
  });

  it("the spellings reported in the issue answer 401", async () => {
    for (const url of ["/api/%761/users", "/%61pi/v1/people", "/api/v%31/people"]) {
      const response = await t.app.inject({ method: "GET", url });
      expect(response.statusCode, url).toBe(401);
    }
    for (const url of ["/api/%761/definitions/validate", "/%61pi/v1/definitions/validate"]) {
      const response = await t.app.inject({ method: "POST", url, payload: { expression: "true" } });
      expect(response.statusCode, url).toBe(401);
    }
  });
});
