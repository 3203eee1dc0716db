import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { buildApp } from "../app.ts";
import { loadConfig } from "../config.ts";
import type { App } from "../http/types.ts";
import { type HttpReceiver, startHttpReceiver } from "../test/http-receiver.ts";
import { type Handoff, jst, makeHandoff, makeRelayPerson, teamIds } from "../test/relay-helpers.ts";
import { call, createTestApp, type ErrorBody, type TestApp } from "../test/test-app.ts";
import { setTeamManager } from "../users/users.repository.ts";
import { buildChannelRequest } from "./channel-requests.ts";
import { claimDueDeliveries, findDeliveryContext, listDeliveryRows } from "./deliveries.repository.ts";
import { claimJob, findJob, insertJob, updateJob } from "./jobs.repository.ts";
import {
  clampProgress,
  JOB_STALE_MS,
  registerJobHandler,
  startJob,
  toJobResponse,
  waitForJob,
} from "./jobs.service.ts";

let t: TestApp;
let receiver: HttpReceiver;
let teams: Record<string, string>;
const env = () => ({
  SESSION_TTL_HOURS: "720",
  // The receivers are on 127.0.0.1 over http; channel-targets.test.ts checks the refusals.
  TASUKI_ALLOW_PRIVATE_WEBHOOK_TARGETS: "true",
  CHATWORK_API_BASE_URL: `${receiver.url}/chatwork/v2`,
  TASUKI_PUBLIC_URL: "https://tasuki.example.jp",
});

beforeAll(async () => {
  receiver = await startHttpReceiver();
  t = await createTestApp({ env: env() });
  teams = await teamIds(t);
  await setTeamManager(t.testDatabase.database.db, teams.inside_sales!, t.users.manager.id);
}, 60_000);
afterAll(async () => {
  await t?.close();
  await receiver?.close();
});
beforeEach(() => t.clock.set(jst("2026-06-05T17:30")));

interface Notification {
  type: string;
  handoffId: string | null;
  message: string;
}
async function notificationsOf(role: Parameters<typeof call>[1], handoffId: string) {
  const r = await call<{ items: Notification[] }>(t, role, "GET", "/api/v1/notifications?limit=200");
  return r.body.items.filter((n) => n.handoffId === handoffId);
}

/** Every channel kind, each on its own path of the local receiver; returns the webhook signing secret. */
async function createChannels(prefix: string, events: string[]) {
  const made = await Promise.all([
    call<{ channel: { id: string } }>(t, "admin", "POST", "/api/v1/notification-channels", {
      kind: "slack",
      name: "#relay-alerts",
      url: `${receiver.url}/${prefix}/slack`,
      events,
    }),
    call(t, "admin", "POST", "/api/v1/notification-channels", {
      kind: "teams",
      name: "営業チーム",
      url: `${receiver.url}/${prefix}/teams`,
      events,
    }),
    call(t, "admin", "POST", "/api/v1/notification-channels", {
      kind: "chatwork",
      name: "Chatwork 営業",
      roomId: { a: "111", b: "222", c: "333" }[prefix] ?? "999",
      apiToken: "cw-token-secret",
      events,
    }),
    call<{ signingSecret: string }>(t, "admin", "POST", "/api/v1/notification-channels", {
      kind: "webhook",
      name: "社内システム",
      url: `${receiver.url}/${prefix}/webhook`,
      events,
    }),
  ]);
  for (const r of made) expect(r.status).toBe(201);
  return { signingSecret: (made[3].body as { signingSecret: string }).signingSecret };
}

async function deactivateAllChannels() {
  await t.testDatabase.database.db.execute("update notification_channels set active = false" as never);
}

