import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { METRIC_REGISTRY, type MetricDefinition } from "@tasuki/contracts";
import { describe, expect, it } from "vitest";
import en from "./i18n/en.json";
import ja from "./i18n/ja.json";

/**
 * One name, one function (docs/METRICS.md): every label that reads like a registered figure —
 * 「パイプライン金額」, "Won revenue", … — is one of that figure's registered screens, and every
 * such screen reads the figure from its registered operation, which exists in docs/openapi.json
 * with that field. A new screen (or an old one) that shows 「パイプライン金額」 summed from a list
 * of deals, or under a key nobody registered, fails here.
 */

const SRC = new URL(".", import.meta.url).pathname;
const ROOT = new URL("../../../", import.meta.url).pathname;
const metrics = Object.entries(METRIC_REGISTRY) as [string, MetricDefinition][];

function flatten(tree: object, prefix = ""): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    if (typeof value === "string") out.set(`${prefix}${key}`, value);
    else for (const [k, v] of flatten(value as object, `${prefix}${key}.`)) out.set(k, v);
  }
  return out;
}
const messages = { ja: flatten(ja), en: flatten(en) };

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

type Schema = { $ref?: string; properties?: Record<string, unknown>; allOf?: Schema[] };
type OpenApi = {
  paths: Record<string, Record<string, { operationId?: string; responses?: Record<string, unknown> }>>;
  components: { schemas: Record<string, Schema> };
};
const openapi = JSON.parse(readFileSync(join(ROOT, "docs/openapi.json"), "utf8")) as OpenApi;

/** The top-level fields of an operation's 200 response. */
function responseFields(operationId: string): string[] | null {
  for (const item of Object.values(openapi.paths))
    for (const op of Object.values(item)) {
      if (op.operationId !== operationId) continue;
      const ok = op.responses?.["200"] as { content?: Record<string, { schema?: Schema }> } | undefined;
      let schema = ok?.content?.["application/json"]?.schema;
      if (schema?.$ref) schema = openapi.components.schemas[schema.$ref.split("/").pop()!];
      return Object.keys(schema?.properties ?? {});
    }
  return null;
}

describe("one name, one function (METRIC_REGISTRY)", () => {
  it("every registered screen shows the figure under its one name, in ja and en", () => {
    for (const [name, metric] of metrics)
      for (const screen of metric.screens) {
        expect(messages.ja.get(screen.i18nKey), `${name} on ${screen.screen} (ja)`).toBe(metric.ja);
        expect(messages.en.get(screen.i18nKey), `${name} on ${screen.screen} (en)`).toBe(metric.en);
      }
  });

  it("no unregistered label uses a registered figure's name", () => {
    const strays: string[] = [];
    for (const [name, metric] of metrics) {
      const registered = new Set(metric.screens.map((s) => s.i18nKey));
      for (const lang of ["ja", "en"] as const)
        for (const [key, text] of messages[lang])
          if (text.trim() === metric[lang] && !registered.has(key))
            strays.push(`${lang} ${key} = ${text} (${name})`);
    }
    expect(strays, "register the screen in METRIC_REGISTRY, or name a different figure differently").toEqual(
      [],
    );
  });

  it("every screen reads its figure from the registered operation, which returns the field", () => {
    for (const [name, metric] of metrics)
      for (const screen of metric.screens) {
        const code = readFileSync(join(SRC, screen.component), "utf8");
        expect(code, `${screen.component} shows ${name} but does not read api.${screen.operation}`).toContain(
          `api.${screen.operation}`,
        );
        if (!screen.dynamicKey)
          expect(code, `${screen.component} does not show ${screen.i18nKey}`).toContain(
            `"${screen.i18nKey}"`,
          );
        const fields = responseFields(screen.operation);
        expect(fields, `${screen.operation} is not in docs/openapi.json`).not.toBeNull();
        expect(fields, `${screen.operation} has no field ${screen.field}`).toContain(screen.field);
      }
  });

  it("no other component shows a registered label", () => {
    const owners = new Map<string, Set<string>>();
    for (const [, metric] of metrics)
      for (const screen of metric.screens) {
        const set = owners.get(screen.i18nKey) ?? new Set<string>();
        set.add(join(SRC, screen.component));
        owners.set(screen.i18nKey, set);
      }
    const strays: string[] = [];
    for (const file of sources(SRC)) {
      const code = readFileSync(file, "utf8");
      for (const [key, files] of owners)
        if (code.includes(`"${key}"`) && !files.has(file)) strays.push(`${file}: ${key}`);
    }
    expect(strays).toEqual([]);
  });

  it("docs/METRICS.md names each figure, its function and every operation that shows it", () => {
    const doc = readFileSync(join(ROOT, "docs/METRICS.md"), "utf8");
    for (const [name, metric] of metrics) {
      expect(doc, name).toContain(metric.ja);
      expect(doc, name).toContain(metric.serverFunction.split("#")[1]!);
      for (const screen of metric.screens)
        expect(doc, `${name}: ${screen.operation}`).toContain(screen.operation);
    }
  });
});
