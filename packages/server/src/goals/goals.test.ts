import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import {
  call,
  createTestApp,
  type ErrorBody,
  makeCompany,
  makePerson,
  moveTo,
  type TestApp,
} from "../test/test-app.ts";
import { loadHistoricalAssumptions } from "./goal-metrics.ts";

// Counts the reads of the history (most of a goal page's work) without changing them.
vi.mock("./goal-metrics.ts", async (importOriginal) => {
  const actual = await importOriginal<typeof import("./goal-metrics.ts")>();
  return { ...actual, loadHistoricalAssumptions: vi.fn(actual.loadHistoricalAssumptions) };
});

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  t.clock.set(new Date("2026-05-15T03:00:00Z"));
});
afterAll(async () => t?.close());

interface Goal {
  id: string;
  version: number;
  months: string[];
  monthlyTargets: { month: string; revenue: number }[];
  totalTarget: number;
  assumptions: {
    averageDealSize: { override: number | null; effective: number | null; source: string };
    conversionRates: Record<string, { override: number | null; effective: number | null; source: string }>;
  };
}
interface Plan {
  months: string[];
  currentMonth: string;
  stages: {
    stage: string;
    cells: { month: string; required: number; count: number; isPast: boolean }[];
    pastDueCount: number;
  }[];
}
interface Pacing {
  paceRatio: number | null;
  firstDataMonth: string | null;
  actualRevenue: number;
  projectedRevenue: number;
  projectedGap: number;
  revenue: { month: string; status: string; actual: number | null; projected: number }[];
  stages: {
    stage: string;
    catchUp: number;
    neededThisMonth: number;
    cells: { month: string; actual: number | null; judged: boolean }[];
  }[];
  comments: {
    id: string;
    month: string;
    author: { id: string } | null;
    version: number;
    nextActions: string;
  }[];
}

const noLags = { lead: 0, mql: 0, sal: 0, sql: 0, opportunity: 0 };
const halfRates = { lead: 0.5, mql: 0.5, sal: 0.5, sql: 0.5, opportunity: 0.5 };
// April 2026 has 21 business days (昭和の日 off), May 18 (GW), June 22: 61 / 3 a month on average.
const oneMonthLag = 61 / 3;

function countsOf(plan: Plan, stage: string) {
  const cells = plan.stages.find((s) => s.stage === stage)?.cells ?? [];
  return Object.fromEntries(cells.filter((c) => c.count !== 0).map((c) => [c.month, c.count]));
}

async function wonDeal(
  amount: number,
  closedOn: string,
  person: { id: string; companyId: string } | null = null,
) {
  const companyId = person?.companyId ?? (await makeCompany(t)).id;
  const opp = await call<{ id: string; version: number }>(t, "field_sales", "POST", "/api/v1/opportunities", {
    name: `案件 ${amount}`,
    companyId,
    personId: person?.id ?? null,
    amount,
    stage: "proposal",
  });
  expect(opp.status).toBe(201);
  const closed = await call(t, "field_sales", "POST", `/api/v1/opportunities/${opp.body.id}/close`, {
    outcome: "won",
    closedOn,
    version: opp.body.version,
  });
  expect(closed.status).toBe(200);
  return opp.body.id;
}