describe("SLA sweep", () => {
  it("announces at risk and breach once each; the breach escalates to the manager and marks expired_escalated", async () => {
    const handoff = await makeHandoff(t, (await makeRelayPerson(t)).id);
    const jobs = t.app.jobs;
    expect((await jobs.runDueJobs(jst("2026-06-08T11:29"))).sla).toEqual({ atRisk: 0, breached: 0 });

    const atRisk = await jobs.runDueJobs(jst("2026-06-08T11:30"));
    expect(atRisk.sla.atRisk).toBeGreaterThanOrEqual(1);
    await jobs.runDueJobs(jst("2026-06-08T11:40"));
    const isInbox = await notificationsOf("inside_sales", handoff.id);
    expect(isInbox.map((n) => n.type).sort()).toEqual(["handoff.at_risk", "handoff.created"]);
    const unchanged = await call<Handoff>(t, "inside_sales", "GET", `/api/v1/handoffs/${handoff.id}`);
    expect(unchanged.body).toMatchObject({ state: "pending", version: 1 });

    const breach = await jobs.runDueJobs(jst("2026-06-08T12:30"));
    expect(breach.sla.breached).toBeGreaterThanOrEqual(1);
    expect((await jobs.runDueJobs(jst("2026-06-08T13:00"))).sla).toEqual({ atRisk: 0, breached: 0 });
    const escalated = await call<Handoff>(t, "inside_sales", "GET", `/api/v1/handoffs/${handoff.id}`);
    expect(escalated.body).toMatchObject({
      state: "expired_escalated",
      slaStatus: "breached",
      escalatedTo: { id: t.users.manager.id },
      breachedAt: jst("2026-06-08T12:30").toISOString(),
      version: 2,
    });
    const managerInbox = await notificationsOf("manager", handoff.id);
    expect(managerInbox).toEqual([expect.objectContaining({ type: "handoff.breached" })]);
    expect(managerInbox[0]?.message).toContain("SLA 期限");
    expect((await notificationsOf("inside_sales", handoff.id)).map((n) => n.type).sort()).toEqual([
      "handoff.at_risk",
      "handoff.breached",
      "handoff.created",
    ]);

    // Late is still better than never: the receiving team can decide; the breach stays on record.
    t.clock.set(jst("2026-06-08T14:00"));
    const late = await call<Handoff>(t, "inside_sales", "POST", `/api/v1/handoffs/${handoff.id}/accept`, {
      version: 2,
    });
    expect(late.status).toBe(200);
    expect(late.body).toMatchObject({
      state: "accepted",
      slaStatus: "breached",
      breachedAt: expect.any(String),
    });
  });

  it("two instances sweeping at the same moment announce each breach once", async () => {
    const handoff = await makeHandoff(t, (await makeRelayPerson(t)).id);
    const second = await secondInstance();
    try {
      const at = jst("2026-06-08T12:31");
      const [a, b] = await Promise.all([t.app.jobs.runDueJobs(at), second.jobs.runDueJobs(at)]);
      expect(a.sla.breached + b.sla.breached).toBe(1);
      expect(await notificationsOf("manager", handoff.id)).toHaveLength(1);
    } finally {
      await second.close();
    }
  });
});

/** Another app instance on the same database: a restarted process, or a second server. */
async function secondInstance(extraEnv: Record<string, string> = {}, startJobs = false): Promise<App> {
  const app = await buildApp({
    database: t.testDatabase.database,
    config: loadConfig({ LOG_LEVEL: "silent", NODE_ENV: "test", ...env(), ...extraEnv }),
    clock: t.clock,
    logger: false,
    startJobs,
  });
  await app.ready();
  return app;
}

