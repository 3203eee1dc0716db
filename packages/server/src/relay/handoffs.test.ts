import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type Handoff, jst, makeHandoff, makeRelayPerson, makeUser, teamIds } from "../test/relay-helpers.ts";
import { call, createTestApp, type ErrorBody, type TestApp } from "../test/test-app.ts";

let t: TestApp;
let teams: Record<string, string>;
beforeAll(async () => {
  t = await createTestApp({ env: { SESSION_TTL_HOURS: "720" } });
  teams = await teamIds(t);
}, 60_000);
afterAll(async () => t?.close());
beforeEach(() => t.clock.set(jst("2026-06-05T17:30")));

interface Notification {
  id: string;
  type: string;
  handoffId: string | null;
  message: string;
  read: boolean;
}
interface Person {
  stage: string;
  team: { key: string } | null;
  owner: { id: string } | null;
}

const reasons = async () =>
  (
    await call<{
      items: { id: string; key: string; labelJa: string; labelEn: string; disqualifies: boolean }[];
    }>(t, "inside_sales", "GET", "/api/v1/rejection-reasons")
  ).body.items;

async function notificationsOf(role: Parameters<typeof call>[1], handoffId: string) {
  const r = await call<{ items: Notification[] }>(t, role, "GET", "/api/v1/notifications?limit=200");
  return r.body.items.filter((n) => n.handoffId === handoffId);
}

