// Every metric against numbers worked out by hand from the small world below (the arithmetic is
// in the comments), on the test database of the run (PGlite or PostgreSQL).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { jst, makeHandoff } from "../test/relay-helpers.ts";
import { call, createTestApp, makeCompany, makePerson, moveTo, type TestApp } from "../test/test-app.ts";

let t: TestApp;
const ids: Record<string, string> = {};
let lostReasonId = "";
let rejectionReasonId = "";

const Q1 = "from=2026-01-01&to=2026-03-31";

async function at(local: string, step: () => Promise<unknown>) {
  t.clock.set(jst(local));
  return step();
}

async function activity(personId: string, type: string, local: string) {
  const r = await call(t, "marketing", "POST", "/api/v1/activities", {
    personId,
    type,
    occurredAt: jst(local).toISOString(),
  });
  if (r.status !== 201) throw new Error(`activity: ${JSON.stringify(r.body)}`);
}

/**
 * First arrivals (JST), the calendar is the default (Mon–Fri, 祝日 and 12/29–1/3 off):
 *   A  manufacturing  lead 1/5 (Mon), mql 1/6, sal 1/9 (Fri), sql 1/13 (Tue; 1/12 成人の日)
 *   B  manufacturing  lead 1/7, mql 1/8, sent back (recycled) 1/20, mql again 2/2, sal 2/3
 *   C  no company     lead 2/10, disqualified 2/12
 *   D  it_software    lead 2/16, mql 2/16, sal 2/17, sql 2/24 (2/23 天皇誕生日), opportunity 3/2, won 3/10
 *   E  no company     lead 2025-12-20 (Sat), mql 1/5, sal 1/6
 * Opportunities: D's ¥1,000,000 opened 3/2 and won 3/10; one without a person, ¥500,000, opened 3/3, lost 3/5;
 *   one without a person, ¥300,000, opened 3/4 by the manager and still open (the pipeline).
 */
