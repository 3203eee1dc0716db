/**
 * EXPLAIN (ANALYZE, BUFFERS) of one rescore chunk, rolled back, for finding where a rescore's time goes.
 *
 *   node --import tsx bench/explain-rescore.ts --database-url postgres://…/tasuki_perf_1m \
 *     [--mode carry|count|incremental] [--chunk 100000] [--points-plus 1] [--half-life-plus 0] [--rebuild]
 *
 * --rebuild fills a next score table (as a full rescore that rebuilds does) instead of updating rows.
 */
import { parseArgs } from "node:util";
import type { ScoringModelConfig } from "@tasuki/domain";
import {
  checkedModel,
  createDatabase,
  findApprovedModel,
  insertModelVersion,
  peopleChunks,
  queryRows,
  rescoreStatement,
  startScoreRebuild,
  tuneForRescore,
} from "@tasuki/server/tooling";
import { sql } from "drizzle-orm";
import { giveEachAnActivity } from "./rescore.ts";

const { values } = parseArgs({
  options: {
    "database-url": { type: "string" },
    mode: { type: "string", default: "carry" },
    chunk: { type: "string", default: "100000" },
    "points-plus": { type: "string", default: "0" },
    "half-life-plus": { type: "string", default: "0" },
    rebuild: { type: "boolean", default: false },
  },
});
const database = await createDatabase({ kind: "postgres", url: values["database-url"]! });
await database.migrate();
const db = database.db;
const approved = (await findApprovedModel(db))!;
const base = approved.config as ScoringModelConfig;
const config: ScoringModelConfig = {
  ...base,
  halfLifeDays: base.halfLifeDays + Number(values["half-life-plus"]),
  engagementRules: base.engagementRules.map((r) => ({
    ...r,
    points: r.points + Number(values["points-plus"]),
  })),
};
const [latest] = await queryRows<{ at: Date }>(db, sql`select max(as_of) as at from score_runs`);
const now = new Date(new Date(latest!.at).getTime() + 86_400_000);
class Rollback extends Error {}
await db
  .transaction(async (tx) => {
    const version =
      config === base
        ? approved
        : await insertModelVersion(tx, {
            number: 900_000 + Math.floor(Math.random() * 90_000),
            status: "draft",
            config,
            authorId: approved.authorId,
            createdAt: now,
          });
    const { upTo } = (await peopleChunks(tx, Number(values.chunk)))[0]!;
    const ids = await queryRows<{ id: string }>(
      tx,
      sql`select id::text as id from people tablesample bernoulli (0.2) limit 1000`,
    );
    const target =
      values.mode === "incremental"
        ? { personIds: ids.map((r) => r.id) }
        : { idRange: { after: null, upTo } };
    // As after a write: each of the people gets one new activity first.
    if (values.mode === "incremental")
      await giveEachAnActivity(
        tx,
        ids.map((r) => r.id),
        now,
      );
    await tuneForRescore(tx);
    const statement = rescoreStatement(checkedModel(config), version.id, now, target, "explain", {
      mode: values.mode === "incremental" ? "incremental" : "full",
      sameBasis: [approved.id, version.id],
      carry: values.mode === "carry" ? { since: new Date(latest!.at) } : null,
      // As the job and a write's rescore do: the fit rules are the same (only points and the
      // half-life move here), so stored fits are kept.
      storedFit: [approved.id, version.id],
      into: values.rebuild ? await startScoreRebuild(tx, version.id, now) : undefined,
    });
    const rows = await queryRows<{ "QUERY PLAN": string }>(
      tx,
      sql`explain (analyze, buffers, timing) ${statement}`,
    );
    console.log(rows.map((r) => r["QUERY PLAN"]).join("\n"));
    throw new Rollback();
  })
  .catch((e) => {
    if (!(e instanceof Rollback)) throw e;
  });
await database.close();