describe("handoffs: creation and SLA in business time", () => {
  it("Friday 17:30 with a 4-hour SLA is due Monday 12:30, with the baton note and the policy's minutes", async () => {
    const person = await makeRelayPerson(t);
    const activity = await call<{ id: string }>(t, "marketing", "POST", "/api/v1/activities", {
      personId: person.id,
      type: "document_request",
      subject: "導入事例集",
    });
    const r = await call<Handoff>(t, "marketing", "POST", "/api/v1/handoffs", {
      personId: person.id,
      toTeamId: teams.inside_sales,
      whyNow: "料金ページを3回閲覧、導入事例集を請求",
      engagedActivityIds: [activity.body.id],
      temperature: "hot",
      note: "来期予算の検討中とのこと",
    });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({
      state: "pending",
      person: { id: person.id, stage: "mql" },
      fromTeam: { key: "marketing" },
      toTeam: { key: "inside_sales" },
      createdBy: { id: t.users.marketing.id },
      assignee: null,
      batonNote: {
        whyNow: "料金ページを3回閲覧、導入事例集を請求",
        engagedActivities: [{ id: activity.body.id, type: "document_request" }],
        temperature: "hot",
        note: "来期予算の検討中とのこと",
      },
      slaBusinessMinutes: 240,
      slaGoal: "first_action",
      createdAt: jst("2026-06-05T17:30").toISOString(),
      dueAt: jst("2026-06-08T12:30").toISOString(),
      atRiskAt: jst("2026-06-08T11:30").toISOString(),
      slaStatus: "on_track",
      businessMinutesLeft: 240,
      version: 1,
    });
    const inbox = await notificationsOf("inside_sales", r.body.id);
    expect(inbox).toEqual([
      expect.objectContaining({
        type: "handoff.created",
        read: false,
        message: expect.stringContaining("山田"),
      }),
    ]);
  });

  it("is due Tuesday when Monday is a holiday (海の日)", async () => {
    t.clock.set(jst("2026-07-17T17:30"));
    const handoff = await makeHandoff(t, (await makeRelayPerson(t)).id);
    expect(handoff.dueAt).toBe(jst("2026-07-21T12:30").toISOString());
  });

  it("Monday 2026-12-28 17:00 + 8 business hours (IS → FS) is due 2027-01-04 16:00 across 年末年始", async () => {
    t.clock.set(jst("2026-12-28T17:00"));
    const person = await makeRelayPerson(t, ["mql", "sal"]);
    const handoff = await makeHandoff(t, person.id, { toTeamId: teams.field_sales }, "inside_sales");
    expect(handoff).toMatchObject({ slaBusinessMinutes: 480, dueAt: jst("2027-01-04T16:00").toISOString() });
  });

  it("SLA status follows the server clock: on track, at risk in the last 25 %, then breached", async () => {
    const handoff = await makeHandoff(t, (await makeRelayPerson(t)).id);
    const statusAt = async (local: string) => {
      t.clock.set(jst(local));
      return (await call<Handoff>(t, "inside_sales", "GET", `/api/v1/handoffs/${handoff.id}`)).body;
    };
    expect(await statusAt("2026-06-08T11:29")).toMatchObject({
      slaStatus: "on_track",
      businessMinutesLeft: 61,
    });
    expect(await statusAt("2026-06-08T11:30")).toMatchObject({
      slaStatus: "at_risk",
      businessMinutesLeft: 60,
    });
    expect(await statusAt("2026-06-08T12:30")).toMatchObject({
      slaStatus: "breached",
      businessMinutesLeft: 0,
    });
    expect(await statusAt("2026-06-09T09:30")).toMatchObject({
      slaStatus: "breached",
      businessMinutesLeft: -360,
    });

    t.clock.set(jst("2026-06-08T11:45"));
    const atRisk = await call<{ items: Handoff[] }>(
      t,
      "inside_sales",
      "GET",
      `/api/v1/handoffs?teamId=${teams.inside_sales}&slaStatus=at_risk&state=pending&limit=200`,
    );
    expect(atRisk.body.items.map((h) => h.id)).toContain(handoff.id);
    const onTrack = await call<{ items: Handoff[] }>(
      t,
      "inside_sales",
      "GET",
      "/api/v1/handoffs?slaStatus=on_track&limit=200",
    );
    expect(onTrack.body.items.map((h) => h.id)).not.toContain(handoff.id);
  });

  it("one pending handoff per person; unknown edges, teams and foreign activities are refused", async () => {
    const person = await makeRelayPerson(t);
    await makeHandoff(t, person.id);
    const again = await call<ErrorBody>(t, "marketing", "POST", "/api/v1/handoffs", {
      personId: person.id,
      toTeamId: teams.inside_sales,
      whyNow: "再送",
    });
    expect(again.status).toBe(409);
    expect(again.body.error).toMatchObject({
      code: "handoff_pending_exists",
      message: expect.stringContaining("未対応の引き渡し"),
    });

    const other = await makeRelayPerson(t);
    const noPolicy = await call<ErrorBody>(
      t,
      "marketing",
      "POST",
      "/api/v1/handoffs",
      { personId: other.id, toTeamId: teams.customer_success, whyNow: "x" },
      { "accept-language": "en" },
    );
    expect(noPolicy.status).toBe(422);
    expect(noPolicy.body.error).toMatchObject({
      code: "no_sla_policy",
      message: "There is no SLA for handoffs from Marketing to Customer Success. Add one in the settings.",
    });

    const foreign = await call<{ id: string }>(t, "marketing", "POST", "/api/v1/activities", {
      personId: person.id,
      type: "webinar",
    });
    const wrongActivity = await call<ErrorBody>(t, "marketing", "POST", "/api/v1/handoffs", {
      personId: other.id,
      toTeamId: teams.inside_sales,
      whyNow: "x",
      engagedActivityIds: [foreign.body.id],
    });
    expect(wrongActivity.status).toBe(400);
    expect(wrongActivity.body.error.details?.[0]?.path).toBe("engagedActivityIds");

    const noWhy = await call<ErrorBody>(t, "marketing", "POST", "/api/v1/handoffs", {
      personId: other.id,
      toTeamId: teams.inside_sales,
    });
    expect(noWhy.status).toBe(400);
    expect(noWhy.body.error.details?.map((d) => d.path)).toEqual(["whyNow"]);

    const notMyTeam = await call<ErrorBody>(t, "field_sales", "POST", "/api/v1/handoffs", {
      personId: other.id,
      fromTeamId: teams.marketing,
      toTeamId: teams.inside_sales,
      whyNow: "x",
    });
    expect(notMyTeam.status).toBe(403);
    expect((await call(t, null, "GET", "/api/v1/handoffs")).status).toBe(401);
  });
});

