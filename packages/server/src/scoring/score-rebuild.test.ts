import type { ScoringModelConfig } from "@tasuki/domain";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows } from "../db/database.ts";
import { createTestApp, makeCompany, makePerson, type TestApp } from "../test/test-app.ts";
import { insertDraftModel, RESCORE_TEST_MODEL } from "./scoring.fixtures.ts";
import { findPersonScore, rescorePeople } from "./scoring.repository.ts";
import { checkedModel, rescoreEveryone } from "./scoring.service.ts";

/**
 * A full rescore that rebuilds the score table must leave exactly what updating rows in place
 * leaves (scores, units, which rows keep their old model and instant, history), keep writes that
 * happened while it ran, leave nothing behind when it fails, and hand over a table with the
 * schema's names.
 */
const DAY = 86_400_000;
const NOW = new Date("2026-11-20T03:00:00Z");

const config = RESCORE_TEST_MODEL;
// What calibration suggests (same engagement basis), and another half-life (another basis).
const reweighted: ScoringModelConfig = {
  ...config,
  engagementRules: config.engagementRules.map((r) => ({ ...r, points: r.points + 5 })),
};
const slower: ScoringModelConfig = { ...reweighted, halfLifeDays: 45 };
// Changes only the fit of 部長 (same basis as `slower`): most scores stay as they are under it.
const bossOnly: ScoringModelConfig = {
  ...slower,
  fitRules: slower.fitRules.map((r) => (r.label === "役職: 部長" ? { ...r, points: 25 } : r)),
};

/** The same twelve people with the same activities in each database (matched by given name). */
async function seed(t: TestApp): Promise<Map<string, string>> {
  const big = await makeCompany(t, "marketing", { employeeBand: "300-999" });
  const ids = new Map<string, string>();
  for (let i = 0; i < 12; i++) {
    const person = await makePerson(t, "marketing", {
      givenName: `再計算${i}`,
      ...(i % 3 === 0 ? { title: "部長" } : {}),
      ...(i % 2 === 0 ? { companyId: big.id } : {}),
    });
    ids.set(`再計算${i}`, person.id);
    for (let k = 0; k < i % 5; k++) {
      const type = ["document_request", "page_view", "email_open", "email_click"][(i + k) % 4]!;
      await t.testDatabase.database.db.execute(
        sql`insert into activities (person_id, type, occurred_at, created_at)
            values (${person.id}, ${type}, ${new Date(NOW.getTime() - (i + k * 7) * DAY)}, ${NOW})`,
      );
    }
  }
  return ids;
}

const version = (t: TestApp, c: ScoringModelConfig, number: number) => insertDraftModel(t, c, number, NOW);

/** Everyone's stored score and history, keyed by given name and model number (ids differ per database). */
async function state(t: TestApp) {
  const db = t.testDatabase.database.db;
  const scores = await queryRows<Record<string, unknown>>(
    db,
    sql`select p.given_name, s.fit, s.engagement, s.total, s.engagement_units, m.number, s.computed_at
        from person_scores s join people p on p.id = s.person_id join scoring_model_versions m on m.id = s.model_version_id
        where p.given_name like '再計算%' order by p.given_name`,
  );
  const history = await queryRows<Record<string, unknown>>(
    db,
    sql`select p.given_name, h.fit, h.engagement, h.total, m.number, h.reason, h.at
        from score_history h join people p on p.id = h.person_id join scoring_model_versions m on m.id = h.model_version_id
        where p.given_name like '再計算%' order by p.given_name, h.at, h.reason`,
  );
  return { scores, history };
}

async function leftoverTables(t: TestApp): Promise<string[]> {
  const rows = await queryRows<{ name: string }>(
    t.testDatabase.database.db,
    sql`select tablename as name from pg_tables
        where schemaname = current_schema() and (tablename like 'person_scores_next_%' or tablename like 'score_changes_next_%')`,
  );
  return rows.map((r) => r.name);
}