beforeAll(async () => {
  t = await createTestApp();
  const manufacturing = await makeCompany(t, "marketing", {
    industry: "manufacturing",
    employeeBand: "100-299",
  });
  const software = await makeCompany(t, "marketing", { industry: "it_software" });
  const other = await makeCompany(t, "marketing", { industry: "finance_insurance" });

  await at("2025-12-20T10:00", async () => (ids.E = (await makePerson(t)).id));
  await at("2026-01-05T10:00", async () => {
    ids.A = (await makePerson(t, "marketing", { companyId: manufacturing.id, source: "展示会" })).id;
    await moveTo(t, ids.E!, ["mql"]);
  });
  await at("2026-01-06T10:00", () => moveTo(t, ids.A!, ["mql"]));
  await at("2026-01-06T11:00", () => moveTo(t, ids.E!, ["sal"]));
  await at(
    "2026-01-07T10:00",
    async () => (ids.B = (await makePerson(t, "marketing", { companyId: manufacturing.id })).id),
  );
  await at("2026-01-08T10:00", () => moveTo(t, ids.B!, ["mql"]));
  await at("2026-01-09T10:00", () => moveTo(t, ids.A!, ["sal"]));
  await at("2026-01-13T10:00", () => moveTo(t, ids.A!, ["sql"]));

  const reasons = await call<{ items: { id: string; key: string; disqualifies: boolean }[] }>(
    t,
    "admin",
    "GET",
    "/api/v1/rejection-reasons",
  );
  rejectionReasonId = reasons.body.items.find((r) => !r.disqualifies)!.id;
  const handoff = await at("2026-01-19T10:00", () => makeHandoff(t, ids.B!));
  await at("2026-01-20T10:00", async () => {
    const h = handoff as { id: string; version: number };
    const r = await call(t, "inside_sales", "POST", `/api/v1/handoffs/${h.id}/reject`, {
      reasonId: rejectionReasonId,
      comment: "予算が来期",
      version: h.version,
    });
    if (r.status !== 200) throw new Error(`reject: ${JSON.stringify(r.body)}`);
  });
  await at("2026-02-02T10:00", () => moveTo(t, ids.B!, ["mql"]));
  await at("2026-02-03T10:00", () => moveTo(t, ids.B!, ["sal"]));

  await at("2026-02-10T10:00", async () => (ids.C = (await makePerson(t)).id));
  await at("2026-02-12T10:00", () => moveTo(t, ids.C!, ["disqualified"]));
  await at("2026-02-16T10:00", async () => {
    ids.D = (await makePerson(t, "marketing", { companyId: software.id })).id;
    await moveTo(t, ids.D!, ["mql"]);
  });
  await at("2026-02-17T10:00", () => moveTo(t, ids.D!, ["sal"]));
  await at("2026-02-24T10:00", () => moveTo(t, ids.D!, ["sql"]));
  const won = (await at("2026-03-02T10:00", () =>
    call<{ id: string; version: number }>(t, "field_sales", "POST", "/api/v1/opportunities", {
      name: "D社 導入",
      companyId: software.id,
      personId: ids.D,
      amount: 1_000_000,
    }),
  )) as { status: number; body: { id: string; version: number } };
  expect(won.status).toBe(201);
  const lost = (await at("2026-03-03T10:00", () =>
    call<{ id: string; version: number }>(t, "field_sales", "POST", "/api/v1/opportunities", {
      name: "他社 案件",
      companyId: other.id,
      amount: 500_000,
    }),
  )) as { status: number; body: { id: string; version: number } };
  // Still open at the end: the pipeline (パイプライン金額) — created 3/4, owned by manager.
  const open = (await at("2026-03-04T10:00", () =>
    call<{ id: string }>(t, "manager", "POST", "/api/v1/opportunities", {
      name: "他社 追加案件",
      companyId: other.id,
      amount: 300_000,
    }),
  )) as { status: number; body: { id: string } };
  expect(open.status).toBe(201);
  const lostReasons = await call<{ items: { id: string }[] }>(
    t,
    "field_sales",
    "GET",
    "/api/v1/lost-reasons",
  );
  lostReasonId = lostReasons.body.items[0]!.id;
  await at("2026-03-05T10:00", async () => {
    const r = await call(t, "field_sales", "POST", `/api/v1/opportunities/${lost.body.id}/close`, {
      outcome: "lost",
      lostReasonId,
      version: lost.body.version,
    });
    if (r.status !== 200) throw new Error(`close lost: ${JSON.stringify(r.body)}`);
  });
  await at("2026-03-10T10:00", async () => {
    const r = await call(t, "field_sales", "POST", `/api/v1/opportunities/${won.body.id}/close`, {
      outcome: "won",
      version: won.body.version,
    });
    if (r.status !== 200) throw new Error(`close won: ${JSON.stringify(r.body)}`);
  });

  // Activities: the KPI counts and the industry response rate.
  await activity(ids.A!, "business_card_exchange", "2026-01-05T11:00");
  await activity(ids.A!, "email_open", "2026-01-20T09:00");
  await activity(ids.A!, "email_click", "2026-02-04T09:00");
  await activity(ids.C!, "inquiry", "2026-02-10T11:00");
  await activity(ids.D!, "page_view", "2026-02-16T12:00");
  await activity(ids.D!, "page_view", "2026-02-18T12:00");
  await activity(ids.E!, "page_view", "2025-12-25T12:00");
  t.clock.set(jst("2026-04-01T09:00"));
}, 120_000);

afterAll(async () => {
  await t?.close();
});

type Step = { fromStage: string; toStage: string; entered: number; converted: number; rate: number | null };
const step = (steps: Step[], from: string, to: string) =>
  steps.find((s) => s.fromStage === from && s.toStage === to)!;

async function records(query: string): Promise<{
  total: number;
  items: { id: string; personId: string | null; businessDays: number | null; label: string | null }[];
}> {
  const r = await call<{ total: number; items: never[] }>(
    t,
    "manager",
    "GET",
    `/api/v1/analytics/records?${query}`,
  );
  expect(r.status).toBe(200);
  return r.body;
}