describe("goals", () => {
  let goal: Goal;

  it("a manager creates a fiscal-year goal; the total spreads to the yen over its twelve months", async () => {
    t.clock.set(new Date("2026-05-15T03:00:00Z"));
    const r = await call<Goal>(t, "manager", "POST", "/api/v1/goals", {
      name: "2026年度 売上目標",
      periodKind: "fiscal_year",
      fiscalYear: 2026,
      totalTarget: 10_000_000,
    });
    expect(r.status).toBe(201);
    expect(r.body.months[0]).toBe("2026-04");
    expect(r.body.months[11]).toBe("2027-03");
    // 10,000,000 ÷ 12 = 833,333 remainder 4: the first four months carry one yen more.
    expect(r.body.monthlyTargets.slice(0, 5).map((m) => m.revenue)).toEqual([
      833_334, 833_334, 833_334, 833_334, 833_333,
    ]);
    expect(r.body.totalTarget).toBe(10_000_000);
    const list = await call<{ items: { id: string }[] }>(t, "marketing", "GET", "/api/v1/goals");
    expect(list.body.items.map((g) => g.id)).toContain(r.body.id);
  });

  it("only managers and admins set goals; everyone reads them", async () => {
    const payload = { name: "x", periodKind: "month", fiscalYear: 2026, month: "2026-06", totalTarget: 1 };
    for (const role of ["marketing", "field_sales", "inside_sales", "customer_success"] as const) {
      expect((await call(t, role, "POST", "/api/v1/goals", payload)).status).toBe(403);
    }
    expect((await call(t, null, "GET", "/api/v1/goals")).status).toBe(401);
    expect((await call(t, "admin", "POST", "/api/v1/goals", payload)).status).toBe(201);
  });

  it("validates the period, the monthly targets and the assumptions, naming fields", async () => {
    const noQuarter = await call<ErrorBody>(t, "manager", "POST", "/api/v1/goals", {
      name: "Q",
      periodKind: "quarter",
      fiscalYear: 2026,
      totalTarget: 1_000,
    });
    expect(noQuarter.status).toBe(400);
    expect(noQuarter.body.error.details?.map((d) => d.path)).toEqual(["quarter"]);
    const wrongMonths = await call<ErrorBody>(t, "manager", "POST", "/api/v1/goals", {
      name: "Q",
      periodKind: "quarter",
      fiscalYear: 2026,
      quarter: 1,
      monthlyTargets: [{ month: "2026-07", revenue: 1 }],
    });
    expect(wrongMonths.status).toBe(400);
    expect(wrongMonths.body.error.details?.[0]?.path).toBe("monthlyTargets");
    expect(wrongMonths.body.error.details?.[0]?.message).toContain("2026-04〜2026-06");
    const zeroRate = await call<ErrorBody>(t, "manager", "POST", "/api/v1/goals", {
      name: "Q",
      periodKind: "month",
      fiscalYear: 2026,
      month: "2026-06",
      totalTarget: 1_000,
      assumptions: { conversionRates: { sql: 0 } },
    });
    expect(zeroRate.status).toBe(400);
    expect(zeroRate.body.error.details?.[0]?.path).toBe("assumptions.conversionRates.sql");
  });

  it("a plan without history or override for an assumption is a 422 naming it, not Infinity", async () => {
    const created = await call<Goal>(t, "manager", "POST", "/api/v1/goals", {
      name: "前提なし",
      periodKind: "month",
      fiscalYear: 2026,
      month: "2026-06",
      totalTarget: 1_000_000,
      ownerId: t.users.customer_success.id,
    });
    expect(created.body.assumptions.averageDealSize.source).toBe("missing");
    const plan = await call<ErrorBody>(t, "marketing", "GET", `/api/v1/goals/${created.body.id}/plan`);
    expect(plan.status).toBe(422);
    expect(plan.body.error.code).toBe("goal_assumption_missing");
    expect(plan.body.error.message).toContain("平均受注単価");
  });

  it("plans a quarter back through every stage in months, with the lag, marking past months", async () => {
    const r = await call<Goal>(t, "manager", "POST", "/api/v1/goals", {
      name: "2026年度 Q1",
      periodKind: "quarter",
      fiscalYear: 2026,
      quarter: 1,
      monthlyTargets: [
        { month: "2026-04", revenue: 3_000_000 },
        { month: "2026-05", revenue: 3_000_000 },
        { month: "2026-06", revenue: 6_000_000 },
      ],
      assumptions: {
        averageDealSize: 1_000_000,
        conversionRates: halfRates,
        lagBusinessDays: { lead: 0, mql: 0, sal: 0, sql: 0, opportunity: oneMonthLag },
      },
    });
    expect(r.status).toBe(201);
    goal = r.body;
    expect(goal.assumptions.conversionRates.sql).toMatchObject({
      override: 0.5,
      effective: 0.5,
      source: "override",
    });
    const plan = await call<Plan>(t, "inside_sales", "GET", `/api/v1/goals/${goal.id}/plan`);
    expect(plan.status).toBe(200);
    // 3, 3, 6 deals; opportunities at 50 % one month earlier: 6 in March, 6 in April, 12 in May;
    // each earlier stage doubles in the same month (no lag).
    expect(plan.body.currentMonth).toBe("2026-05");
    expect(plan.body.months).toEqual(["2026-03", "2026-04", "2026-05", "2026-06"]);
    expect(countsOf(plan.body, "won")).toEqual({ "2026-04": 3, "2026-05": 3, "2026-06": 6 });
    expect(countsOf(plan.body, "opportunity")).toEqual({ "2026-03": 6, "2026-04": 6, "2026-05": 12 });
    expect(countsOf(plan.body, "sql")).toEqual({ "2026-03": 12, "2026-04": 12, "2026-05": 24 });
    expect(countsOf(plan.body, "lead")).toEqual({ "2026-03": 96, "2026-04": 96, "2026-05": 192 });
    expect(plan.body.stages.find((s) => s.stage === "opportunity")?.pastDueCount).toBe(12);
  });

  it("paces won revenue against the targets, projects the gap, and lists the deals it counted", async () => {
    const aprilBig = await wonDeal(1_000_000, "2026-04-10");
    const aprilSmall = await wonDeal(500_000, "2026-04-20");
    await wonDeal(2_000_000, "2026-05-01");
    await wonDeal(9_000_000, "2026-07-01");
    const pacing = await call<Pacing>(t, "marketing", "GET", `/api/v1/goals/${goal.id}/pacing`);
    expect(pacing.status).toBe(200);
    // April closed at 1.5M of 3M: pace 0.5. May keeps its 2M (above 3M × 0.5), June 6M × 0.5.
    expect(pacing.body.paceRatio).toBe(0.5);
    expect(pacing.body.revenue.map((m) => [m.month, m.status, m.actual, m.projected])).toEqual([
      ["2026-04", "closed", 1_500_000, 1_500_000],
      ["2026-05", "current", 2_000_000, 2_000_000],
      ["2026-06", "future", null, 3_000_000],
    ]);
    expect(pacing.body.actualRevenue).toBe(3_500_000);
    expect(pacing.body.projectedRevenue).toBe(6_500_000);
    expect(pacing.body.projectedGap).toBe(-5_500_000);
    const won = pacing.body.stages.find((s) => s.stage === "won");
    expect(won?.catchUp).toBe(1);
    expect(won?.neededThisMonth).toBe(4);
    // March is lead time before the goal's first month: shown, never judged short, not in the catch-up.
    expect(pacing.body.firstDataMonth).not.toBeNull();
    const opportunity = pacing.body.stages.find((s) => s.stage === "opportunity")!;
    expect(opportunity.cells.map((c) => [c.month, c.judged])).toEqual([
      ["2026-03", false],
      ["2026-04", true],
      ["2026-05", false],
      ["2026-06", false],
    ]);
    expect(opportunity.catchUp).toBe(6 - (opportunity.cells[1]!.actual ?? 0));

    const records = await call<{
      total: number;
      items: { id: string; amount: number; kind: string }[];
      nextCursor: string | null;
    }>(t, "marketing", "GET", `/api/v1/goals/${goal.id}/records?stage=won&month=2026-04&limit=1`);
    expect(records.status).toBe(200);
    expect(records.body.total).toBe(2);
    // Newest first, as listAnalyticsRecords lists them.
    expect(records.body.items).toMatchObject([{ id: aprilSmall, amount: 500_000, kind: "opportunity" }]);
    const next = await call<{ items: { id: string }[]; nextCursor: string | null }>(
      t,
      "marketing",
      "GET",
      `/api/v1/goals/${goal.id}/records?stage=won&month=2026-04&limit=1&cursor=${records.body.nextCursor}`,
    );
    expect(next.body.items.map((i) => i.id)).toEqual([aprilBig]);
    expect(next.body.nextCursor).toBeNull();
  });

  it("the goal page gets goal, plan and pacing in one response that reads the history once", async () => {
    const history = vi.mocked(loadHistoricalAssumptions);
    history.mockClear();
    const view = await call<{ goal: Goal; plan: Plan; pacing: Pacing }>(
      t,
      "marketing",
      "GET",
      `/api/v1/goals/${goal.id}/view`,
    );
    expect(view.status).toBe(200);
    expect(history).toHaveBeenCalledTimes(1);
    // The same as the three operations it stands for (each of which reads the history itself).
    const [one, plan, pacing] = await Promise.all(
      ["", "/plan", "/pacing"].map((path) => call(t, "marketing", "GET", `/api/v1/goals/${goal.id}${path}`)),
    );
    expect(history).toHaveBeenCalledTimes(4);
    expect(view.body).toEqual({ goal: one!.body, plan: plan!.body, pacing: pacing!.body });

    const missing = await call<Goal>(t, "manager", "POST", "/api/v1/goals", {
      name: "前提なしの画面",
      periodKind: "month",
      fiscalYear: 2026,
      month: "2026-06",
      totalTarget: 1_000_000,
      ownerId: t.users.customer_success.id,
    });
    const failed = await call<ErrorBody>(t, "marketing", "GET", `/api/v1/goals/${missing.body.id}/view`);
    expect(failed.status).toBe(422);
    expect(failed.body.error.code).toBe("goal_assumption_missing");
  });

  it("counts only the deals of people the goal's owner owns when it has an owner", async () => {
    const company = await makeCompany(t);
    const person = await makePerson(t, "marketing", { companyId: company.id, ownerId: t.users.manager.id });
    await wonDeal(700_000, "2026-04-15", { id: person.id, companyId: company.id });
    const scoped = await call<Goal>(t, "manager", "POST", "/api/v1/goals", {
      name: "マネージャー個人",
      periodKind: "quarter",
      fiscalYear: 2026,
      quarter: 1,
      totalTarget: 3_000_000,
      ownerId: t.users.manager.id,
      assumptions: {
        averageDealSize: 1_000_000,
        conversionRates: halfRates,
        lagBusinessDays: noLags,
      },
    });
    const pacing = await call<Pacing>(t, "manager", "GET", `/api/v1/goals/${scoped.body.id}/pacing`);
    expect(pacing.body.revenue[0]?.actual).toBe(700_000);
    expect(pacing.body.actualRevenue).toBe(700_000);
  });

  it("updates targets and assumptions with the version read; a stale version is a conflict", async () => {
    const r = await call<Goal>(t, "manager", "PATCH", `/api/v1/goals/${goal.id}`, {
      monthlyTargets: [
        { month: "2026-04", revenue: 3_000_000 },
        { month: "2026-05", revenue: 3_000_000 },
        { month: "2026-06", revenue: 9_000_000 },
      ],
      assumptions: {
        averageDealSize: 1_500_000,
        conversionRates: halfRates,
        lagBusinessDays: noLags,
      },
      version: goal.version,
    });
    expect(r.status).toBe(200);
    expect(r.body.version).toBe(goal.version + 1);
    expect(r.body.totalTarget).toBe(15_000_000);
    expect(r.body.assumptions.averageDealSize).toMatchObject({ override: 1_500_000, source: "override" });
    const plan = await call<Plan>(t, "manager", "GET", `/api/v1/goals/${goal.id}/plan`);
    // 2, 2, 6 deals of 1.5M; opportunity lag back to 0.
    expect(countsOf(plan.body, "won")).toEqual({ "2026-04": 2, "2026-05": 2, "2026-06": 6 });
    expect(countsOf(plan.body, "opportunity")).toEqual({ "2026-04": 4, "2026-05": 4, "2026-06": 12 });
    const stale = await call<ErrorBody>(t, "manager", "PATCH", `/api/v1/goals/${goal.id}`, {
      name: "古い版",
      version: goal.version,
    });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe("version_conflict");
    goal = r.body;
  });

  it("sales posts 今の数字・必要な動き・いつまでに beside a month; only the author (or a manager) edits it", async () => {
    const posted = await call<{ id: string; version: number; author: { id: string } }>(
      t,
      "field_sales",
      "POST",
      `/api/v1/goals/${goal.id}/comments`,
      {
        month: "2026-05",
        currentNumbers: "受注2件 200万円、提案中3件",
        nextActions: "A社・B社の稟議を今月中に通す",
        dueOn: "2026-05-29",
      },
    );
    expect(posted.status).toBe(201);
    expect(posted.body.author.id).toBe(t.users.field_sales.id);
    expect(
      (
        await call(t, "marketing", "POST", `/api/v1/goals/${goal.id}/comments`, {
          month: "2026-05",
          currentNumbers: "x",
          nextActions: "y",
        })
      ).status,
    ).toBe(403);
    const outside = await call<ErrorBody>(t, "field_sales", "POST", `/api/v1/goals/${goal.id}/comments`, {
      month: "2026-09",
      currentNumbers: "x",
      nextActions: "y",
    });
    expect(outside.status).toBe(400);
    const url = `/api/v1/goals/${goal.id}/comments/${posted.body.id}`;
    expect((await call(t, "inside_sales", "PATCH", url, { nextActions: "z", version: 1 })).status).toBe(403);
    const edited = await call<{ version: number; nextActions: string }>(t, "manager", "PATCH", url, {
      nextActions: "A社は来月に延期、C社を前倒し",
      version: 1,
    });
    expect(edited.status).toBe(200);
    expect(edited.body.version).toBe(2);
    expect((await call(t, "field_sales", "PATCH", url, { nextActions: "古い", version: 1 })).status).toBe(
      409,
    );
    const pacing = await call<Pacing>(t, "marketing", "GET", `/api/v1/goals/${goal.id}/pacing`);
    expect(pacing.body.comments).toMatchObject([
      { id: posted.body.id, month: "2026-05", nextActions: "A社は来月に延期、C社を前倒し", version: 2 },
    ]);
  });

  it("every goal write is in the audit log with who did it", async () => {
    const rows = (await t.testDatabase.database.db.execute(
      "select action, actor_user_id from audit_log where entity_type in ('goal', 'goal_comment') order by id" as never,
    )) as unknown as { rows: { action: string; actor_user_id: string }[] };
    const actions = rows.rows.map((r) => r.action);
    expect(actions).toContain("goal.create");
    expect(actions).toContain("goal.update");
    expect(actions).toContain("goal_comment.create");
    expect(actions).toContain("goal_comment.update");
    expect(rows.rows.find((r) => r.action === "goal_comment.create")?.actor_user_id).toBe(
      t.users.field_sales.id,
    );
  });
});