describe("job runner", () => {
  it("runs a long job in one instance at a time; another takes it over only once its heartbeat stops", async () => {
    const db = t.testDatabase.database.db;
    const ran: string[] = [];
    registerJobHandler("test_heartbeat", async (_deps, payload, progress) => {
      ran.push(String(payload.name));
      await progress.setTotal(1);
      await progress.advance(1);
      return { ok: true };
    });
    const now = t.clock.now();
    const running = (name: string, beatMsAgo: number) =>
      insertJob(db, {
        kind: "test_heartbeat",
        status: "running",
        payload: { name },
        createdAt: now,
        startedAt: now,
        heartbeatAt: new Date(now.getTime() - beatMsAgo),
      });
    // One instance is running this job and beat 10 s ago; the other's instance stopped beating.
    const alive = await running("alive", 10_000);
    const orphan = await running("orphan", JOB_STALE_MS + 60_000);
    const report = await t.app.jobs.runDueJobs(now);
    expect(report.resumedJobs).toBe(1);
    await waitForJob(orphan.id);
    expect(ran).toEqual(["orphan"]);
    expect(await findJob(db, orphan.id)).toMatchObject({
      status: "succeeded",
      progressDone: 1,
      heartbeatAt: now,
    });
    expect(await findJob(db, alive.id)).toMatchObject({ status: "running", progressDone: 0 });

    // Two instances claiming the same queued job at once: exactly one gets it.
    const queued = await insertJob(db, {
      kind: "test_heartbeat",
      payload: { name: "queued" },
      createdAt: now,
    });
    const stale = new Date(now.getTime() - JOB_STALE_MS);
    const claims = await Promise.all([
      claimJob(db, queued.id, now, stale),
      claimJob(db, queued.id, now, stale),
    ]);
    expect(claims.filter((c) => c !== null)).toHaveLength(1);
    for (const job of [alive, queued]) await updateJob(db, job.id, { status: "failed", finishedAt: now });
  });

  it("a job's progress never exceeds its total, whatever its handler reports", async () => {
    const db = t.testDatabase.database.db;
    const deps = { db, clock: t.clock, config: {} as never };
    registerJobHandler("test_overshoot", async (_deps, payload, progress) => {
      if (payload.total !== undefined) await progress.setTotal(Number(payload.total));
      for (const n of payload.steps as number[]) await progress.advance(n);
      return {};
    });
    const run = async (payload: Record<string, unknown>) => {
      const row = await startJob(deps, "test_overshoot", payload, null);
      await waitForJob(row.id);
      return findJob(db, row.id);
    };
    // Chunks of 250,000 over 15,015 people: full, not 250,000 / 15,015.
    expect(await run({ total: 15_015, steps: [250_000] })).toMatchObject({
      progressDone: 15_015,
      progressTotal: 15_015,
    });
    expect(await run({ total: 10, steps: [7, 7] })).toMatchObject({ progressDone: 10, progressTotal: 10 });
    // No total said: the total is what was done.
    expect(await run({ steps: [3, 4] })).toMatchObject({ progressDone: 7, progressTotal: 7 });
    // A row written before the clamp is shown clamped.
    const old = await insertJob(db, {
      kind: "test_overshoot",
      status: "succeeded",
      payload: {},
      createdAt: t.clock.now(),
      progressDone: 250_000,
      progressTotal: 15_015,
    });
    expect(toJobResponse(old).progress).toEqual({ done: 15_015, total: 15_015 });
    expect([clampProgress(-1, 5), clampProgress(6, 5), clampProgress(6, null)]).toEqual([0, 5, 6]);
  });

  it("starts with the app (TASUKI_JOBS=on), polls on its interval and stops on close", async () => {
    const handoff = await makeHandoff(t, (await makeRelayPerson(t)).id);
    t.clock.set(jst("2026-06-08T12:45"));
    const server = await secondInstance({ TASUKI_JOBS: "on", TASUKI_JOBS_INTERVAL_SECONDS: "1" }, true);
    try {
      let state = "pending";
      for (let i = 0; i < 50 && state === "pending"; i++) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        state = (await call<Handoff>(t, "manager", "GET", `/api/v1/handoffs/${handoff.id}`)).body.state;
      }
      expect(state).toBe("expired_escalated");
    } finally {
      await server.close();
    }
  });
});