describe("getFunnel", () => {
  it("cohort view: of those who first reached a stage in the period, how many reached the next", async () => {
    const r = await call<{
      steps: Step[];
      stages: { stage: string; people: number }[];
      months: { month: string; steps: Step[] }[];
    }>(t, "marketing", "GET", `/api/v1/analytics/funnel?${Q1}`);
    expect(r.status).toBe(200);
    // lead in Q1: A B C D (E entered in December); reached MQL: A B D.
    expect(step(r.body.steps, "lead", "mql")).toEqual({
      fromStage: "lead",
      toStage: "mql",
      entered: 4,
      converted: 3,
      rate: 0.75,
    });
    // MQL in Q1: A E (1/5, 1/6 …) B D; B counts once although it re-entered MQL on 2/2; all four reached SAL.
    expect(step(r.body.steps, "mql", "sal")).toMatchObject({ entered: 4, converted: 4, rate: 1 });
    // SAL in Q1: A B D E; SQL: A D.
    expect(step(r.body.steps, "sal", "sql")).toMatchObject({ entered: 4, converted: 2, rate: 0.5 });
    expect(step(r.body.steps, "sql", "opportunity")).toMatchObject({ entered: 2, converted: 1, rate: 0.5 });
    expect(step(r.body.steps, "opportunity", "won")).toMatchObject({ entered: 1, converted: 1, rate: 1 });
    // Won but not yet a customer: 0 of 1, a real 0, not null.
    expect(step(r.body.steps, "won", "customer")).toMatchObject({ entered: 1, converted: 0, rate: 0 });

    const jan = r.body.months.find((m) => m.month === "2026-01")!;
    const feb = r.body.months.find((m) => m.month === "2026-02")!;
    const mar = r.body.months.find((m) => m.month === "2026-03")!;
    expect(r.body.months.map((m) => m.month)).toEqual(["2026-01", "2026-02", "2026-03"]);
    expect(step(jan.steps, "lead", "mql")).toMatchObject({ entered: 2, converted: 2, rate: 1 }); // A B
    expect(step(feb.steps, "lead", "mql")).toMatchObject({ entered: 2, converted: 1, rate: 0.5 }); // C D
    // Nobody entered in March: 0 of 0 is null, never NaN.
    expect(step(mar.steps, "lead", "mql")).toEqual({
      fromStage: "lead",
      toStage: "mql",
      entered: 0,
      converted: 0,
      rate: null,
    });
    expect(step(jan.steps, "mql", "sal")).toMatchObject({ entered: 3, converted: 3 }); // A B E

    const stages = Object.fromEntries(r.body.stages.map((s) => [s.stage, s.people]));
    // First reached in Q1: lead A B C D; MQL A B D E (B once); SAL A B D E; SQL A D; D on to won; B recycled; C disqualified.
    expect(stages).toMatchObject({
      lead: 4,
      mql: 4,
      sal: 4,
      sql: 2,
      opportunity: 1,
      won: 1,
      customer: 0,
      recycled: 1,
      disqualified: 1,
      lost: 0,
    });
    const drill = await records(`metric=funnel_stage&${Q1}&stage=mql`);
    expect(drill.items.map((i) => i.personId).sort()).toEqual([ids.A, ids.B, ids.D, ids.E].sort());
  });

  it("period view: arrivals at the next stage against arrivals at the stage in the same window", async () => {
    const r = await call<{ steps: Step[] }>(
      t,
      "marketing",
      "GET",
      `/api/v1/analytics/funnel?${Q1}&view=period`,
    );
    // Entered lead in Q1: A B C D; reached MQL in Q1: A B D and E (who entered in December).
    expect(step(r.body.steps, "lead", "mql")).toMatchObject({ entered: 4, converted: 4, rate: 1 });
    expect(step(r.body.steps, "sal", "sql")).toMatchObject({ entered: 4, converted: 2, rate: 0.5 });
  });

  it("filters by the person's company industry, band, source and team; the drill lists exactly the people counted", async () => {
    const r = await call<{ steps: Step[] }>(
      t,
      "marketing",
      "GET",
      `/api/v1/analytics/funnel?${Q1}&industry=manufacturing`,
    );
    expect(step(r.body.steps, "lead", "mql")).toMatchObject({ entered: 2, converted: 2 }); // A B
    expect(step(r.body.steps, "sal", "sql")).toMatchObject({ entered: 2, converted: 1 }); // A of A B
    const band = await call<{ steps: Step[] }>(
      t,
      "marketing",
      "GET",
      `/api/v1/analytics/funnel?${Q1}&employeeBand=100-299`,
    );
    expect(step(band.body.steps, "lead", "mql").entered).toBe(2);
    const source = await call<{ steps: Step[] }>(
      t,
      "marketing",
      "GET",
      `/api/v1/analytics/funnel?${Q1}&source=展示会`,
    );
    expect(step(source.body.steps, "lead", "mql")).toMatchObject({ entered: 1, converted: 1 }); // A

    const converted = await records(
      `metric=funnel_step&${Q1}&fromStage=sal&toStage=sql&part=converted&industry=manufacturing`,
    );
    expect(converted.total).toBe(1);
    expect(converted.items.map((i) => i.personId)).toEqual([ids.A]);
    const entered = await records(`metric=funnel_step&${Q1}&fromStage=lead&toStage=mql&month=2026-02`);
    expect(entered.items.map((i) => i.personId).sort()).toEqual([ids.C, ids.D].sort());
  });

  it("an empty period counts 0 and rates null", async () => {
    const r = await call<{ steps: Step[] }>(
      t,
      "marketing",
      "GET",
      "/api/v1/analytics/funnel?from=2030-01-01&to=2030-01-31",
    );
    expect(r.body.steps.every((s) => s.entered === 0 && s.converted === 0 && s.rate === null)).toBe(true);
  });
});

