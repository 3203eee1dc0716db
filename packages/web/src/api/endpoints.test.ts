import { readFileSync } from "node:fs";
import { describe, expect, it, vi } from "vitest";

type Call = { method: string; path: string };
const calls: Call[] = [];

vi.mock("./client.ts", () => ({
  request: (method: string, path: string) => {
    calls.push({ method, path });
    return Promise.resolve(null);
  },
}));

const { api, operationIdOf } = await import("./endpoints.ts");

/** The client prefixes every path it is given with this (see `request` in client.ts). */
const API_PREFIX = "/api/v1";
const METHODS = ["get", "post", "put", "patch", "delete"] as const;

type OpenApi = { paths: Record<string, Partial<Record<string, { operationId?: string }>>> };
const openapi = JSON.parse(
  readFileSync(new URL("../../../../docs/openapi.json", import.meta.url), "utf8"),
) as OpenApi;

/** operationId → method and path template, as the OpenAPI document declares them. */
const operations = new Map<string, Call>();
for (const [path, item] of Object.entries(openapi.paths)) {
  for (const method of METHODS) {
    const id = item[method]?.operationId;
    if (id) operations.set(id, { method: method.toUpperCase(), path });
  }
}

/** A path template with its parameter names left out: `/a/{id}/b/{versionId}` → `/a/{}/b/{}`. */
function shape(template: string): string {
  return template.replace(/\{[^}]+\}/g, "{}");
}

/** Calls an endpoint function with a marker in every argument and reads back what it would send. */
function sentBy(fn: (...args: string[]) => Promise<unknown>): Call {
  calls.length = 0;
  void fn("{p0}", "{p1}", "{p2}", "{p3}");
  expect(calls).toHaveLength(1);
  const call = calls[0]!;
  return { method: call.method, path: `${API_PREFIX}${call.path}` };
}

describe("the web's endpoint table against docs/openapi.json", () => {
  const names = Object.keys(api) as (keyof typeof api)[];

  it.each(names)("%s sends the method and path of its operation", (name) => {
    const operationId = operationIdOf[name] ?? name;
    const operation = operations.get(operationId);
    expect(operation, `no operation "${operationId}" in docs/openapi.json`).toBeDefined();
    const sent = sentBy(api[name] as (...args: string[]) => Promise<unknown>);
    expect(sent.method).toBe(operation!.method);
    expect(shape(sent.path)).toBe(shape(operation!.path));
    // Path parameters are filled from the arguments in order.
    const markers = sent.path.match(/\{p\d\}/g) ?? [];
    expect(markers).toEqual(markers.map((_, i) => `{p${i}}`));
  });

  it("maps aliases only onto operations that exist, from names that are not operations", () => {
    for (const [name, operationId] of Object.entries(operationIdOf)) {
      expect(operations.has(operationId ?? ""), `${name} → ${operationId}`).toBe(true);
      expect(operations.has(name), `${name} is itself an operationId`).toBe(false);
    }
  });
});
