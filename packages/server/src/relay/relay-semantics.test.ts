import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type Handoff, jst, makeHandoff, makeRelayPerson, makeUser, teamIds } from "../test/relay-helpers.ts";
import { call, createTestApp, makePerson, moveTo, type TestApp } from "../test/test-app.ts";
import { setTeamManager } from "../users/users.repository.ts";

let t: TestApp;
let teams: Record<string, string>;
beforeAll(async () => {
  t = await createTestApp({ env: { SESSION_TTL_HOURS: "720" } });
  teams = await teamIds(t);
}, 60_000);
afterAll(async () => t?.close());
beforeEach(() => t.clock.set(jst("2026-06-08T10:00")));

interface Person {
  stage: string;
  version: number;
  team: { key: string } | null;
  owner: { id: string } | null;
}
interface StageChange {
  from: string | null;
  to: string;
}

const getPerson = async (id: string) => (await call<Person>(t, "admin", "GET", `/api/v1/people/${id}`)).body;
const getHandoff = async (id: string) =>
  (await call<Handoff>(t, "admin", "GET", `/api/v1/handoffs/${id}`)).body;
const stageHistory = async (id: string) =>
  (
    await call<{ items: { stageChange: StageChange | null }[] }>(
      t,
      "admin",
      "GET",
      `/api/v1/people/${id}/timeline?limit=50`,
    )
  ).body.items.flatMap((e) => (e.stageChange ? [e.stageChange] : []));
const reasonId = async (key: string) =>
  (
    await call<{ items: { id: string; key: string }[] }>(t, "admin", "GET", "/api/v1/rejection-reasons")
  ).body.items.find((r) => r.key === key)!.id;

async function changeStage(as: Parameters<typeof call>[1], personId: string, to: string) {
  const person = await getPerson(personId);
  return call<{ person: Person }>(t, as, "POST", `/api/v1/people/${personId}/stage`, {
    to,
    reason: "手動で変更",
    version: person.version,
  });
}

describe("a stage change outside the handoff resolves the open handoff", () => {
  it("MQL → SAL by hand accepts the pending handoff: decided by the mover, who now owns the person", async () => {
    const person = await makeRelayPerson(t);
    const handoff = await makeHandoff(t, person.id);
    t.clock.set(jst("2026-06-08T11:00"));
    const moved = await changeStage("inside_sales", person.id, "sal");
    expect(moved.status).toBe(200);
    const after = await getHandoff(handoff.id);
    expect(after).toMatchObject({
      state: "accepted",
      decidedBy: { id: t.users.inside_sales.id },
      assignee: { id: t.users.inside_sales.id },
      decidedAt: jst("2026-06-08T11:00").toISOString(),
      slaStatus: "on_track",
    });
    expect(await getPerson(person.id)).toMatchObject({
      stage: "sal",
      team: { key: "inside_sales" },
      owner: { id: t.users.inside_sales.id },
    });
    // The sender hears it was accepted, as with acceptHandoff.
    const inbox = await call<{ items: { type: string; handoffId: string }[] }>(
      t,
      "marketing",
      "GET",
      "/api/v1/notifications?limit=200",
    );
    expect(inbox.body.items.filter((n) => n.handoffId === handoff.id).map((n) => n.type)).toContain(
      "handoff.accepted",
    );
    // Nothing dangles: the person can be handed on again.
    expect(
      (await call(t, "admin", "GET", `/api/v1/handoffs?personId=${person.id}&state=pending`)).body,
    ).toMatchObject({
      items: [],
    });
  });

  it("recycling or disqualifying by hand withdraws it; it leaves the inbox and the person can be handed again", async () => {
    const person = await makeRelayPerson(t);
    const handoff = await makeHandoff(t, person.id);
    expect((await changeStage("admin", person.id, "recycled")).status).toBe(200);
    expect(await getHandoff(handoff.id)).toMatchObject({
      state: "withdrawn",
      decidedBy: { id: t.users.admin.id },
    });
    const inbox = await call<{ items: Handoff[] }>(
      t,
      "inside_sales",
      "GET",
      `/api/v1/handoffs?teamId=${teams.inside_sales}&state=pending,expired_escalated&limit=200`,
    );
    expect(inbox.body.items.map((h) => h.id)).not.toContain(handoff.id);
    await moveTo(t, person.id, ["mql"]);
    const again = await makeHandoff(t, person.id);
    expect(again.state).toBe("pending");
  });

  it("a breached handoff still waiting is resolved too, and counts as one open baton", async () => {
    const person = await makeRelayPerson(t);
    const handoff = await makeHandoff(t, person.id);
    t.clock.set(jst("2026-06-09T12:00"));
    await t.app.jobs.runDueJobs(jst("2026-06-09T12:00"));
    expect((await getHandoff(handoff.id)).state).toBe("expired_escalated");
    const second = await call(t, "marketing", "POST", "/api/v1/handoffs", {
      personId: person.id,
      toTeamId: teams.inside_sales,
      whyNow: "再送",
    });
    expect(second.status).toBe(409);
    await changeStage("inside_sales", person.id, "sal");
    expect(await getHandoff(handoff.id)).toMatchObject({ state: "accepted", breachedAt: expect.any(String) });
  });
});