describe("getVelocity", () => {
  type V = {
    fromStage: string;
    toStage: string;
    people: number;
    medianDays: number | null;
    meanDays: number | null;
  };
  it("median and mean business days on the company calendar, by arrival at the later stage", async () => {
    const r = await call<{ steps: V[] }>(t, "marketing", "GET", `/api/v1/analytics/velocity?${Q1}`);
    expect(r.status).toBe(200);
    const v = (from: string, to: string) =>
      r.body.steps.find((s) => s.fromStage === from && s.toStage === to)!;
    // lead→mql: A 1/5→1/6 = 1; B 1/7→1/8 = 1; D same day = 0; E 12/20 (Sat)→1/5: 12/22–26 = 5, closed
    // 12/29–1/3, 1/5 = 1 → 6. [0, 1, 1, 6]: median 1, mean 2.
    expect(v("lead", "mql")).toEqual({
      fromStage: "lead",
      toStage: "mql",
      people: 4,
      medianDays: 1,
      meanDays: 2,
    });
    // mql→sal: A 1/6→1/9 = 3; B from the first MQL 1/8 to 2/3 = 1 + 4 (1/12 off) + 5 + 5 + 2 = 17; D 1; E 1.
    // [1, 1, 3, 17]: median 2, mean 5.5.
    expect(v("mql", "sal")).toMatchObject({ people: 4, medianDays: 2, meanDays: 5.5 });
    // sal→sql: A 1/9 (Fri)→1/13 = 1 (weekend and 成人の日 off); D 2/17→2/24 = 3 + 1 (2/23 off) = 4.
    expect(v("sal", "sql")).toMatchObject({ people: 2, medianDays: 2.5, meanDays: 2.5 });
    expect(v("sql", "opportunity")).toMatchObject({ people: 1, medianDays: 4, meanDays: 4 }); // 2/24→3/2
    expect(v("opportunity", "won")).toMatchObject({ people: 1, medianDays: 6, meanDays: 6 }); // 3/2→3/10
    expect(v("won", "customer")).toEqual({
      fromStage: "won",
      toStage: "customer",
      people: 0,
      medianDays: null,
      meanDays: null,
    });

    const drill = await records(`metric=velocity&${Q1}&fromStage=mql&toStage=sal`);
    expect(drill.total).toBe(4);
    expect(drill.items.find((i) => i.personId === ids.B)?.businessDays).toBe(17);
  });
});

describe("getStageProgression", () => {
  it("counts every move into a stage, re-entries included, and the distinct people", async () => {
    const r = await call<{ stages: { stage: string; moves: number; people: number }[] }>(
      t,
      "marketing",
      "GET",
      `/api/v1/analytics/stage-progression?${Q1}`,
    );
    const s = Object.fromEntries(r.body.stages.map((x) => [x.stage, x]));
    expect(s.lead).toMatchObject({ moves: 4, people: 4 }); // E's lead move was in December
    expect(s.mql).toMatchObject({ moves: 5, people: 4 }); // B twice
    expect(s.recycled).toMatchObject({ moves: 1, people: 1 });
    expect(s.won).toMatchObject({ moves: 1, people: 1 });
    const drill = await records(`metric=progression&${Q1}&stage=mql`);
    expect(drill.total).toBe(5);
  });
});

