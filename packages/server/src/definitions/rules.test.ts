import { checkExpression, compileToSql, evaluateExpression } from "@tasuki/domain";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../db/database.ts";
import {
  activities,
  campaigns,
  companies,
  people,
  personScores,
  scoringModelVersions,
} from "../db/schema.ts";
import { createTestDatabase, type TestDatabase } from "../test/test-database.ts";
import { fragmentToSql, loadRuleFacts, selectMatchingPeople } from "./rules.repository.ts";

const now = new Date("2026-11-20T03:00:00.000Z");
const DAY = 86_400_000;
let testDb: TestDatabase;
let db: Db;
let personIds: string[];

const STRINGS = [
  "",
  "hot",
  "warm",
  "manufacturing",
  "部長",
  "課長",
  "gmail.com",
  "example.co.jp",
  "東京都",
  "lead",
  "mql",
  "情報",
  "'; drop table people; --",
  "50-99",
  "展示会",
];

/** A small world with every kind of value the vocabulary reads, including missing ones. */
async function seedWorld(): Promise<void> {
  const rng = fc.sample(fc.integer({ min: 0, max: 1_000_000 }), { seed: 42, numRuns: 4000 });
  let i = 0;
  const pick = <T>(items: readonly T[]): T => items[rng[i++ % rng.length]! % items.length]!;
  const campaignRows = await db
    .insert(campaigns)
    .values(
      ["exhibition", "webinar", "newsletter", "advertising"].map((type) => ({
        name: type,
        type,
        startsOn: "2026-01-01",
      })),
    )
    .returning();
  const companyRows = await db
    .insert(companies)
    .values(
      Array.from({ length: 8 }, (_, n) => ({
        name: `株式会社${n}`,
        industry: pick(["manufacturing", "it_software", null]),
        employeeBand: pick(["1-9", "50-99", "300-999", "5000+", null]),
        prefecture: pick(["東京都", "大阪府", null]),
        domain: pick(["example.co.jp", "sample.jp", null]),
      })),
    )
    .returning();
  const personRows = await db
    .insert(people)
    .values(
      Array.from({ length: 40 }, (_, n) => ({
        familyName: `人${n}`,
        email: pick([`a${n}@gmail.com`, `b${n}@example.co.jp`, `c${n}@Sample.JP`, null]),
        title: pick(["部長", "課長", "担当", null]),
        department: pick(["情報システム部", "営業部", null]),
        source: pick(["展示会", "Web", null]),
        temperature: pick(["hot", "warm", "cold", null]),
        stage: pick(["lead", "mql", "recycled"]),
        companyId: pick([...companyRows.map((c) => c.id), null]),
        stageChangedAt: new Date(
          now.getTime() - pick([0, 1, 5, 29, 30, 31, 200]) * DAY - pick([0, 1, 3_600_000]),
        ),
        createdAt: new Date(now.getTime() - pick([1, 40, 400]) * DAY),
      })),
    )
    .returning();
  personIds = personRows.map((p) => p.id);
  // Scores for some people, none for others (who must read 0).
  const [model] = await db
    .insert(scoringModelVersions)
    .values({ number: 1, status: "approved", config: {}, createdAt: now })
    .returning();
  await db.insert(personScores).values(
    personIds
      .filter((_, n) => n % 2 === 0)
      .map((personId) => ({
        personId,
        fit: pick([0, 10, 50, 100]),
        engagement: pick([0, 5, 60]),
        total: pick([0, 30, 55, 100]),
        modelVersionId: model!.id,
        computedAt: now,
      })),
  );
  const types = [
    "document_request",
    "inquiry",
    "webinar",
    "business_card_exchange",
    "page_view",
    "email_open",
  ];
  await db.insert(activities).values(
    Array.from({ length: 300 }, () => ({
      personId: pick(personIds),
      type: pick(types),
      campaignId: pick([...campaignRows.map((c) => c.id), null, null]),
      // Around every window edge, and a few in the future that must never count.
      occurredAt: new Date(
        now.getTime() - pick([-2, 0, 1, 2, 7, 29, 30, 31, 89, 90, 91, 400]) * DAY + pick([-1, 0, 1, 5000]),
      ),
    })),
  );
}

beforeAll(async () => {
  testDb = await createTestDatabase();
  db = testDb.database.db;
  await seedWorld();
});
afterAll(async () => testDb?.drop());

const str = fc.constantFrom(...STRINGS).map((s) => JSON.stringify(s));
const term = fc.constantFrom(
  "'資料請求'",
  "'問い合わせ'",
  "'ウェビナー'",
  "'展示会'",
  "'メルマガ'",
  "'page_view'",
  "'名刺交換'",
);
const windowDays = fc.constantFrom(1, 2, 7, 30, 90, 3650);