describe("channel deliveries", () => {
  it("posts to Slack, Teams (Adaptive Card), Chatwork and a signed webhook, once per event", async () => {
    const { signingSecret } = await createChannels("a", ["handoff.breached"]);
    const handoff = await makeHandoff(t, (await makeRelayPerson(t)).id);
    try {
      const report = await t.app.jobs.runDueJobs(jst("2026-06-08T12:30"));
      expect(report.deliveries).toMatchObject({ delivered: 4, retrying: 0, failed: 0 });
      expect((await t.app.jobs.runDueJobs(jst("2026-06-08T13:30"))).deliveries.delivered).toBe(0);

      const [slack] = receiver.requestsTo("/a/slack");
      const slackBody = JSON.parse(slack!.body) as { text: string; blocks: { type: string }[] };
      expect(slackBody.text).toContain("SLA 超過");
      expect(slackBody.text).toContain("山田");
      expect(slackBody.blocks.map((b) => b.type)).toEqual(["section", "section", "context"]);
      expect(JSON.stringify(slackBody)).toContain(`https://tasuki.example.jp/handoffs/${handoff.id}`);

      const [teamsPost] = receiver.requestsTo("/a/teams");
      const card = JSON.parse(teamsPost!.body) as {
        type: string;
        attachments: {
          contentType: string;
          content: { type: string; version: string; body: { type: string }[] };
        }[];
      };
      expect(card.type).toBe("message");
      expect(card.attachments[0]).toMatchObject({
        contentType: "application/vnd.microsoft.card.adaptive",
        content: { type: "AdaptiveCard", version: "1.4" },
      });
      expect(card.attachments[0]!.content.body.map((b) => b.type)).toEqual([
        "TextBlock",
        "TextBlock",
        "FactSet",
      ]);

      const [chatwork] = receiver.requestsTo("/chatwork/v2/rooms/111/messages");
      expect(chatwork!.method).toBe("POST");
      expect(chatwork!.headers["x-chatworktoken"]).toBe("cw-token-secret");
      expect(chatwork!.headers["content-type"]).toBe("application/x-www-form-urlencoded");
      const form = new URLSearchParams(chatwork!.body);
      expect(form.get("body")).toMatch(/^\[info\]\[title\]SLA 超過\[\/title\].*山田/s);

      const [webhook] = receiver.requestsTo("/a/webhook");
      const verified = new Webhook(signingSecret).verify(
        webhook!.body,
        webhook!.headers as Record<string, string>,
      ) as {
        type: string;
        data: { handoffId: string; escalatedTo: { id: string }[]; url: string };
      };
      expect(verified).toMatchObject({
        type: "handoff.breached",
        data: { handoffId: handoff.id, escalatedTo: [{ id: t.users.manager.id }] },
      });
      expect(webhook!.headers["webhook-id"]).toMatch(/^evt_/);
      expect(() =>
        new Webhook(signingSecret).verify(`${webhook!.body} `, webhook!.headers as Record<string, string>),
      ).toThrow();
    } finally {
      await deactivateAllChannels();
    }
  });

  it("retries a 500 with exponential backoff, then delivers; the webhook id stays the same", async () => {
    const { signingSecret } = await createChannels("b", ["handoff.rejected"]);
    receiver.plan("/b/webhook", [500, 503]);
    receiver.plan("/b/slack", [404]);
    try {
      const handoff = await makeHandoff(t, (await makeRelayPerson(t)).id);
      const reasons = await call<{ items: { id: string; key: string }[] }>(
        t,
        "inside_sales",
        "GET",
        "/api/v1/rejection-reasons",
      );
      t.clock.set(jst("2026-06-08T10:00"));
      const rejected = await call(t, "inside_sales", "POST", `/api/v1/handoffs/${handoff.id}/reject`, {
        reasonId: reasons.body.items.find((r) => r.key === "no_budget")!.id,
        comment: "来期まで予算が取れない",
        version: 1,
      });
      expect(rejected.status).toBe(200);
      const start = jst("2026-06-08T10:00");
      const at = (ms: number) => new Date(start.getTime() + ms);
      const first = await t.app.jobs.runDueJobs(start);
      expect(first.deliveries).toMatchObject({ delivered: 2, retrying: 1, failed: 1 });
      expect((await t.app.jobs.runDueJobs(at(59_000))).deliveries.retrying).toBe(0);
      expect(receiver.requestsTo("/b/webhook")).toHaveLength(1);
      expect((await t.app.jobs.runDueJobs(at(60_000))).deliveries).toMatchObject({
        retrying: 1,
        delivered: 0,
      });
      expect((await t.app.jobs.runDueJobs(at(60_000 + 119_000))).deliveries.delivered).toBe(0);
      expect((await t.app.jobs.runDueJobs(at(60_000 + 120_000))).deliveries).toMatchObject({ delivered: 1 });
      expect((await t.app.jobs.runDueJobs(at(3_600_000))).deliveries.delivered).toBe(0);

      const attempts = receiver.requestsTo("/b/webhook");
      expect(attempts).toHaveLength(3);
      expect(new Set(attempts.map((r) => r.headers["webhook-id"])).size).toBe(1);
      const payload = new Webhook(signingSecret).verify(
        attempts[2]!.body,
        attempts[2]!.headers as Record<string, string>,
      ) as {
        data: { reason: { labelJa: string }; comment: string };
      };
      expect(payload.data).toMatchObject({
        reason: { labelJa: "予算なし" },
        comment: "来期まで予算が取れない",
      });
      expect(receiver.requestsTo("/b/slack")).toHaveLength(1);
      const rows = await listDeliveryRows(t.testDatabase.database.db);
      const webhookRow = rows.find((r) => r.status === "delivered" && r.attempts === 3);
      expect(webhookRow).toMatchObject({ lastStatusCode: 200, lastError: null });
      expect(rows.find((r) => r.status === "failed")).toMatchObject({ attempts: 1, lastStatusCode: 404 });
    } finally {
      await deactivateAllChannels();
    }
  });

  it("a restart mid-delivery: the next worker takes over after the lease, and nothing is sent twice", async () => {
    await createChannels("c", ["handoff.accepted"]);
    const db = t.testDatabase.database.db;
    try {
      const handoff = await makeHandoff(t, (await makeRelayPerson(t)).id);
      t.clock.set(jst("2026-06-08T09:30"));
      expect(
        (await call(t, "inside_sales", "POST", `/api/v1/handoffs/${handoff.id}/accept`, { version: 1 }))
          .status,
      ).toBe(200);
      const now = jst("2026-06-08T09:30");
      const lease = 60_000;

      // Worker 1 claims all four deliveries, sends only the webhook one, then its process dies.
      const claimed = await db.transaction((tx) => claimDueDeliveries(tx, now, lease, 10));
      expect(claimed).toHaveLength(4);
      for (const delivery of claimed) {
        const context = (await findDeliveryContext(db, delivery))!;
        if (context.channel.kind !== "webhook") continue;
        const request = buildChannelRequest(context.channel, context.event, delivery.idempotencyKey, {
          publicUrl: "https://tasuki.example.jp",
          chatworkBaseUrl: `${receiver.url}/chatwork/v2`,
          sentAt: new Date(),
        });
        await fetch(request.url, { method: "POST", headers: request.headers, body: request.body });
      }
      expect(receiver.requestsTo("/c/webhook")).toHaveLength(1);

      // The restarted process (a new app on the same database), run twice at once, waits for the lease.
      const restarted = await secondInstance();
      try {
        const early = await Promise.all([restarted.jobs.runDueJobs(now), t.app.jobs.runDueJobs(now)]);
        expect(early.map((r) => r.deliveries.delivered)).toEqual([0, 0]);
        const after = new Date(now.getTime() + lease);
        const [x, y] = await Promise.all([restarted.jobs.runDueJobs(after), t.app.jobs.runDueJobs(after)]);
        expect(x.deliveries.delivered + y.deliveries.delivered).toBe(4);
        const later = await restarted.jobs.runDueJobs(new Date(after.getTime() + 3_600_000));
        expect(later.deliveries.delivered).toBe(0);
      } finally {
        await restarted.close();
      }
      for (const path of ["/c/slack", "/c/teams", "/chatwork/v2/rooms/333/messages"]) {
        expect(receiver.requestsTo(path)).toHaveLength(1);
      }
      // The webhook was sent before the crash and once more after it, with the same webhook-id:
      // a receiver that keeps the ids it processed (as Standard Webhooks asks) handles it once.
      const webhookPosts = receiver.requestsTo("/c/webhook");
      expect(webhookPosts).toHaveLength(2);
      expect(new Set(webhookPosts.map((r) => r.headers["webhook-id"])).size).toBe(1);
      const rows = (await listDeliveryRows(db)).filter((r) => claimed.some((c) => c.id === r.id));
      expect(rows.map((r) => [r.status, r.attempts])).toEqual(Array(4).fill(["delivered", 2]));
    } finally {
      await deactivateAllChannels();
    }
  });
});