describe("getLostReasons and getRejectionReasons", () => {
  it("count closed-lost deals and sent-back handoffs by reason and month", async () => {
    const lost = await call<{
      total: number;
      reasons: { id: string; count: number; share: number | null }[];
      months: { month: string; total: number }[];
    }>(t, "marketing", "GET", `/api/v1/analytics/lost-reasons?${Q1}`);
    expect(lost.body.total).toBe(1);
    expect(lost.body.reasons.find((r) => r.id === lostReasonId)).toMatchObject({ count: 1, share: 1 });
    expect(lost.body.months.map((m) => m.total)).toEqual([0, 0, 1]);
    const rejected = await call<{
      total: number;
      reasons: { id: string; count: number }[];
      months: { month: string; total: number }[];
    }>(t, "marketing", "GET", `/api/v1/analytics/rejection-reasons?${Q1}`);
    expect(rejected.body.total).toBe(1);
    expect(rejected.body.months.map((m) => m.total)).toEqual([1, 0, 0]);
    const drill = await records(`metric=rejection_reasons&${Q1}&reasonId=${rejectionReasonId}`);
    expect(drill.items.map((i) => i.personId)).toEqual([ids.B]);
    // A person filter drops the deal without a person.
    const filtered = await call<{ total: number }>(
      t,
      "marketing",
      "GET",
      `/api/v1/analytics/lost-reasons?${Q1}&industry=manufacturing`,
    );
    expect(filtered.body.total).toBe(0);
  });
});

describe("getIndustryResponse", () => {
  it("responded ÷ touched people per industry and month", async () => {
    type Cell = { touched: number; responded: number; rate: number | null };
    const r = await call<{
      industries: (Cell & { industry: string | null; months: (Cell & { month: string })[] })[];
    }>(t, "marketing", "GET", `/api/v1/analytics/industry-response?${Q1}`);
    const row = (industry: string | null) => r.body.industries.find((i) => i.industry === industry)!;
    // Manufacturing: A was touched in January (card, open) and responded in February (click).
    expect(row("manufacturing")).toMatchObject({ touched: 1, responded: 1, rate: 1 });
    expect(row("manufacturing").months.map((m) => [m.touched, m.responded, m.rate])).toEqual([
      [1, 0, 0],
      [1, 1, 1],
      [0, 0, null],
    ]);
    expect(row("it_software")).toMatchObject({ touched: 1, responded: 0, rate: 0 }); // D's page views
    expect(row(null)).toMatchObject({ touched: 1, responded: 1 }); // C's inquiry; E's view was in December
    const drill = await records(
      `metric=industry_response&${Q1}&responseIndustry=manufacturing&part=converted`,
    );
    expect(drill.items.map((i) => i.personId)).toEqual([ids.A]);
  });
});

describe("getMarketingKpis", () => {
  it("activity counts, 商談化率, 成約率, pipeline and won revenue", async () => {
    type K = { kpi: string; value: number | null; numerator: number | null; denominator: number | null };
    const r = await call<{ kpis: K[]; months: { month: string; kpis: K[] }[] }>(
      t,
      "marketing",
      "GET",
      `/api/v1/analytics/marketing-kpis?${Q1}`,
    );
    const k = Object.fromEntries(r.body.kpis.map((x) => [x.kpi, x]));
    expect(k.businessCardExchanges?.value).toBe(1);
    expect(k.emailOpens?.value).toBe(1);
    expect(k.pageViews?.value).toBe(2); // D twice; E's December view is outside
    expect(k.inquiries?.value).toBe(1);
    expect(k.opportunityRate).toMatchObject({ value: 0.25, numerator: 1, denominator: 4 }); // D of A B C D
    expect(k.winRate).toMatchObject({ value: 0.5, numerator: 1, denominator: 2 }); // won 1 of 2 closed
    // パイプライン金額 is the open deal only: the won one is 受注金額, the lost one neither.
    expect(k.pipelineAmount).toMatchObject({ value: 300_000, numerator: 1 });
    expect(k.wonAmount?.value).toBe(1_000_000);
    const jan = r.body.months.find((m) => m.month === "2026-01")!;
    expect(jan.kpis.find((x) => x.kpi === "winRate")).toMatchObject({
      value: null,
      numerator: 0,
      denominator: 0,
    });

    const views = await records(`metric=kpi&kpi=pageViews&${Q1}`);
    expect(views.total).toBe(2);
    const closed = await records(`metric=kpi&kpi=winRate&part=entered&${Q1}`);
    expect(closed.total).toBe(2);
  });
});