/** score_history's partitions with their bounds, and the partition indexes under each of its indexes. */
async function historyPartitions(t: TestApp) {
  const db = t.testDatabase.database.db;
  const partitions = await queryRows<{ name: string; bound: string }>(
    db,
    sql`select c.relname as name, pg_get_expr(c.relpartbound, c.oid) as bound
        from pg_inherits i join pg_class c on c.oid = i.inhrelid
        where i.inhparent = 'score_history'::regclass order by c.oid`,
  );
  const indexes = await queryRows<{ parent: string; name: string }>(
    db,
    sql`select p.relname as parent, c.relname as name
        from pg_inherits i join pg_class c on c.oid = i.inhrelid join pg_class p on p.oid = i.inhparent
        where i.inhparent in ('score_history_pkey'::regclass, 'score_history_person_idx'::regclass)
        order by c.oid`,
  );
  return { partitions, indexes };
}

describe("rebuilding the score table", () => {
  let updating: TestApp;
  let rebuilding: TestApp;
  let people: Map<string, string>;
  beforeAll(async () => {
    [updating, rebuilding] = await Promise.all([createTestApp(), createTestApp()]);
    people = await seed(rebuilding);
    await seed(updating);
  });
  afterAll(async () => {
    await Promise.all([updating?.close(), rebuilding?.close()]);
  });

  it("leaves exactly what updating in place leaves: first scoring, new points, another basis, a fit change", async () => {
    const steps: [ScoringModelConfig, number, string][] = [
      [config, 501, "first"],
      [reweighted, 502, "points"],
      [slower, 503, "basis"],
      [bossOnly, 504, "fit"],
    ];
    for (const [index, [c, number, reason]] of steps.entries()) {
      const at = new Date(NOW.getTime() + index * DAY);
      const results: number[] = [];
      for (const [t, strategy] of [
        [updating, "update"],
        [rebuilding, "rebuild"],
      ] as const) {
        const id = await version(t, c, number);
        // Chunks of 5 people, two in flight: the rebuild is filled by several transactions.
        results.push(
          await rescoreEveryone(
            t.testDatabase.database.db,
            { id, config: c },
            at,
            reason,
            undefined,
            2,
            5,
            strategy,
          ),
        );
      }
      expect(results[1], reason).toBe(results[0]);
      const [a, b] = await Promise.all([state(updating), state(rebuilding)]);
      expect(b, reason).toEqual(a);
    }
    // The fit change left most people's rows as the basis run wrote them (model 503).
    const kept = (await state(rebuilding)).scores.filter((s) => s.number === 503);
    expect(kept.length).toBeGreaterThan(0);
    expect(await leftoverTables(rebuilding)).toEqual([]);
  });

  it("keeps a score written while it ran, and hands over the schema's primary key and indexes", async () => {
    const db = rebuilding.testDatabase.database.db;
    const id = await version(rebuilding, reweighted, 505);
    const partitionsBefore = (await historyPartitions(rebuilding)).partitions;
    const model = checkedModel(reweighted);
    const runAt = new Date(NOW.getTime() + 10 * DAY);
    const writeAt = new Date(runAt.getTime() + 60_000);
    const person = people.get("再計算1")!;
    let chunks = 0;
    await rescoreEveryone(
      db,
      { id, config: reweighted },
      runAt,
      "rebuild",
      async () => {
        // After the first chunk (which holds this person or not): an activity and its score.
        if (++chunks !== 1) return;
        await db.execute(
          sql`insert into activities (person_id, type, occurred_at, created_at) values (${person}, 'document_request', ${runAt}, ${writeAt})`,
        );
        await db.transaction((tx) =>
          rescorePeople(tx, model, id, writeAt, { personIds: [person] }, "activity"),
        );
      },
      1,
      4,
      "rebuild",
    );
    const score = await findPersonScore(db, person);
    expect(score?.computedAt).toEqual(writeAt);
    const history = await queryRows<{ reason: string }>(
      db,
      sql`select reason from score_history where person_id = ${person} and at >= ${runAt} order by at`,
    );
    expect(history.map((h) => h.reason).at(-1)).toBe("activity");

    const indexes = await queryRows<{ name: string }>(
      db,
      sql`select indexname as name from pg_indexes where schemaname = current_schema() and tablename = 'person_scores' order by 1`,
    );
    expect(indexes.map((i) => i.name)).toEqual([
      "person_scores_engagement_idx",
      "person_scores_fit_idx",
      "person_scores_pkey",
      "person_scores_total_idx",
    ]);
    const constraints = await queryRows<{ name: string }>(
      db,
      sql`select conname as name from pg_constraint where conrelid = 'person_scores'::regclass and contype = 'p'`,
    );
    expect(constraints).toEqual([{ name: "person_scores_pkey" }]);
    await expect(
      db.execute(
        sql`insert into person_scores (person_id, fit, engagement, total, model_version_id, computed_at)
            values (${person}, 0, 0, 0, ${id}, ${writeAt})`,
      ),
    ).rejects.toThrow();

    // The run's history rows are a partition of their own, with score_history's indexes and its
    // append-only trigger; the rows written one by one (the activity above) are in partition 0.
    const { partitions, indexes: partitionIndexes } = await historyPartitions(rebuilding);
    expect(partitions.slice(0, partitionsBefore.length)).toEqual(partitionsBefore);
    expect(partitions[0]).toEqual({ name: "score_history_0", bound: "FOR VALUES IN (0)" });
    const added = partitions.slice(partitionsBefore.length);
    expect(added).toHaveLength(1);
    const part = Number(added[0]!.name.replace("score_history_", ""));
    expect(added[0]).toEqual({ name: `score_history_${part}`, bound: `FOR VALUES IN (${part})` });
    expect(partitionIndexes.filter((i) => i.name.startsWith(`score_history_${part}_`))).toEqual([
      { parent: "score_history_pkey", name: `score_history_${part}_pkey` },
      { parent: "score_history_person_idx", name: `score_history_${part}_person_idx` },
    ]);
    const byPartition = await queryRows<{ rebuild: number; reason: string; n: number }>(
      db,
      sql`select rebuild, reason, count(*)::int as n from score_history where at >= ${runAt} group by 1, 2 order by 1`,
    );
    expect(byPartition.map((r) => [r.rebuild, r.reason])).toEqual([
      [0, "activity"],
      [part, "rebuild"],
    ]);
    await expect(db.execute(sql.raw(`update score_history_${part} set total = 0`))).rejects.toThrow();
  });

  it("that fails leaves scores and history as they were and its tables gone; a dead run's tables go with the next", async () => {
    const db = rebuilding.testDatabase.database.db;
    const before = await state(rebuilding);
    const partitionsBefore = await historyPartitions(rebuilding);
    const id = await version(rebuilding, slower, 506);
    // A rebuild whose process died long ago left its tables behind.
    const dead = "0123456789abcdef0123456789abcdef";
    await db.execute(sql.raw(`create table person_scores_next_${dead} (like person_scores)`));
    await db.execute(sql.raw(`create table score_changes_next_${dead} (like score_history)`));
    let chunks = 0;
    await expect(
      rescoreEveryone(
        db,
        { id, config: slower },
        new Date(NOW.getTime() + 11 * DAY),
        "failing",
        async () => {
          if (++chunks === 2) throw new Error("disk full");
        },
        1,
        4,
        "rebuild",
      ),
    ).rejects.toThrow("disk full");
    expect(await state(rebuilding)).toEqual(before);
    expect(await historyPartitions(rebuilding)).toEqual(partitionsBefore);
    expect(await leftoverTables(rebuilding)).toEqual([]);

    // Retried (as a resumed job would), the run rebuilds again rather than updating in place;
    // once it is complete, the next run with the same model (nightly) updates in place.
    const tableId = async () =>
      (await queryRows<{ oid: number }>(db, sql`select 'person_scores'::regclass::oid::int as oid`))[0]!.oid;
    const failedTable = await tableId();
    await rescoreEveryone(db, { id, config: slower }, new Date(NOW.getTime() + 12 * DAY), "retry");
    const rebuiltTable = await tableId();
    expect(rebuiltTable).not.toBe(failedTable);
    await rescoreEveryone(db, { id, config: slower }, new Date(NOW.getTime() + 13 * DAY), "nightly");
    expect(await tableId()).toBe(rebuiltTable);
  });
});