describe("notification channels", () => {
  it("need relay.manage, accept http(s) URLs only, and never show secrets again", async () => {
    const forbidden = await call<ErrorBody>(t, "marketing", "POST", "/api/v1/notification-channels", {
      kind: "slack",
      name: "x",
      url: "https://hooks.slack.com/services/T000/B000/XXXX",
    });
    expect(forbidden.status).toBe(403);
    const insecure = await call<ErrorBody>(t, "manager", "POST", "/api/v1/notification-channels", {
      kind: "webhook",
      name: "x",
      url: "ftp://example.com/hook",
    });
    expect(insecure.status).toBe(400);
    expect(insecure.body.error.details?.[0]?.path).toBe("url");
    const badKind = await call<ErrorBody>(t, "manager", "POST", "/api/v1/notification-channels", {
      kind: "line",
      name: "x",
    });
    expect(badKind.status).toBe(400);
    const created = await call<{
      channel: { id: string; target: string; events: string[] };
      signingSecret: string | null;
    }>(t, "manager", "POST", "/api/v1/notification-channels", {
      kind: "slack",
      name: "#sales",
      url: "https://hooks.slack.com/services/T000/B000/XXXX",
      teamId: teams.inside_sales,
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      channel: { target: "https://hooks.slack.com/…", events: ["handoff.at_risk", "handoff.breached"] },
      signingSecret: null,
    });
    const list = await call<{ items: { id: string; target: string; team: { key: string } | null }[] }>(
      t,
      "manager",
      "GET",
      "/api/v1/notification-channels",
    );
    expect(JSON.stringify(list.body)).not.toContain("XXXX");
    expect(JSON.stringify(list.body)).not.toContain("cw-token-secret");
    expect(JSON.stringify(list.body)).not.toContain("whsec_");
    expect(list.body.items.find((c) => c.id === created.body.channel.id)?.team?.key).toBe("inside_sales");
    await deactivateAllChannels();
  });

  it("notifications are per user, paged, and can be marked read", async () => {
    const handoff = await makeHandoff(t, (await makeRelayPerson(t)).id);
    const mine = await notificationsOf("inside_sales", handoff.id);
    expect(mine).toHaveLength(1);
    const unread = await call<{ items: { id: string; handoffId: string }[] }>(
      t,
      "inside_sales",
      "GET",
      "/api/v1/notifications?unread=true&limit=200",
    );
    const target = unread.body.items.find((n) => n.handoffId === handoff.id)!;
    const othersTry = await call<{ updated: number }>(
      t,
      "field_sales",
      "POST",
      "/api/v1/notifications/read",
      {
        ids: [target.id],
      },
    );
    expect(othersTry.body.updated).toBe(0);
    const marked = await call<{ updated: number }>(t, "inside_sales", "POST", "/api/v1/notifications/read", {
      ids: [target.id],
    });
    expect(marked.body.updated).toBe(1);
    const after = await call<{ items: { id: string }[] }>(
      t,
      "inside_sales",
      "GET",
      "/api/v1/notifications?unread=true&limit=200",
    );
    expect(after.body.items.map((n) => n.id)).not.toContain(target.id);
    const en = await call<{ items: { handoffId: string; message: string }[] }>(
      t,
      "inside_sales",
      "GET",
      "/api/v1/notifications?limit=200",
      undefined,
      { "accept-language": "en" },
    );
    expect(en.body.items.find((n) => n.handoffId === handoff.id)?.message).toMatch(
      /^New handoff from Marketing/,
    );
  });
});