describe("getPipeline", () => {
  it("is the open deals, the same figure as the pipelineAmount KPI, and its drill lists exactly them", async () => {
    const r = await call<{
      count: number;
      amount: number;
      stages: { stage: string; count: number; amount: number }[];
      records: { metric: string; kpi: string };
    }>(t, "field_sales", "GET", "/api/v1/analytics/pipeline");
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      count: 1,
      amount: 300_000,
      records: { metric: "kpi", kpi: "pipelineAmount" },
    });
    expect(r.body.stages.reduce((s, x) => s + x.amount, 0)).toBe(r.body.amount);
    expect(r.body.stages.reduce((s, x) => s + x.count, 0)).toBe(r.body.count);

    // The dashboard tile, whatever its period, shows the same figure (the pipeline is a snapshot).
    for (const period of [Q1, "from=2026-03-01&to=2026-03-31", ""]) {
      const k = await call<{ kpis: { kpi: string; value: number; numerator: number }[] }>(
        t,
        "marketing",
        "GET",
        `/api/v1/analytics/marketing-kpis?${period}`,
      );
      expect(k.body.kpis.find((x) => x.kpi === "pipelineAmount")).toMatchObject({
        value: r.body.amount,
        numerator: r.body.count,
      });
    }
    const drill = await records("metric=kpi&kpi=pipelineAmount");
    expect(drill.total).toBe(r.body.count);
    expect(drill.items.map((i) => i.label)).toEqual(["他社 追加案件"]);

    const mine = await call<{ count: number }>(
      t,
      "manager",
      "GET",
      `/api/v1/analytics/pipeline?dealOwnerId=${t.users.manager.id}`,
    );
    expect(mine.body.count).toBe(1);
    const theirs = await call<{ count: number; amount: number }>(
      t,
      "manager",
      "GET",
      `/api/v1/analytics/pipeline?dealOwnerId=${t.users.field_sales.id}`,
    );
    expect(theirs.body).toMatchObject({ count: 0, amount: 0 }); // field_sales' deals are both closed
    // A person filter drops deals without a person, as every analytics figure does.
    const filtered = await call<{ count: number }>(
      t,
      "manager",
      "GET",
      "/api/v1/analytics/pipeline?industry=finance_insurance",
    );
    expect(filtered.body.count).toBe(0);
  });

  it("refuses a malformed owner id with the field named", async () => {
    const r = await call<{ code: string }>(
      t,
      "manager",
      "GET",
      "/api/v1/analytics/pipeline?dealOwnerId=nope",
    );
    expect(r.status).toBe(400);
    expect(JSON.stringify(r.body)).toContain("dealOwnerId");
  });
});

describe("listAnalyticsRecords", () => {
  it("pages by cursor without repeating or losing a record", async () => {
    const first = await call<{ total: number; items: { id: string }[]; nextCursor: string | null }>(
      t,
      "marketing",
      "GET",
      `/api/v1/analytics/records?metric=progression&${Q1}&limit=5`,
    );
    expect(first.body.items).toHaveLength(5);
    const rest = await call<{ items: { id: string }[]; nextCursor: string | null }>(
      t,
      "marketing",
      "GET",
      `/api/v1/analytics/records?metric=progression&${Q1}&limit=200&cursor=${first.body.nextCursor}`,
    );
    const all = [...first.body.items, ...rest.body.items].map((i) => i.id);
    expect(new Set(all).size).toBe(first.body.total);
  });

  it("requires a signed-in user", async () => {
    const r = await call(t, null, "GET", `/api/v1/analytics/funnel?${Q1}`);
    expect(r.status).toBe(401);
  });
});