describe("handoffs: accept and reject", () => {
  it("accepting an MQL makes it SAL, gives the person to inside sales and tells the sender", async () => {
    const person = await makeRelayPerson(t);
    const handoff = await makeHandoff(t, person.id);
    t.clock.set(jst("2026-06-08T10:00"));
    const r = await call<Handoff>(t, "inside_sales", "POST", `/api/v1/handoffs/${handoff.id}/accept`, {
      version: handoff.version,
    });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      state: "accepted",
      person: { stage: "sal" },
      assignee: { id: t.users.inside_sales.id },
      decidedBy: { id: t.users.inside_sales.id },
      decidedAt: jst("2026-06-08T10:00").toISOString(),
      slaStatus: "on_track",
      businessMinutesLeft: null,
      version: 2,
    });
    const now = await call<Person>(t, "marketing", "GET", `/api/v1/people/${person.id}`);
    expect(now.body).toMatchObject({
      stage: "sal",
      team: { key: "inside_sales" },
      owner: { id: t.users.inside_sales.id },
    });
    const timeline = await call<{ items: { stageChange: { to: string; reason: string } | null }[] }>(
      t,
      "marketing",
      "GET",
      `/api/v1/people/${person.id}/timeline?limit=1`,
    );
    expect(timeline.body.items[0]?.stageChange).toMatchObject({
      to: "sal",
      reason: expect.stringContaining("承認"),
    });
    expect(await notificationsOf("marketing", handoff.id)).toEqual([
      expect.objectContaining({ type: "handoff.accepted" }),
    ]);
  });

  it("rejecting needs a reason from the taxonomy and a comment; the person goes back to nurture", async () => {
    const person = await makeRelayPerson(t);
    const handoff = await makeHandoff(t, person.id);
    const unreachable = (await reasons()).find((r) => r.key === "unreachable")!;
    const noComment = await call<ErrorBody>(
      t,
      "inside_sales",
      "POST",
      `/api/v1/handoffs/${handoff.id}/reject`,
      {
        reasonId: unreachable.id,
        version: handoff.version,
      },
    );
    expect(noComment.status).toBe(400);
    expect(noComment.body.error.details?.map((d) => d.path)).toEqual(["comment"]);
    const badReason = await call<ErrorBody>(
      t,
      "inside_sales",
      "POST",
      `/api/v1/handoffs/${handoff.id}/reject`,
      {
        reasonId: "00000000-0000-4000-8000-000000000000",
        comment: "x",
        version: handoff.version,
      },
    );
    expect(badReason.status).toBe(400);
    expect(badReason.body.error.details?.[0]?.path).toBe("reasonId");

    const r = await call<Handoff>(t, "inside_sales", "POST", `/api/v1/handoffs/${handoff.id}/reject`, {
      reasonId: unreachable.id,
      comment: "3回架電、メールも返信なし",
      version: handoff.version,
    });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      state: "rejected",
      person: { stage: "recycled" },
      rejectionReason: { key: "unreachable", labelJa: "連絡不通" },
      rejectionComment: "3回架電、メールも返信なし",
    });
    const now = await call<Person>(t, "marketing", "GET", `/api/v1/people/${person.id}`);
    expect(now.body).toMatchObject({ stage: "recycled", team: { key: "marketing" } });
    const returned = await notificationsOf("marketing", handoff.id);
    expect(returned).toEqual([expect.objectContaining({ type: "handoff.rejected" })]);
    expect(returned[0]?.message).toContain("連絡不通");
    expect(returned[0]?.message).toContain("3回架電");
    const marketingView = await call<{ items: Handoff[] }>(
      t,
      "marketing",
      "GET",
      `/api/v1/handoffs?fromTeamId=${teams.marketing}&state=rejected&limit=200`,
    );
    expect(marketingView.body.items.map((h) => h.id)).toContain(handoff.id);
  });

  it("a disqualifying reason (対象外) disqualifies the person", async () => {
    const person = await makeRelayPerson(t);
    const handoff = await makeHandoff(t, person.id);
    const outOfScope = (await reasons()).find((r) => r.key === "out_of_scope")!;
    expect(outOfScope).toMatchObject({ labelJa: "対象外", labelEn: "Not a fit", disqualifies: true });
    const r = await call<Handoff>(t, "inside_sales", "POST", `/api/v1/handoffs/${handoff.id}/reject`, {
      reasonId: outOfScope.id,
      comment: "学生の情報収集",
      version: handoff.version,
    });
    expect(r.body.person.stage).toBe("disqualified");
  });

  it("accept and reject at the same moment: exactly one wins, the other gets 409 with a clear message", async () => {
    const unreachable = (await reasons()).find((r) => r.key === "unreachable")!;
    for (let round = 0; round < 3; round++) {
      const person = await makeRelayPerson(t);
      const handoff = await makeHandoff(t, person.id);
      const [accept, reject] = await Promise.all([
        call<Handoff & ErrorBody>(t, "inside_sales", "POST", `/api/v1/handoffs/${handoff.id}/accept`, {
          version: handoff.version,
        }),
        call<Handoff & ErrorBody>(t, "manager", "POST", `/api/v1/handoffs/${handoff.id}/reject`, {
          reasonId: unreachable.id,
          comment: "同時操作",
          version: handoff.version,
        }),
      ]);
      expect([accept.status, reject.status].sort()).toEqual([200, 409]);
      const loser = accept.status === 409 ? accept : reject;
      const winner = accept.status === 200 ? accept : reject;
      expect(loser.body.error.code).toBe("handoff_already_decided");
      expect(loser.body.error.message).toMatch(/既に(承認済み|差し戻し済み)です。他の人が先に対応しました/);
      const final = await call<Handoff>(t, "inside_sales", "GET", `/api/v1/handoffs/${handoff.id}`);
      expect(final.body.state).toBe(winner.body.state);
      expect(final.body.person.stage).toBe(winner.body.state === "accepted" ? "sal" : "recycled");
    }
  });

  it("only the receiving team, a manager or an admin decides; stale versions and unknown ids fail", async () => {
    const handoff = await makeHandoff(t, (await makeRelayPerson(t)).id);
    const fieldSales = await call<ErrorBody>(
      t,
      "field_sales",
      "POST",
      `/api/v1/handoffs/${handoff.id}/accept`,
      {
        version: 1,
      },
    );
    expect(fieldSales.status).toBe(403);
    const stale = await call<ErrorBody>(t, "inside_sales", "POST", `/api/v1/handoffs/${handoff.id}/accept`, {
      version: 7,
    });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe("version_conflict");
    const missing = await call<ErrorBody>(
      t,
      "inside_sales",
      "POST",
      "/api/v1/handoffs/00000000-0000-4000-8000-000000000000/accept",
      { version: 1 },
    );
    expect(missing.status).toBe(404);
    expect(missing.body.error.message).toContain("引き渡し");
    expect(
      (await call(t, "manager", "POST", `/api/v1/handoffs/${handoff.id}/accept`, { version: 1 })).status,
    ).toBe(200);
    const twice = await call<ErrorBody>(
      t,
      "inside_sales",
      "POST",
      `/api/v1/handoffs/${handoff.id}/accept`,
      { version: 2 },
      { "accept-language": "en" },
    );
    expect(twice.status).toBe(409);
    expect(twice.body.error.message).toBe(
      "This handoff is already accepted: someone else acted on it first. Reload to see its current state.",
    );
  });

  it("field sales accepting from inside sales makes a SAL an SQL", async () => {
    const person = await makeRelayPerson(t, ["mql", "sal"]);
    const handoff = await makeHandoff(t, person.id, { toTeamId: teams.field_sales }, "inside_sales");
    expect(handoff.slaGoal).toBe("accept");
    const r = await call<Handoff>(t, "field_sales", "POST", `/api/v1/handoffs/${handoff.id}/accept`, {
      version: 1,
    });
    expect(r.body.person.stage).toBe("sql");
  });
});