describe("deciding a handoff of a person still at lead", () => {
  it("accepting walks lead → MQL → SAL: handing on was marketing's qualification", async () => {
    const person = await makePerson(t);
    const handoff = await makeHandoff(t, person.id);
    expect(handoff.person.stage).toBe("lead");
    const r = await call<Handoff>(t, "inside_sales", "POST", `/api/v1/handoffs/${handoff.id}/accept`, {
      version: handoff.version,
    });
    expect(r.status).toBe(200);
    expect(r.body.person.stage).toBe("sal");
    const history = await stageHistory(person.id);
    expect(history.map((c) => `${c.from}→${c.to}`).sort()).toEqual(["lead→mql", "mql→sal", "null→lead"]);
  });

  it("rejecting to nurture leaves them a lead (never qualified, so not recycled) with marketing; a disqualifying reason disqualifies", async () => {
    const person = await makePerson(t);
    const handoff = await makeHandoff(t, person.id);
    const r = await call<Handoff>(t, "inside_sales", "POST", `/api/v1/handoffs/${handoff.id}/reject`, {
      reasonId: await reasonId("research_only"),
      comment: "情報収集段階",
      version: handoff.version,
    });
    expect(r.status).toBe(200);
    expect(await getPerson(person.id)).toMatchObject({
      stage: "lead",
      team: { key: "marketing" },
      owner: { id: t.users.marketing.id },
    });
    const other = await makePerson(t);
    const second = await makeHandoff(t, other.id);
    await call(t, "inside_sales", "POST", `/api/v1/handoffs/${second.id}/reject`, {
      reasonId: await reasonId("out_of_scope"),
      comment: "学生",
      version: second.version,
    });
    expect((await getPerson(other.id)).stage).toBe("disqualified");
  });
});

describe("ownership after decisions", () => {
  it("field sales accepting from inside sales owns the SQL; rejecting sends it to marketing's nurture, held by the marketer who handed it on", async () => {
    const person = await makeRelayPerson(t);
    const first = await makeHandoff(t, person.id);
    await call(t, "inside_sales", "POST", `/api/v1/handoffs/${first.id}/accept`, { version: first.version });
    await changeStage("inside_sales", person.id, "sql");
    expect(await getPerson(person.id)).toMatchObject({ stage: "sql", team: { key: "inside_sales" } });

    const toFs = await makeHandoff(t, person.id, { toTeamId: teams.field_sales }, "inside_sales");
    await call(t, "field_sales", "POST", `/api/v1/handoffs/${toFs.id}/accept`, { version: toFs.version });
    expect(await getPerson(person.id)).toMatchObject({
      stage: "sql",
      team: { key: "field_sales" },
      owner: { id: t.users.field_sales.id },
    });

    const other = await makeRelayPerson(t);
    const h1 = await makeHandoff(t, other.id);
    await call(t, "inside_sales", "POST", `/api/v1/handoffs/${h1.id}/accept`, { version: h1.version });
    await changeStage("inside_sales", other.id, "sql");
    const h2 = await makeHandoff(t, other.id, { toTeamId: teams.field_sales }, "inside_sales");
    const rejected = await call<Handoff>(t, "field_sales", "POST", `/api/v1/handoffs/${h2.id}/reject`, {
      reasonId: await reasonId("no_budget"),
      comment: "来期予算",
      version: h2.version,
    });
    expect(rejected.status).toBe(200);
    expect(await getPerson(other.id)).toMatchObject({
      stage: "recycled",
      team: { key: "marketing" },
      owner: { id: t.users.marketing.id },
    });
    // The reason still reaches the sending team (inside sales) in its returned view.
    const returned = await call<{ items: Handoff[] }>(
      t,
      "inside_sales",
      "GET",
      `/api/v1/handoffs?fromTeamId=${teams.inside_sales}&state=rejected`,
    );
    expect(returned.body.items.map((h) => h.id)).toContain(h2.id);
  });

  it("a person nobody in marketing handed on goes back to marketing's manager", async () => {
    const manager = await makeUser(t, "marketing", "マネージャー");
    await setTeamManager(t.testDatabase.database.db, teams.marketing!, manager.id);
    const person = await makePerson(t, "inside_sales");
    await moveTo(t, person.id, ["mql", "sal", "sql"]);
    const toFs = await makeHandoff(t, person.id, { toTeamId: teams.field_sales }, "inside_sales");
    await call(t, "field_sales", "POST", `/api/v1/handoffs/${toFs.id}/reject`, {
      reasonId: await reasonId("not_decision_maker"),
      comment: "決裁者に会えず",
      version: toFs.version,
    });
    expect(await getPerson(person.id)).toMatchObject({
      stage: "recycled",
      team: { key: "marketing" },
      owner: { id: manager.id },
    });
  });

  it("closing the deal by hand accepts a pending IS → FS handoff (opportunity is past SQL)", async () => {
    const person = await makeRelayPerson(t);
    const first = await makeHandoff(t, person.id);
    await call(t, "inside_sales", "POST", `/api/v1/handoffs/${first.id}/accept`, { version: first.version });
    await changeStage("inside_sales", person.id, "sql");
    const toFs = await makeHandoff(t, person.id, { toTeamId: teams.field_sales }, "inside_sales");
    // Inside sales still owns the SQL until field sales takes it, so a manager moves it here.
    expect((await changeStage("manager", person.id, "opportunity")).status).toBe(200);
    expect(await getHandoff(toFs.id)).toMatchObject({
      state: "accepted",
      decidedBy: { id: t.users.manager.id },
    });
    // The manager is not on field sales: the handoff stays unassigned, the person goes to the team.
    expect(await getPerson(person.id)).toMatchObject({ stage: "opportunity", team: { key: "field_sales" } });
  });
});