describe("goals on analytics' numbers", () => {
  let teamId: string;
  const people: { id: string; companyId: string }[] = [];

  beforeAll(async () => {
    const teams = await call<{ items: { id: string; key: string }[] }>(t, "admin", "GET", "/api/v1/teams");
    teamId = teams.body.items.find((x) => x.key === "field_sales")?.id ?? "";
    // Four people enter the field-sales team on 2026-01-15 (Thu); two reach MQL the same day and
    // one of them SAL on 2026-02-16 (Mon): 21 business days later (2/11 建国記念の日 is off).
    t.clock.set(new Date("2026-01-15T01:00:00Z"));
    for (let i = 0; i < 4; i += 1) {
      const company = await makeCompany(t);
      const person = await makePerson(t, "marketing", { companyId: company.id, teamId });
      people.push({ id: person.id, companyId: company.id });
    }
    await moveTo(t, people[0]!.id, ["mql"]);
    await moveTo(t, people[1]!.id, ["mql"]);
    t.clock.set(new Date("2026-02-16T01:00:00Z"));
    await moveTo(t, people[0]!.id, ["sal"]);
    await wonDeal(3_000_000, "2026-02-20", people[2]!);
    await wonDeal(1_000_000, "2026-03-10", people[3]!);
    t.clock.set(new Date("2026-05-15T03:00:00Z"));
  });

  it("shows each assumption's historical value from the funnel, velocity and won deals, and uses it", async () => {
    const created = await call<Goal & { assumptions: Record<string, unknown> }>(
      t,
      "manager",
      "POST",
      "/api/v1/goals",
      {
        name: "FS チーム 2026年度",
        periodKind: "fiscal_year",
        fiscalYear: 2026,
        totalTarget: 24_000_000,
        teamId,
      },
    );
    expect(created.status).toBe(201);
    const a = created.body.assumptions as unknown as {
      averageDealSize: { historical: number; sampleSize: number; effective: number; source: string };
      conversionRates: Record<string, { historical: number | null; sampleSize: number; source: string }>;
      lagBusinessDays: Record<string, { historical: number | null; sampleSize: number }>;
      historicalWindow: { from: string; to: string; conversion: string };
    };
    expect(a.historicalWindow).toMatchObject({
      from: "2025-05-01",
      to: "2026-04-30",
      conversion: "getFunnel:cohort",
    });
    // Won deals of the team's people in the window: (3,000,000 + 1,000,000) ÷ 2.
    expect(a.averageDealSize).toMatchObject({
      historical: 2_000_000,
      sampleSize: 2,
      effective: 2_000_000,
      source: "historical",
    });
    // Of the four leads two reached MQL; of those two, one reached SAL.
    expect(a.conversionRates.lead).toMatchObject({ historical: 0.5, sampleSize: 4, source: "historical" });
    expect(a.conversionRates.mql).toMatchObject({ historical: 0.5, sampleSize: 2 });
    expect(a.conversionRates.opportunity).toMatchObject({ historical: null, source: "missing" });
    expect(a.lagBusinessDays.lead).toMatchObject({ historical: 0, sampleSize: 2 });
    expect(a.lagBusinessDays.mql).toMatchObject({ historical: 21, sampleSize: 1 });
    // The one SAL never became SQL (rate 0), and nobody reached SQL: the plan names what to fill in.
    expect(a.conversionRates.sal).toMatchObject({ historical: 0, sampleSize: 1 });
    const plan = await call<ErrorBody>(
      t,
      "manager",
      "GET",
      `/api/v1/goals/${created.body.id}/plan`,
      undefined,
      {
        "accept-language": "en",
      },
    );
    expect(plan.status).toBe(422);
    expect(plan.body.error.message).toContain("conversion rate SQL → opportunity");
  });

  it("counts people's first arrivals per month in the goal's team and lists exactly them", async () => {
    const goal = await call<Goal>(t, "manager", "POST", "/api/v1/goals", {
      name: "FS チーム Q4",
      periodKind: "quarter",
      fiscalYear: 2025,
      quarter: 4,
      totalTarget: 3_000_000,
      teamId,
      assumptions: { averageDealSize: 1_000_000, conversionRates: halfRates, lagBusinessDays: noLags },
    });
    const pacing = await call<Pacing>(t, "marketing", "GET", `/api/v1/goals/${goal.body.id}/pacing`);
    expect(pacing.status).toBe(200);
    const cellsOf = (stage: string) =>
      Object.fromEntries(
        (pacing.body.stages.find((s) => s.stage === stage)?.cells ?? []).map((c) => [c.month, c.actual]),
      );
    expect(cellsOf("lead")).toMatchObject({ "2026-01": 4, "2026-02": 0, "2026-03": 0 });
    expect(cellsOf("mql")).toMatchObject({ "2026-01": 2, "2026-02": 0 });
    expect(cellsOf("sal")).toMatchObject({ "2026-01": 0, "2026-02": 1 });
    expect(cellsOf("won")).toMatchObject({ "2026-01": 0, "2026-02": 1, "2026-03": 1 });
    expect(pacing.body.revenue.map((r) => r.actual)).toEqual([0, 3_000_000, 1_000_000]);
    // The same numbers as the wonAmount KPI of the analytics dashboard for the same filter.
    const kpis = await call<{
      months: { month: string; kpis: { kpi: string; value: number; numerator: number }[] }[];
    }>(
      t,
      "marketing",
      "GET",
      `/api/v1/analytics/marketing-kpis?from=2026-01-01&to=2026-03-31&teamId=${teamId}`,
    );
    expect(
      kpis.body.months
        .map((m) => m.kpis.find((k) => k.kpi === "wonAmount"))
        .map((k) => [k?.value, k?.numerator]),
    ).toEqual([
      [0, 0],
      [3_000_000, 1],
      [1_000_000, 1],
    ]);
    const mql = await call<{ total: number; items: { id: string; kind: string }[] }>(
      t,
      "marketing",
      "GET",
      `/api/v1/goals/${goal.body.id}/records?stage=mql&month=2026-01`,
    );
    expect(mql.body.total).toBe(2);
    expect(mql.body.items.map((i) => i.id).sort()).toEqual([people[0]!.id, people[1]!.id].sort());
  });
});
