import {
  fitBasis,
  fitChangesWithTime,
  roundScore,
  type ScoringModelConfig,
  scorePerson,
} from "@tasuki/domain";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows } from "../db/database.ts";
import { loadRuleFacts } from "../definitions/rules.repository.ts";
import { call, createTestApp, makeCompany, makePerson, type TestApp } from "../test/test-app.ts";
import { roundLikeScore } from "./score-statement.repository.ts";
import { insertDraftModel, RESCORE_TEST_MODEL } from "./scoring.fixtures.ts";
import {
  carryForwardFrom,
  findLatestRun,
  findPersonScore,
  peopleChunks,
  rescorePeople,
} from "./scoring.repository.ts";
import { checkedModel, rescoreAfterWrite, rescoreEveryone } from "./scoring.service.ts";

/**
 * The set-based rescore against the JS explanation on the edges its plan creates: per-type ranks
 * versus per-rule running counts, caps at the JST day boundary, decay at age 0 and one
 * half-life, people without activities, changed-only writes and the runs that explain them.
 */
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t?.close());

const DAY = 86_400_000;
// 2026-11-20 15:00 UTC = 2026-11-21 00:00 JST: a JST midnight.
const MIDNIGHT_JST = Date.parse("2026-11-20T15:00:00Z");
const NOW = new Date(MIDNIGHT_JST + 10 * DAY);

const config = RESCORE_TEST_MODEL;
const checked = checkedModel(config);
const modelVersion = (c: ScoringModelConfig, number: number) => insertDraftModel(t, c, number, NOW);

async function addActivities(
  personId: string,
  items: { type: string; at: number; campaignId?: string | null }[],
): Promise<void> {
  for (const item of items) {
    await t.testDatabase.database.db.execute(
      sql`insert into activities (person_id, type, occurred_at, campaign_id, created_at)
          values (${personId}, ${item.type}, ${new Date(item.at)}, ${item.campaignId ?? null}, ${NOW})`,
    );
  }
}

async function expectMatchesJs(personIds: string[], at: Date, modelConfig = config) {
  const model = checkedModel(modelConfig);
  const facts = await loadRuleFacts(t.testDatabase.database.db, personIds);
  for (const id of personIds) {
    const stored = await findPersonScore(t.testDatabase.database.db, id);
    const js = scorePerson(model, facts.get(id)!, at);
    expect({ id, fit: stored?.fit, engagement: stored?.engagement, total: stored?.total }).toEqual({
      id,
      fit: js.fit,
      engagement: js.engagement,
      total: js.total,
    });
  }
}