describe("handoffs: assignment and lists", () => {
  it("round robin and least loaded assign within the receiving team; a named assignee must be on it", async () => {
    const extra1 = await makeUser(t, "inside_sales", "一号");
    const extra2 = await makeUser(t, "inside_sales", "二号");
    const settings = await call<{
      items: { team: { id: string }; assignmentMode: string; version: number }[];
    }>(t, "manager", "GET", "/api/v1/relay-team-settings");
    const isSettings = settings.body.items.find((s) => s.team.id === teams.inside_sales)!;
    expect(isSettings.assignmentMode).toBe("queue");
    const set = await call<{ assignmentMode: string; version: number }>(
      t,
      "manager",
      "PUT",
      `/api/v1/relay-team-settings/${teams.inside_sales}`,
      { assignmentMode: "round_robin", version: isSettings.version },
    );
    expect(set.status).toBe(200);
    const assignees: string[] = [];
    for (let i = 0; i < 6; i++) {
      const h = await makeHandoff(t, (await makeRelayPerson(t)).id);
      assignees.push(h.assignee!.id);
    }
    const members = [t.users.inside_sales.id, extra1.id, extra2.id];
    expect(new Set(assignees.slice(0, 3))).toEqual(new Set(members));
    expect(assignees.slice(3)).toEqual(assignees.slice(0, 3));

    await call(t, "manager", "PUT", `/api/v1/relay-team-settings/${teams.inside_sales}`, {
      assignmentMode: "least_loaded",
      version: set.body.version,
    });
    const loads = async () => {
      const counts = new Map<string, number>(members.map((m) => [m, 0]));
      const page = await call<{ items: Handoff[] }>(
        t,
        "manager",
        "GET",
        `/api/v1/handoffs?teamId=${teams.inside_sales}&state=pending&limit=200`,
      );
      for (const h of page.body.items)
        if (h.assignee) counts.set(h.assignee.id, (counts.get(h.assignee.id) ?? 0) + 1);
      return counts;
    };
    const before = await loads();
    const least = [...before.entries()].sort((a, b) => a[1] - b[1])[0]![0];
    const next = await makeHandoff(t, (await makeRelayPerson(t)).id);
    expect(before.get(next.assignee!.id)).toBe(before.get(least));

    const outsider = await call<ErrorBody>(t, "marketing", "POST", "/api/v1/handoffs", {
      personId: (await makeRelayPerson(t)).id,
      toTeamId: teams.inside_sales,
      whyNow: "x",
      assigneeId: t.users.field_sales.id,
    });
    expect(outsider.status).toBe(400);
    expect(outsider.body.error.details?.[0]?.path).toBe("assigneeId");
    const named = await makeHandoff(t, (await makeRelayPerson(t)).id, { assigneeId: extra2.id });
    expect(named.assignee?.id).toBe(extra2.id);
    await call(t, "manager", "PUT", `/api/v1/relay-team-settings/${teams.inside_sales}`, {
      assignmentMode: "queue",
    });
  });

  it("lists an assignee's inbox sorted by due time with cursor paging", async () => {
    const person = await makeRelayPerson(t);
    const first = await makeHandoff(t, person.id, { assigneeId: t.users.inside_sales.id });
    t.clock.set(jst("2026-06-08T09:00"));
    const second = await makeHandoff(t, (await makeRelayPerson(t)).id, {
      assigneeId: t.users.inside_sales.id,
    });
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const url: string = `/api/v1/handoffs?assigneeId=${t.users.inside_sales.id}&state=pending&sort=dueAt&order=asc&limit=1${cursor ? `&cursor=${cursor}` : ""}`;
      const page = await call<{ items: Handoff[]; nextCursor: string | null }>(t, "inside_sales", "GET", url);
      expect(page.status).toBe(200);
      seen.push(...page.body.items.map((h) => h.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen.indexOf(first.id)).toBeLessThan(seen.indexOf(second.id));
    const bad = await call<ErrorBody>(t, "inside_sales", "GET", "/api/v1/handoffs?slaStatus=late&state=open");
    expect(bad.status).toBe(400);
    expect(bad.body.error.details?.map((d) => d.path).sort()).toEqual(["query.slaStatus.0", "query.state.0"]);
  });
});

describe("relay settings", () => {
  it("SLA policies: defaults per edge, updated with versions (all or none), not retroactive", async () => {
    const r = await call<{
      items: {
        id: string;
        fromTeam: { key: string };
        toTeam: { key: string };
        businessMinutes: number;
        version: number;
      }[];
    }>(t, "field_sales", "GET", "/api/v1/sla-policies");
    expect(r.body.items.map((p) => [p.fromTeam.key, p.toTeam.key, p.businessMinutes])).toEqual([
      ["marketing", "inside_sales", 240],
      ["inside_sales", "field_sales", 480],
      ["field_sales", "customer_success", 960],
    ]);
    const mToIs = r.body.items[0]!;
    const pending = await makeHandoff(t, (await makeRelayPerson(t)).id);
    expect(
      (
        await call(t, "marketing", "PUT", "/api/v1/sla-policies", {
          items: [{ id: mToIs.id, businessMinutes: 120, version: 1 }],
        })
      ).status,
    ).toBe(403);
    const stale = await call<ErrorBody>(t, "manager", "PUT", "/api/v1/sla-policies", {
      items: [
        { id: mToIs.id, businessMinutes: 120, version: mToIs.version },
        { id: r.body.items[1]!.id, businessMinutes: 60, version: 99 },
      ],
    });
    expect(stale.status).toBe(409);
    const unchanged = await call<{ items: { businessMinutes: number }[] }>(
      t,
      "manager",
      "GET",
      "/api/v1/sla-policies",
    );
    expect(unchanged.body.items[0]?.businessMinutes).toBe(240);
    const ok = await call<{ items: { businessMinutes: number; version: number }[] }>(
      t,
      "manager",
      "PUT",
      "/api/v1/sla-policies",
      {
        items: [{ id: mToIs.id, businessMinutes: 120, version: mToIs.version }],
      },
    );
    expect(ok.status).toBe(200);
    expect(ok.body.items.find((p) => p.businessMinutes === 120)).toBeTruthy();
    const later = await makeHandoff(t, (await makeRelayPerson(t)).id);
    expect(later).toMatchObject({ slaBusinessMinutes: 120, dueAt: jst("2026-06-08T10:30").toISOString() });
    const old = await call<Handoff>(t, "marketing", "GET", `/api/v1/handoffs/${pending.id}`);
    expect(old.body).toMatchObject({ slaBusinessMinutes: 240, dueAt: jst("2026-06-08T12:30").toISOString() });
    await call(t, "manager", "PUT", "/api/v1/sla-policies", {
      items: [{ id: mToIs.id, businessMinutes: 240, version: mToIs.version + 1 }],
    });
  });

  it("business calendar: company defaults, team overrides that SLAs then follow, and validation", async () => {
    const r = await call<{
      company: {
        workdays: number[];
        workStart: string;
        workEnd: string;
        companyHolidays: { date: string }[];
        version: number;
      };
      teams: { team: { key: string }; override: unknown; effective: { workStart: string } }[];
    }>(t, "marketing", "GET", "/api/v1/business-calendar");
    expect(r.body.company).toMatchObject({ workdays: [1, 2, 3, 4, 5], workStart: "09:00", workEnd: "18:00" });
    expect(r.body.company.companyHolidays.map((h) => h.date)).toEqual([
      "12-29",
      "12-30",
      "12-31",
      "01-01",
      "01-02",
      "01-03",
    ]);
    expect(r.body.teams.find((x) => x.team.key === "inside_sales")).toMatchObject({
      override: null,
      effective: { workStart: "09:00" },
    });

    const bad = await call<ErrorBody>(t, "manager", "PUT", "/api/v1/business-calendar", {
      workStart: "18:00",
      workEnd: "09:00",
      version: r.body.company.version,
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details?.[0]?.path).toBe("workEnd");
    const nullCompany = await call<ErrorBody>(t, "manager", "PUT", "/api/v1/business-calendar", {
      workdays: null,
      version: r.body.company.version,
    });
    expect(nullCompany.status).toBe(400);

    // Inside sales also works Saturdays 10:00–19:00.
    const team = await call<{
      teams: {
        team: { key: string };
        override: { version: number } | null;
        effective: { workdays: number[]; workStart: string };
      }[];
    }>(t, "manager", "PUT", "/api/v1/business-calendar", {
      teamId: teams.inside_sales,
      workdays: [1, 2, 3, 4, 5, 6],
      workStart: "10:00",
      workEnd: "19:00",
    });
    expect(team.status).toBe(200);
    const isCalendar = team.body.teams.find((x) => x.team.key === "inside_sales")!;
    expect(isCalendar.effective).toMatchObject({ workdays: [1, 2, 3, 4, 5, 6], workStart: "10:00" });
    t.clock.set(jst("2026-06-05T18:30"));
    const handoff = await makeHandoff(t, (await makeRelayPerson(t)).id);
    expect(handoff.dueAt).toBe(jst("2026-06-06T13:30").toISOString());
    const reset = await call(t, "manager", "PUT", "/api/v1/business-calendar", {
      teamId: teams.inside_sales,
      workdays: null,
      workStart: null,
      workEnd: null,
      version: isCalendar.override!.version,
    });
    expect(reset.status).toBe(200);
    expect(
      (await call(t, "inside_sales", "PUT", "/api/v1/business-calendar", { workStart: "08:00", version: 1 }))
        .status,
    ).toBe(403);
  });
});
