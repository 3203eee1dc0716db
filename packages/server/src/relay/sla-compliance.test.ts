import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Handoff, jst, makeHandoff, makeRelayPerson, teamIds } from "../test/relay-helpers.ts";
import { call, createTestApp, type ErrorBody, type TestApp } from "../test/test-app.ts";

let t: TestApp;
let teams: Record<string, string>;

interface Counts {
  total: number;
  decided: number;
  withinSla: number;
  breached: number;
  pendingOnTrack: number;
  pendingAtRisk: number;
  pendingOverdue: number;
  withdrawn: number;
}
interface Row {
  team: { id: string; key: string };
  assignee?: { id: string } | null;
  counts: Counts;
  complianceRate: number | null;
  medianResponseBusinessMinutes: number | null;
  filter: Record<string, string | boolean>;
}
interface Compliance {
  from: string;
  to: string;
  teams: Row[];
  assignees: Row[];
}

/** The listHandoffs filter behind each count, as documented on the response schema. */
const COUNT_FILTERS: Record<keyof Counts, string> = {
  total: "",
  decided: "state=accepted,rejected",
  withinSla: "slaOutcome=met",
  breached: "slaOutcome=breached",
  pendingOnTrack: "slaOutcome=pending&slaStatus=on_track",
  pendingAtRisk: "slaOutcome=pending&slaStatus=at_risk",
  pendingOverdue: "state=pending,expired_escalated&slaOutcome=breached",
  withdrawn: "state=withdrawn",
};

const reasonId = async (key: string) =>
  (
    await call<{ items: { id: string; key: string }[] }>(t, "admin", "GET", "/api/v1/rejection-reasons")
  ).body.items.find((r) => r.key === key)!.id;

async function handoffAt(at: string, extra: Record<string, unknown> = {}) {
  t.clock.set(jst(at));
  const person = await makeRelayPerson(t);
  return makeHandoff(t, person.id, extra);
}
async function decide(
  h: Handoff,
  at: string,
  how: "accept" | "reject",
  role: "inside_sales" | "field_sales" = "inside_sales",
) {
  t.clock.set(jst(at));
  const body =
    how === "accept"
      ? { version: h.version }
      : { version: h.version, reasonId: await reasonId("no_budget"), comment: "予算未確保" };
  const r = await call<Handoff>(t, role, "POST", `/api/v1/handoffs/${h.id}/${how}`, body);
  if (r.status !== 200) throw new Error(JSON.stringify(r.body));
  return r.body;
}

let ids: Record<string, string> = {};

beforeAll(async () => {
  t = await createTestApp({ env: { SESSION_TTL_HOURS: "720" } });
  teams = await teamIds(t);
  const is = t.users.inside_sales.id;
  // Marketing → IS: 240 business minutes. Created Monday 06-01 10:00 JST → due 14:00, at risk from 13:00.
  const a = await handoffAt("2026-06-01T10:00", { assigneeId: is });
  const b = await handoffAt("2026-06-01T10:00", { assigneeId: is });
  const c = await handoffAt("2026-06-01T10:00");
  const f = await handoffAt("2026-06-01T10:00");
  t.clock.set(jst("2026-06-01T10:30"));
  const fPerson = (await call<{ version: number }>(t, "admin", "GET", `/api/v1/people/${f.person.id}`)).body;
  await call(t, "admin", "POST", `/api/v1/people/${f.person.id}/stage`, {
    to: "recycled",
    reason: "重複登録に気づいたため取り下げ",
    version: fPerson.version,
  });
  await decide(a, "2026-06-01T11:00", "accept"); // met, 60 business minutes
  await decide(b, "2026-06-01T15:00", "reject"); // late: breached, 300 business minutes
  await t.app.jobs.runDueJobs(jst("2026-06-02T09:00")); // c: still waiting past due → breached
  // IS → FS: 480 business minutes; accepted after 120.
  t.clock.set(jst("2026-06-02T09:30"));
  const sqlPerson = await makeRelayPerson(t, ["mql", "sal", "sql"]);
  t.clock.set(jst("2026-06-02T10:00"));
  const h = await makeHandoff(t, sqlPerson.id, { toTeamId: teams.field_sales }, "inside_sales");
  await decide(h, "2026-06-02T12:00", "accept", "field_sales");
  // The previous month does not count.
  const g = await handoffAt("2026-05-29T10:00", { assigneeId: is });
  await decide(g, "2026-05-29T10:30", "accept");
  // Two still waiting at the end of the month: one in its last quarter, one on track.
  const d = await handoffAt("2026-06-30T10:00");
  const e = await handoffAt("2026-06-30T13:00", { assigneeId: is });
  t.clock.set(jst("2026-06-30T13:30"));
  await t.app.jobs.runDueJobs(jst("2026-06-30T13:30"));
  ids = { a: a.id, b: b.id, c: c.id, d: d.id, e: e.id, f: f.id, g: g.id, h: h.id };
}, 120_000);
afterAll(async () => t?.close());