const expressions = fc.letrec((tie) => ({
  int: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    fc.integer({ min: -5, max: 400 }).map(String),
    fc.constantFrom(
      "company.employees",
      "person.days_in_stage",
      "person.days_since_created",
      "score.total",
      "score.fit",
      "score.engagement",
    ),
    fc.tuple(term, windowDays).map(([t, w]) => `count(${t}, days(${w}))`),
    fc
      .tuple(fc.array(term, { minLength: 1, maxLength: 3 }), windowDays)
      .map(([t, w]) => `count_any([${t.join(", ")}], days(${w}))`),
    term.map((t) => `last(${t})`),
    fc.tuple(tie("int"), fc.constantFrom("+", "-"), tie("int")).map(([a, op, b]) => `(${a} ${op} ${b})`),
    tie("int").map((a) => `-(${a})`),
    fc.tuple(tie("bool"), tie("int"), tie("int")).map(([c, a, b]) => `(${c} ? ${a} : ${b})`),
  ),
  str: fc.oneof(
    str,
    fc.constantFrom(
      "person.stage",
      "person.temperature",
      "person.title",
      "person.department",
      "person.email_domain",
      "person.source",
      "company.industry",
      "company.employee_band",
      "company.prefecture",
      "company.domain",
    ),
  ),
  bool: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    fc.constantFrom("true", "false"),
    fc
      .tuple(tie("int"), fc.constantFrom("==", "!=", "<", "<=", ">", ">="), tie("int"))
      .map(([a, op, b]) => `(${a} ${op} ${b})`),
    fc.tuple(tie("str"), fc.constantFrom("==", "!="), tie("str")).map(([a, op, b]) => `(${a} ${op} ${b})`),
    fc
      .tuple(tie("str"), fc.array(str, { maxLength: 3 }))
      .map(([a, list]) => `(${a} in [${list.join(", ")}])`),
    tie("str").map((a) => `(${a} in freemail)`),
    fc
      .tuple(tie("str"), fc.constantFrom("contains", "startsWith", "endsWith"), tie("str"))
      .map(([a, m, b]) => `${a}.${m}(${b})`),
    tie("bool").map((a) => `!(${a})`),
    fc.tuple(tie("bool"), fc.constantFrom("&&", "||"), tie("bool")).map(([a, op, b]) => `(${a} ${op} ${b})`),
  ),
})).bool;

describe("rule language: evaluate ≡ SQL", () => {
  it("the CEL evaluator and the compiled SQL pick exactly the same people", async () => {
    const facts = await loadRuleFacts(db, personIds);
    let splitting = 0;
    await fc.assert(
      fc.asyncProperty(expressions, fc.boolean(), async (source, recycledOnly) => {
        const checked = checkExpression(source);
        if (!checked.ok)
          throw new Error(
            `generator produced an invalid expression: ${source}\n${JSON.stringify(checked.errors)}`,
          );
        // The "since" bound is exercised too: recycled people count only activities after their stage time.
        const activitySinceSql = recycledOnly
          ? "(case when p.stage = 'recycled' then p.stage_changed_at else '-infinity'::timestamptz end)"
          : undefined;
        const predicate = fragmentToSql(compileToSql(checked.expression, { now, activitySinceSql }));
        const fromSql = new Set(await selectMatchingPeople(db, predicate));
        const fromJs = new Set(
          personIds.filter((id) => {
            const f = facts.get(id)!;
            const since = recycledOnly && f.person.stage === "recycled" ? f.person.stageChangedAt : null;
            return evaluateExpression(checked.expression, { ...f, activitySince: since }, now);
          }),
        );
        expect([...fromSql].sort(), source).toEqual([...fromJs].sort());
        if (fromSql.size > 0 && fromSql.size < personIds.length) splitting += 1;
      }),
      { numRuns: 120, seed: 20261120 },
    );
    // The property only means something if many expressions pick some people and not others.
    expect(splitting).toBeGreaterThan(30);
  });

  it("author text never reaches SQL text, and hostile strings run as plain values", async () => {
    const hostile = fc.oneof(
      fc.string({ maxLength: 30 }),
      fc.constantFrom(
        "'; drop table people; --",
        "\\'); delete from people; --",
        "$1",
        "p.id = p.id or true",
        "\u0000",
        "' or '1'='1",
      ),
    );
    await fc.assert(
      fc.asyncProperty(hostile, async (text) => {
        const source = `person.title == ${JSON.stringify(text)} || person.department.contains(${JSON.stringify(text)})`;
        const checked = checkExpression(source);
        if (!checked.ok) return; // e.g. a NUL byte the parser refuses: also safe
        const fragment = compileToSql(checked.expression, { now });
        if (text.length > 2) expect(fragment.text.join("")).not.toContain(text);
        await selectMatchingPeople(db, fragmentToSql(fragment));
      }),
      { numRuns: 60, seed: 7 },
    );
    const count = await db.$count(people);
    expect(count).toBe(40);
  });

  it("arbitrary input never crashes the checker: it is accepted or refused with a position", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 120 }), (source) => {
        const result = checkExpression(source);
        if (!result.ok) {
          for (const e of result.errors) {
            expect(e.line).toBeGreaterThanOrEqual(1);
            expect(e.column).toBeGreaterThanOrEqual(1);
            expect(e.message.ja.length).toBeGreaterThan(0);
          }
        }
      }),
      { numRuns: 500 },
    );
  });
});