describe("set-based rescore", () => {
  let people: string[] = [];
  let modelId = "";

  it("caps per rule per JST day (per type and across types), counts campaign types, equals scorePerson", async () => {
    modelId = await modelVersion(config, 9001);
    const db = t.testDatabase.database.db;
    const [exhibition] = await queryRows<{ id: string }>(
      db,
      sql`insert into campaigns (name, type, starts_on) values ('展示会2026', 'exhibition', '2026-11-01') returning id`,
    );
    const big = await makeCompany(t, "marketing", { employeeBand: "300-999" });
    const boss = await makePerson(t, "marketing", { companyId: big.id, title: "部長" });
    const busy = await makePerson(t, "marketing", { title: "担当" });
    const quiet = await makePerson(t, "marketing", { companyId: big.id });
    const fresh = await makePerson(t, "marketing");
    people = [boss.id, busy.id, quiet.id, fresh.id];
    const minute = 60_000;
    // boss: three document requests in the last minutes of a JST day and two just after midnight
    // (1 counts per day → 2 count), and one at exactly one half-life.
    await addActivities(boss.id, [
      { type: "document_request", at: MIDNIGHT_JST - 3 * minute },
      { type: "document_request", at: MIDNIGHT_JST - 2 * minute },
      { type: "document_request", at: MIDNIGHT_JST - minute },
      { type: "document_request", at: MIDNIGHT_JST },
      { type: "document_request", at: MIDNIGHT_JST + minute },
      { type: "document_request", at: NOW.getTime() - 30 * DAY },
    ]);
    // busy: seven page views in one day (3 count for one rule, 5 for the other), opens and clicks
    // sharing a cap of 2, exhibition follow-ups through the campaign, one activity exactly now and
    // one in the future (not counted yet).
    const day = NOW.getTime() - 2 * DAY;
    await addActivities(busy.id, [
      ...Array.from({ length: 7 }, (_, i) => ({ type: "page_view", at: day + i * minute })),
      { type: "email_open", at: day + 10 * minute },
      { type: "email_click", at: day + 11 * minute },
      { type: "email_open", at: day + 12 * minute },
      { type: "email_click", at: day + 13 * minute },
      { type: "meeting", at: day + 20 * minute, campaignId: exhibition!.id },
      { type: "call", at: day + 21 * minute, campaignId: exhibition!.id },
      { type: "note", at: day + 22 * minute },
      { type: "document_request", at: NOW.getTime() },
      { type: "document_request", at: NOW.getTime() + DAY },
    ]);
    // quiet: fit only. fresh: nothing at all.
    await db.transaction((tx) => rescorePeople(tx, checked, modelId, NOW, { personIds: people }, "test"));
    await expectMatchesJs(people, NOW);
    const freshScore = await findPersonScore(db, fresh.id);
    expect(freshScore).toMatchObject({ fit: 0, engagement: 0, total: 0 });
    const quietScore = await findPersonScore(db, quiet.id);
    expect(quietScore).toMatchObject({ fit: 30, engagement: 0, total: 20 }); // (30·2 + 0) / 3
    // boss: 2 capped requests at the day edge, ~10 days old, plus 20·½ at one half-life.
    const bossScore = await findPersonScore(db, boss.id);
    const expected = 20 * 0.5 ** (10 / 30) + 20 * 0.5 ** ((10 * DAY + 3 * minute) / DAY / 30) + 10;
    expect(bossScore?.engagement).toBe(Math.round(expected));
  });

  it("a full rescore equals the incremental one, writes only what changed, and days later applies decay", async () => {
    const db = t.testDatabase.database.db;
    const before = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from score_history`);
    // Same instant: the full pass (over everyone, in id chunks) finds nothing to change for these.
    const reported: number[] = [];
    const changed = await rescoreEveryone(db, { id: modelId, config }, NOW, "full", async (n) => {
      reported.push(n);
    });
    // Progress counts the people scored, not chunks × chunk size (a 15,015-person run said 250,000).
    const [everyone] = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from people`);
    expect(reported.reduce((a, b) => a + b, 0)).toBe(everyone!.n);
    const mine = await queryRows<{ n: number }>(
      db,
      sql`select count(*)::int as n from score_history where person_id = any(${`{${people.join(",")}}`}::uuid[]) and reason = 'full'`,
    );
    expect(mine[0]?.n).toBe(0);
    const after = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from score_history`);
    expect(after[0]!.n - before[0]!.n).toBe(changed);
    await expectMatchesJs(people, NOW);
    // 45 days later the engagement has decayed; the full rescore rewrites exactly those rows.
    const later = new Date(NOW.getTime() + 45 * DAY);
    expect(carryForwardFrom(await findLatestRun(db), [modelId])).toEqual({ since: NOW });
    await rescoreEveryone(db, { id: modelId, config }, later, "nightly");
    const rows = await queryRows<{ person_id: string; computed_at: Date }>(
      db,
      sql`select person_id::text, computed_at from person_scores where person_id = any(${`{${people.join(",")}}`}::uuid[])`,
    );
    const at = new Map(rows.map((r) => [r.person_id, new Date(r.computed_at).getTime()]));
    expect(at.get(people[0]!)).toBe(later.getTime()); // boss decayed
    expect(at.get(people[2]!)).toBe(NOW.getTime()); // quiet: fit only, unchanged, not rewritten
    // The explanation of an unchanged score is given as of the run that checked it.
    const score = await call<{
      computedAt: string;
      total: number;
      explanation: { part: string; points: number }[];
    }>(t, "marketing", "GET", `/api/v1/people/${people[2]}/score`);
    expect(score.body.computedAt).toBe(later.toISOString());
    // Carried forward (same model as the last complete run): decayed sums and the future
    // activity that became countable give what scorePerson gives.
    await expectMatchesJs(people, later);
  });

  it("a model change rewrites the scores it changes; history records only changed numbers", async () => {
    const db = t.testDatabase.database.db;
    const other: ScoringModelConfig = {
      ...config,
      fitRules: config.fitRules.map((r) => (r.label === "役職: 部長" ? { ...r, points: 25 } : r)),
    };
    const otherId = await modelVersion(other, 9002);
    const at = new Date(NOW.getTime() + 46 * DAY);
    const before = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from score_history`);
    // Two chunks in flight at a time, one person each: the count of changed scores still adds up.
    const changed = await rescoreEveryone(db, { id: otherId, config: other }, at, "model", undefined, 2, 1);
    const after = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from score_history`);
    expect(changed).toBeGreaterThanOrEqual(1);
    expect(changed).toBe(after[0]!.n - before[0]!.n);
    await expectMatchesJs(people, at, other);
    const boss = await findPersonScore(db, people[0]!);
    expect(boss?.modelVersionId).toBe(otherId);
    const quiet = await findPersonScore(db, people[2]!);
    // Same numbers under both models, and the same engagement basis (only a fit rule's points
    // changed): the stored row stays as it was, with no history line; the run explains it.
    expect(quiet?.modelVersionId).toBe(modelId);
    const history = await queryRows<{ person_id: string }>(
      db,
      sql`select person_id::text from score_history where reason = 'model'`,
    );
    expect(history.map((h) => h.person_id)).toContain(people[0]);
    expect(history.map((h) => h.person_id)).not.toContain(people[2]);
    const score = await call<{
      modelVersion: { id: string };
      computedAt: string;
      fit: number;
      explanation: { part: string; points: number }[];
    }>(t, "marketing", "GET", `/api/v1/people/${people[2]}/score`);
    expect(score.body.modelVersion.id).toBe(otherId);
    expect(score.body.computedAt).toBe(at.toISOString());
    const fitLines = score.body.explanation.filter((l) => l.part === "fit").reduce((n, l) => n + l.points, 0);
    expect(fitLines).toBe(score.body.fit);
  });

  it("a full rescore does not overwrite a score written by an activity after its instant", async () => {
    const db = t.testDatabase.database.db;
    const [current] = await queryRows<{ id: string }>(
      db,
      sql`select model_version_id::text as id from person_scores where person_id = ${people[3]}`,
    );
    const otherConfig = (
      await queryRows<{ config: ScoringModelConfig }>(
        db,
        sql`select config from scoring_model_versions where id = ${current!.id}`,
      )
    )[0]!.config;
    const runAt = new Date(NOW.getTime() + 47 * DAY);
    const writeAt = new Date(runAt.getTime() + 60_000);
    await addActivities(people[3]!, [{ type: "document_request", at: writeAt.getTime() - 1000 }]);
    await db.transaction((tx) =>
      rescorePeople(
        tx,
        checkedModel(otherConfig),
        current!.id,
        writeAt,
        { personIds: [people[3]!] },
        "activity",
      ),
    );
    const written = await findPersonScore(db, people[3]!);
    expect(written?.engagement).toBe(20);
    // A rescore that started before the write (its instant is earlier) leaves that row alone.
    await rescoreEveryone(db, { id: current!.id, config: otherConfig }, runAt, "late");
    expect(await findPersonScore(db, people[3]!)).toEqual(written);
  });

  it("a reweighted model reuses the stored units; another engagement basis counts every activity again", async () => {
    const db = t.testDatabase.database.db;
    const boss = people[0]!;
    const quietId = people[2]!;
    const factsBefore = (await loadRuleFacts(db, [boss])).get(boss)!;
    // Behind the scorer's back (no rescore): the stored units still hold this activity, so only a
    // recount would drop it. A row without units (written before units were stored) is recounted.
    await db.execute(
      sql`delete from activities where person_id = ${boss} and occurred_at = ${new Date(NOW.getTime() - 30 * DAY)}`,
    );
    await db.execute(sql`update person_scores set engagement_units = null where person_id = ${quietId}`);
    const reweighted: ScoringModelConfig = {
      ...config,
      engagementRules: config.engagementRules.map((r) => ({ ...r, points: r.points * 2 })),
      weights: { fit: 1, engagement: 3 },
    };
    const reweightedId = await modelVersion(reweighted, 9003);
    const at = new Date(NOW.getTime() + 48 * DAY);
    await rescoreEveryone(db, { id: reweightedId, config: reweighted }, at, "reweight");
    const carried = scorePerson(checkedModel(reweighted), factsBefore, at);
    expect(await findPersonScore(db, boss)).toMatchObject({
      engagement: carried.engagement,
      total: carried.total,
      modelVersionId: reweightedId,
    });
    const quiet = await queryRows<{ units: number[] | null }>(
      db,
      sql`select engagement_units as units from person_scores where person_id = ${quietId}`,
    );
    expect(quiet[0]?.units).toEqual([0, 0, 0, 0, 0]);

    // Another half-life is another basis: every activity is counted again (the deleted one is
    // gone) and every row is rewritten to the new model's units.
    const slower: ScoringModelConfig = { ...reweighted, halfLifeDays: 45 };
    const slowerId = await modelVersion(slower, 9004);
    const later = new Date(NOW.getTime() + 49 * DAY);
    await rescoreEveryone(db, { id: slowerId, config: slower }, later, "half-life");
    await expectMatchesJs(people, later, slower);
    // …which differs from what the deleted activity would still give.
    expect((await findPersonScore(db, boss))?.engagement).not.toBe(
      scorePerson(checkedModel(slower), factsBefore, later).engagement,
    );
    const others = await queryRows<{ n: number }>(
      db,
      sql`select count(*)::int as n from person_scores where model_version_id <> ${slowerId} and computed_at <= ${later}`,
    );
    expect(others[0]?.n).toBe(0);
  });

  it("a fit stored under the same fit rules is kept until the person changes; other rules, or the clock, evaluate it", async () => {
    const db = t.testDatabase.database.db;
    const big = await makeCompany(t, "marketing", { employeeBand: "300-999" });
    const boss = (await makePerson(t, "marketing", { companyId: big.id, title: "部長" })).id;
    // After the person was written (the rows it keeps must be younger than the profile).
    const start = Date.now() + DAY;
    const at = (minutes: number) => new Date(start + minutes * 60_000);
    const id = await modelVersion(config, 9101);
    const rescore = async (when: Date, storedFit: string[] | null, version = id) => {
      await rescorePeople(db, checked, version, when, { personIds: [boss] }, "activity", { storedFit });
      return (await findPersonScore(db, boss))!;
    };
    const mark = () => db.execute(sql`update person_scores set fit = 7 where person_id = ${boss}`);
    await addActivities(boss, [{ type: "document_request", at: start }]);
    const first = await rescore(at(0), [id]); // nothing stored yet: the rules
    expect(first.fit).toBe(50);
    await expectMatchesJs([boss], at(0));
    // A stored fit is what the rules gave; mark it to see which path each rescore takes.
    await mark();
    expect(await rescore(at(1), [id])).toMatchObject({
      fit: 7,
      computedAt: at(1),
      engagement: first.engagement,
    });
    expect((await rescore(at(2), null)).fit).toBe(50);
    // Stored by a version that is not in the list (other fit rules): the rules.
    await mark();
    const other = await modelVersion(config, 9102);
    expect((await rescore(at(3), [other], other)).fit).toBe(50);
    // In the list: kept, also by a full rescore; once the person changes after it, the rules.
    await mark();
    expect((await rescore(at(4), [id, other], other)).fit).toBe(7);
    await rescorePeople(db, checked, other, at(5), { idRange: { after: null, upTo: boss } }, "nightly", {
      mode: "full",
      storedFit: [other],
    });
    expect((await findPersonScore(db, boss))!.fit).toBe(7);
    await db.execute(sql`update people set updated_at = ${at(6)} where id = ${boss}`);
    expect((await rescore(at(7), [id, other], other)).fit).toBe(50);
    // Fit rules that read the clock are never kept (rescoreAfterWrite, rescoreEveryone).
    const timed = checkedModel({
      ...config,
      fitRules: [
        ...config.fitRules,
        { label: "新規", condition: "person.days_since_created <= 3", points: 5 },
      ],
    });
    expect(fitChangesWithTime(timed)).toBe(true);
    expect(fitChangesWithTime(checked)).toBe(false);
    expect(fitBasis(checked)).toBe(
      fitBasis(checkedModel({ ...config, fitRules: [...config.fitRules].reverse() })),
    );
    expect(fitBasis(checked)).not.toBe(fitBasis(timed));
  });

  it("rescoreAfterWrite scores with the approved model only and is a no-op without one", async () => {
    const db = t.testDatabase.database.db;
    const p = await makePerson(t);
    await db.transaction((tx) => rescoreAfterWrite(tx, [p.id], NOW, "activity"));
    // No approved model in this database (versions above are drafts): nothing written.
    expect(await findPersonScore(db, p.id)).toBeNull();
  });

  it("a write's rescore is one prepared statement per model on PostgreSQL, whoever and whenever it scores", async () => {
    const db = t.testDatabase.database.db;
    const [a, b] = [await makePerson(t), await makePerson(t)];
    // Models with fewer engagement rules than any other in this file: statement texts not run yet.
    const shorter = (n: number) =>
      checkedModel({ ...config, engagementRules: config.engagementRules.slice(0, -n) });
    const counts = await db.transaction(async (tx) => {
      const prepared = async () =>
        (await queryRows<{ name: string }>(tx, sql`select name from pg_prepared_statements`)).filter((r) =>
          r.name.startsWith("tasuki_"),
        ).length;
      const seen = [await prepared()];
      await rescorePeople(tx, shorter(1), modelId, NOW, { personIds: [a.id] }, "activity");
      seen.push(await prepared());
      // Other people, another instant, another reason: the same text with other bound values.
      await rescorePeople(
        tx,
        shorter(1),
        modelId,
        new Date(NOW.getTime() + DAY),
        { personIds: [a.id, b.id] },
        "profile",
      );
      seen.push(await prepared());
      await rescorePeople(tx, shorter(2), modelId, NOW, { personIds: [b.id] }, "activity");
      seen.push(await prepared());
      return seen;
    });
    const first = counts[0]!;
    expect(counts).toEqual(
      t.testDatabase.database.kind === "postgres" ? [first, first + 1, first + 1, first + 2] : [0, 0, 0, 0],
    );
    // Both people were scored by the prepared statements.
    expect((await findPersonScore(db, a.id))?.computedAt).toEqual(new Date(NOW.getTime() + DAY));
    expect((await findPersonScore(db, b.id))?.computedAt).toEqual(NOW);
  });

  it("rounds in SQL exactly as roundScore does, at halves and within 1e-9 of them", async () => {
    const values = [
      0,
      0.5,
      1.5,
      2.5,
      -0.5,
      -2.5,
      2.4999999996,
      2.4999999994,
      2.5000000004,
      -2.4999999996,
      7.49999999951,
      1 / 3,
      2 / 3,
      44.5,
      99.49999999999,
      0.1 + 0.2,
      1e-12,
      12.345,
    ];
    const rows = await queryRows<{ i: number; r: number }>(
      t.testDatabase.database.db,
      sql`select i::int as i, ${roundLikeScore(sql`x`, sql`x::numeric`)}::int as r
          from unnest(${`{${values.join(",")}}`}::float8[]) with ordinality as v(x, i) order by i`,
    );
    expect(rows.map((row) => row.r)).toEqual(values.map(roundScore));
  });

  it("splits everyone into id ranges of the chunk size, in order, the last one shorter", async () => {
    const db = t.testDatabase.database.db;
    const [{ n: everyone }] = (await queryRows<{ n: number }>(
      db,
      sql`select count(*)::int as n from people`,
    )) as [{ n: number }];
    expect(everyone).toBeGreaterThan(3);
    for (const size of [1, 3, everyone, everyone + 5]) {
      const ranges = await peopleChunks(db, size);
      const counts: number[] = [];
      for (const { after, upTo } of ranges) {
        const [row] = await queryRows<{ n: number }>(
          db,
          sql`select count(*)::int as n from people where id <= ${upTo}::uuid ${after ? sql`and id > ${after}::uuid` : sql``}`,
        );
        counts.push(row!.n);
      }
      expect(
        counts.reduce((a, b) => a + b, 0),
        `size ${size}`,
      ).toBe(everyone);
      expect(
        ranges.map((r) => r.people),
        `size ${size}`,
      ).toEqual(counts);
      expect(counts.slice(0, -1).every((c) => c === size)).toBe(true);
      expect(counts.at(-1)).toBeLessThanOrEqual(size);
      expect(counts.at(-1)).toBeGreaterThan(0);
      expect(ranges[0]!.after).toBeNull();
      expect(ranges.slice(1).every((r, i) => r.after === ranges[i]!.upTo)).toBe(true);
    }
  });
});