const JUNE = "?from=2026-06-01&to=2026-06-30";

async function compliance(query = "") {
  const r = await call<Compliance>(t, "manager", "GET", `/api/v1/sla-compliance${query}`);
  expect(r.status).toBe(200);
  return r.body;
}

async function listIds(filter: Record<string, string | boolean>, extra: string) {
  const params = new URLSearchParams(
    Object.entries(filter).map(([k, v]) => [k, String(v)] as [string, string]),
  );
  const r = await call<{ items: Handoff[]; nextCursor: string | null }>(
    t,
    "manager",
    "GET",
    `/api/v1/handoffs?${params}&${extra}&limit=200`,
  );
  expect(r.status).toBe(200);
  return r.body.items.map((h) => h.id).sort();
}

describe("getSlaCompliance", () => {
  it("opens on the dashboard's default period: this month and the twelve before it, up to today", async () => {
    const body = await compliance();
    expect(body).toMatchObject({ from: "2025-06-01", to: "2026-06-30" });
    const analytics = await call<{ filter: { from: string; to: string } }>(
      t,
      "manager",
      "GET",
      "/api/v1/analytics/marketing-kpis",
    );
    expect(analytics.body.filter).toMatchObject({ from: body.from, to: body.to });
    // May's handoff (g) is in the default period.
    expect(body.teams.find((r) => r.team.key === "inside_sales")!.counts.total).toBe(7);
  });

  it("counts a month per team against hand-computed numbers", async () => {
    const body = await compliance(JUNE);
    expect(body).toMatchObject({ from: "2026-06-01", to: "2026-06-30" });
    const byKey = Object.fromEntries(body.teams.map((r) => [r.team.key, r]));
    expect(Object.keys(byKey).sort()).toEqual(["customer_success", "field_sales", "inside_sales"]);
    expect(byKey.inside_sales).toMatchObject({
      counts: {
        total: 6,
        decided: 2,
        withinSla: 1,
        breached: 2,
        pendingOnTrack: 1,
        pendingAtRisk: 1,
        pendingOverdue: 1, // c
        withdrawn: 1,
      },
      medianResponseBusinessMinutes: 180,
    });
    expect(byKey.inside_sales!.complianceRate).toBeCloseTo(1 / 3, 10);
    expect(byKey.field_sales).toMatchObject({
      counts: { total: 1, decided: 1, withinSla: 1, breached: 0 },
      complianceRate: 1,
      medianResponseBusinessMinutes: 120,
    });
    // Nothing to count: no rate and no median, never a division by zero.
    expect(byKey.customer_success).toMatchObject({
      counts: { total: 0, decided: 0, withinSla: 0, breached: 0 },
      complianceRate: null,
      medianResponseBusinessMinutes: null,
    });
  });

  it("per assignee, with the team queue as its own row", async () => {
    const body = await compliance(`${JUNE}&teamId=${teams.inside_sales}`);
    expect(body.teams.map((r) => r.team.key)).toEqual(["inside_sales"]);
    const mine = body.assignees.find((r) => r.assignee?.id === t.users.inside_sales.id)!;
    expect(mine).toMatchObject({
      counts: { total: 3, decided: 2, withinSla: 1, breached: 1, pendingOnTrack: 1, pendingAtRisk: 0 },
      complianceRate: 0.5,
      medianResponseBusinessMinutes: 180,
      filter: {
        from: "2026-06-01",
        to: "2026-06-30",
        teamId: teams.inside_sales,
        assigneeId: t.users.inside_sales.id,
      },
    });
    const queue = body.assignees.find((r) => r.assignee === null)!;
    expect(queue).toMatchObject({
      counts: { total: 3, decided: 0, withinSla: 0, breached: 1, pendingAtRisk: 1, withdrawn: 1 },
      complianceRate: 0,
      medianResponseBusinessMinutes: null,
      filter: { unassigned: true },
    });
    const only = await compliance(`${JUNE}&assigneeId=${t.users.inside_sales.id}`);
    expect(only.assignees).toHaveLength(1);
    expect(only.teams.find((r) => r.team.key === "inside_sales")!.counts.total).toBe(3);
  });

  it("received = decided + withdrawn + waiting in time + waiting overdue, on every row and period", async () => {
    for (const period of [JUNE, "", "?from=2026-05-01&to=2026-05-31"]) {
      const body = await compliance(period);
      for (const row of [...body.teams, ...body.assignees]) {
        const c = row.counts;
        expect(
          c.decided + c.withdrawn + c.pendingOnTrack + c.pendingAtRisk + c.pendingOverdue,
          JSON.stringify(c),
        ).toBe(c.total);
        // The SLA view: every waiting-overdue handoff is also breached.
        expect(c.breached).toBeGreaterThanOrEqual(c.pendingOverdue);
      }
    }
  });

  it("every number opens as exactly the handoffs it counted (listHandoffs with the row's filter)", async () => {
    const body = await compliance(JUNE);
    const expected: Record<string, string[]> = {
      "inside_sales:withinSla": [ids.a!],
      "inside_sales:breached": [ids.b!, ids.c!],
      "inside_sales:pendingAtRisk": [ids.d!],
      "inside_sales:pendingOnTrack": [ids.e!],
      "inside_sales:pendingOverdue": [ids.c!],
      "inside_sales:withdrawn": [ids.f!],
      "field_sales:withinSla": [ids.h!],
    };
    for (const row of [...body.teams, ...body.assignees]) {
      for (const [count, extra] of Object.entries(COUNT_FILTERS) as [keyof Counts, string][]) {
        const listed = await listIds(row.filter, extra);
        expect(listed.length, `${row.team.key}/${row.assignee?.id ?? "team"}/${count}`).toBe(
          row.counts[count],
        );
        const known = expected[`${row.team.key}:${count}`];
        if (known && row.assignee === undefined) expect(listed).toEqual([...known].sort());
      }
    }
    expect(await listIds({ from: "2026-06-01", to: "2026-06-30" }, "")).not.toContain(ids.g);
  });

  it("another period, and bad periods", async () => {
    const may = await compliance("?from=2026-05-01&to=2026-05-31");
    expect(may.teams.find((r) => r.team.key === "inside_sales")).toMatchObject({
      counts: { total: 1, withinSla: 1 },
      complianceRate: 1,
      medianResponseBusinessMinutes: 30,
    });
    const backwards = await call<ErrorBody>(
      t,
      "manager",
      "GET",
      "/api/v1/sla-compliance?from=2026-06-30&to=2026-06-01",
    );
    expect(backwards.status).toBe(400);
    expect(backwards.body.error.details?.[0]?.path).toBe("to");
    expect((await call(t, "manager", "GET", "/api/v1/sla-compliance?from=2026-13-01")).status).toBe(400);
    expect((await call(t, null, "GET", "/api/v1/sla-compliance")).status).toBe(401);
  });
});
