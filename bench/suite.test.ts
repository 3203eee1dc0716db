import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { checkTargets } from "./lib/report.ts";
import { monthsFor, parseSuiteArgs, runSuite } from "./suite.ts";

const out = mkdtempSync(join(tmpdir(), "tasuki-bench-smoke-"));
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe("npm run bench (smoke size)", () => {
  it("maps --activities to months of history", () => {
    expect(monthsFor(1_000_000, 10_000_000)).toBe(12);
    expect(monthsFor(1_000, 1_000)).toBe(1);
    expect(parseSuiteArgs(["--people", "1000000", "--activities", "10000000"])).toMatchObject({
      people: 1_000_000,
      months: 12,
      backends: ["postgres", "pglite"],
      rates: [200, 500, 1000],
      rescoreRate: 500,
    });
  });

  it("runs every workload on both databases and writes the report", { timeout: 600_000 }, async () => {
    const options = parseSuiteArgs(["--smoke", "--out", out]);
    const suite = await runSuite(options, () => {});
    expect(suite.results.map((r) => r.backend)).toEqual(["postgres", "pglite"]);
    for (const r of suite.results) {
      // The limit copies exactly the rows the generator loaded.
      expect(r.copyLimit.rows).toBe(r.load.rows);
      expect(r.load.rowsPerSecond).toBeGreaterThan(0);
      expect(r.copyLimit.rowsPerSecond).toBeGreaterThan(0);
      for (const load of [
        r.ingest.batch,
        r.ingest.single,
        r.ingest.hello,
        ...r.mixed,
        r.mixedDuringRescore,
      ]) {
        expect(load.requests).toBeGreaterThan(0);
        expect(load.errors).toBe(0);
        expect(load.p99Ms).toBeGreaterThanOrEqual(load.p50Ms);
        expect(load.peakRssMb).toBeGreaterThan(0);
      }
      expect(r.ingest.batch.eventsPerSecond).toBeGreaterThanOrEqual(r.ingest.batch.requestsPerSecond * 50);
      expect(r.rescore.people).toBe(300);
      // Funnel + velocity: timed through the API; on PostgreSQL DuckDB over the same rows agrees.
      expect(r.analytics.funnelAndVelocity.p50).toBeGreaterThan(0);
      expect(r.analytics.funnelAndVelocity.p95).toBeGreaterThanOrEqual(r.analytics.funnelAndVelocity.p50);
      if (r.backend === "postgres") {
        expect(r.analytics.duckdb?.map((t) => t.name)).toEqual(["DuckDB funnel (cohort)", "DuckDB velocity"]);
        expect(r.analytics.mismatches).toEqual([]);
      } else expect(r.analytics.duckdb).toBeNull();
      // Rescore passes in process and incremental scoring, every path measured.
      expect(r.rescorePasses.people).toBe(300);
      expect(r.rescorePasses.full.map((f) => f.pass)).toEqual(
        expect.arrayContaining(["same", "nightly", "model", "restore", "basis", "rebase"]),
      );
      expect(r.rescorePasses.full.find((f) => f.pass === "same")?.changed).toBe(0);
      expect(r.rescorePasses.incremental.map((i) => i.path)).toContain("createActivities");
      for (const i of r.rescorePasses.incremental) expect(i.peoplePerSecond).toBeGreaterThan(0);
      // The machine's write limits, measured in the same run.
      expect(r.rescorePasses.limits?.updateEveryone.rows).toBe(300);
      expect(r.rescorePasses.limits?.writesOnly.peoplePerSecond).toBeGreaterThan(0);
      if (r.backend === "postgres") {
        // Two writers at once, and their writes alone, as the server's pool runs activity writes.
        expect(r.rescorePasses.incremental.find((i) => i.writers === 2)?.peoplePerSecond).toBeGreaterThan(0);
        expect(r.rescorePasses.limits?.writesOnlyTwoWriters?.peoplePerSecond).toBeGreaterThan(0);
      } else expect(r.rescorePasses.limits?.writesOnlyTwoWriters).toBeUndefined();
      expect(r.mixedDuringRescore.rescoresCompleted).toBeGreaterThan(0);
    }
    const json = JSON.parse(readFileSync(join(out, "REPORT.json"), "utf8"));
    expect(json.results).toHaveLength(2);
    const report = readFileSync(join(out, "REPORT.md"), "utf8");
    expect(report).toContain("npm run bench -- --smoke");
    expect(report).toContain("**3. Funnel and velocity**");
    expect(report).toContain("| nightly |");
    expect(report).toContain("| *limit: one UPDATE of every score row* |");
    for (const check of checkTargets(suite)) expect(report).toContain(check.target);
  });
});
