import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type HttpReceiver, startHttpReceiver } from "../test/http-receiver.ts";
import { type Handoff, jst, makeHandoff, makeRelayPerson } from "../test/relay-helpers.ts";
import { call, createTestApp, type ErrorBody, type TestApp } from "../test/test-app.ts";

let t: TestApp;
let receiver: HttpReceiver;
beforeAll(async () => {
  receiver = await startHttpReceiver();
  t = await createTestApp({
    env: {
      SESSION_TTL_HOURS: "720",
      CHATWORK_API_BASE_URL: `${receiver.url}/chatwork/v2`,
      // The receiver is on 127.0.0.1 over http; channel-targets.test.ts checks the refusals.
      TASUKI_ALLOW_PRIVATE_WEBHOOK_TARGETS: "true",
    },
  });
}, 60_000);
afterAll(async () => {
  await t?.close();
  await receiver?.close();
});
beforeEach(() => t.clock.set(jst("2026-06-08T10:00")));

interface Reason {
  id: string;
  key: string;
  labelJa: string;
  labelEn: string;
  disqualifies: boolean;
  active: boolean;
  sortOrder: number;
  version: number;
}
interface Channel {
  id: string;
  kind: string;
  name: string;
  target: string;
  events: string[];
  active: boolean;
  deliveryCounts: { pending: number; delivered: number; failed: number };
  version: number;
}
interface Delivery {
  eventType: string;
  handoffId: string | null;
  personName: string | null;
  status: string;
  attempts: number;
  lastStatusCode: number | null;
  lastError: string | null;
  nextAttemptAt: string | null;
  deliveredAt: string | null;
}

const reasons = async (query = "") =>
  (await call<{ items: Reason[] }>(t, "inside_sales", "GET", `/api/v1/rejection-reasons${query}`)).body.items;

describe("rejection-reason taxonomy", () => {
  it("admins add, rename and deactivate reasons; the reject dialog offers only active ones; history keeps them", async () => {
    const created = await call<Reason>(t, "admin", "POST", "/api/v1/rejection-reasons", {
      labelJa: "時期尚早",
      labelEn: "Too early",
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ key: "too_early", disqualifies: false, active: true, version: 1 });
    expect(created.body.sortOrder).toBeGreaterThan(80);
    expect((await reasons()).map((r) => r.key)).toContain("too_early");

    const duplicate = await call<ErrorBody>(t, "admin", "POST", "/api/v1/rejection-reasons", {
      key: "too_early",
      labelJa: "重複",
      labelEn: "Dup",
    });
    expect(duplicate.status).toBe(409);
    expect(
      (await call(t, "inside_sales", "POST", "/api/v1/rejection-reasons", { labelJa: "x", labelEn: "x" }))
        .status,
    ).toBe(403);

    // Used on a handoff, then renamed: the handoff shows the new label under the same key.
    const person = await makeRelayPerson(t);
    const handoff = await makeHandoff(t, person.id);
    await call(t, "inside_sales", "POST", `/api/v1/handoffs/${handoff.id}/reject`, {
      reasonId: created.body.id,
      comment: "来年度に再検討",
      version: handoff.version,
    });
    const renamed = await call<Reason>(t, "admin", "PATCH", `/api/v1/rejection-reasons/${created.body.id}`, {
      labelJa: "検討時期が先",
      version: 1,
    });
    expect(renamed.body).toMatchObject({
      key: "too_early",
      labelJa: "検討時期が先",
      labelEn: "Too early",
      version: 2,
    });
    const stale = await call<ErrorBody>(t, "admin", "PATCH", `/api/v1/rejection-reasons/${created.body.id}`, {
      labelJa: "古い版",
      version: 1,
    });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe("version_conflict");

    const deactivated = await call<Reason>(
      t,
      "manager",
      "PATCH",
      `/api/v1/rejection-reasons/${created.body.id}`,
      {
        active: false,
        version: 2,
      },
    );
    expect(deactivated.body.active).toBe(false);
    expect((await reasons()).map((r) => r.key)).not.toContain("too_early");
    expect((await reasons("?includeInactive=true")).find((r) => r.key === "too_early")?.active).toBe(false);
    const past = await call<Handoff>(t, "admin", "GET", `/api/v1/handoffs/${handoff.id}`);
    expect(past.body.rejectionReason).toMatchObject({ key: "too_early", labelJa: "検討時期が先" });

    // An inactive reason cannot be chosen any more.
    const other = await makeRelayPerson(t);
    const next = await makeHandoff(t, other.id);
    const refused = await call<ErrorBody>(t, "inside_sales", "POST", `/api/v1/handoffs/${next.id}/reject`, {
      reasonId: created.body.id,
      comment: "x",
      version: next.version,
    });
    expect(refused.status).toBe(400);
    expect(refused.body.error.details?.[0]?.path).toBe("reasonId");
  });

  it("the last active reason cannot be deactivated", async () => {
    const all = await reasons();
    let refused: { status: number; body: ErrorBody } | null = null;
    for (const [i, reason] of all.entries()) {
      const r = await call<ErrorBody>(t, "admin", "PATCH", `/api/v1/rejection-reasons/${reason.id}`, {
        active: false,
        version: reason.version,
      });
      if (i < all.length - 1) expect(r.status).toBe(200);
      else refused = r;
    }
    expect(refused?.status).toBe(400);
    expect(refused?.body.error.details?.[0]?.path).toBe("active");
    const mine = new Set(all.map((r) => r.id));
    for (const reason of await reasons("?includeInactive=true")) {
      if (!reason.active && mine.has(reason.id))
        await call(t, "admin", "PATCH", `/api/v1/rejection-reasons/${reason.id}`, {
          active: true,
          version: reason.version,
        });
    }
    expect((await reasons()).length).toBe(all.length);
  });
});

describe("notification channels: edit, disable, test-send, delivery log, delete", () => {
  it("test-sends a signed sample to a webhook, reports a failing receiver, and never queues a delivery", async () => {
    const created = await call<{ channel: Channel; signingSecret: string }>(
      t,
      "admin",
      "POST",
      "/api/v1/notification-channels",
      {
        kind: "webhook",
        name: "受信テスト",
        url: `${receiver.url}/test/webhook`,
        events: ["handoff.created"],
      },
    );
    expect(created.status).toBe(201);
    const id = created.body.channel.id;
    const ok = await call<{ ok: boolean; statusCode: number; error: string | null }>(
      t,
      "admin",
      "POST",
      `/api/v1/notification-channels/${id}/test`,
    );
    expect(ok.body).toEqual({ ok: true, outcome: "ok", statusCode: 200, error: null });
    const [sent] = receiver.requestsTo("/test/webhook");
    const verified = new Webhook(created.body.signingSecret).verify(sent!.body, {
      "webhook-id": String(sent!.headers["webhook-id"]),
      "webhook-timestamp": String(sent!.headers["webhook-timestamp"]),
      "webhook-signature": String(sent!.headers["webhook-signature"]),
    }) as { test?: boolean; type: string };
    expect(verified).toMatchObject({ test: true, type: "handoff.created" });

    receiver.plan("/test/webhook", [500]);
    const failed = await call<{ ok: boolean; statusCode: number; error: string }>(
      t,
      "admin",
      "POST",
      `/api/v1/notification-channels/${id}/test`,
    );
    expect(failed.body).toMatchObject({ ok: false, outcome: "http_error", statusCode: 500 });
    expect(failed.body.error).toContain("HTTP 500");
    // The receiver answered "error": a test send never echoes what a receiver says, nor a timing.
    expect(failed.body.error).not.toContain("error");
    expect(failed.body).not.toHaveProperty("durationMs");
    const log = await call<{ items: Delivery[] }>(
      t,
      "admin",
      "GET",
      `/api/v1/notification-channels/${id}/deliveries`,
    );
    expect(log.body.items).toEqual([]);
    expect((await call(t, "marketing", "POST", `/api/v1/notification-channels/${id}/test`)).status).toBe(403);
  });

  it("the delivery log shows event, status, attempts, last error and next retry; disabling stops new deliveries", async () => {
    const created = await call<{ channel: Channel }>(t, "admin", "POST", "/api/v1/notification-channels", {
      kind: "slack",
      name: "営業チャンネル",
      url: `${receiver.url}/log/slack`,
      events: ["handoff.created"],
    });
    const id = created.body.channel.id;
    receiver.plan("/log/slack", [500]);
    const person = await makeRelayPerson(t);
    await makeHandoff(t, person.id);
    await t.app.jobs.runDueJobs(jst("2026-06-08T10:00"));
    let log = await call<{ items: Delivery[] }>(
      t,
      "admin",
      "GET",
      `/api/v1/notification-channels/${id}/deliveries`,
    );
    expect(log.body.items).toEqual([
      expect.objectContaining({
        eventType: "handoff.created",
        status: "pending",
        attempts: 1,
        lastStatusCode: 500,
        lastError: expect.stringContaining("HTTP 500"),
        nextAttemptAt: jst("2026-06-08T10:01").toISOString(),
        deliveredAt: null,
        personName: expect.stringContaining("山田"),
      }),
    ]);
    await t.app.jobs.runDueJobs(jst("2026-06-08T10:01"));
    log = await call<{ items: Delivery[] }>(
      t,
      "admin",
      "GET",
      `/api/v1/notification-channels/${id}/deliveries?status=delivered`,
    );
    expect(log.body.items).toEqual([
      expect.objectContaining({
        status: "delivered",
        attempts: 2,
        nextAttemptAt: null,
        deliveredAt: expect.any(String),
      }),
    ]);
    const listed = await call<{ items: Channel[] }>(t, "admin", "GET", "/api/v1/notification-channels");
    expect(listed.body.items.find((c) => c.id === id)?.deliveryCounts).toEqual({
      pending: 0,
      delivered: 1,
      failed: 0,
    });

    const disabled = await call<Channel>(t, "admin", "PATCH", `/api/v1/notification-channels/${id}`, {
      active: false,
      name: "営業チャンネル（停止中）",
      version: created.body.channel.version,
    });
    expect(disabled.body).toMatchObject({ active: false, name: "営業チャンネル（停止中）", version: 2 });
    const another = await makeRelayPerson(t);
    await makeHandoff(t, another.id);
    log = await call<{ items: Delivery[] }>(
      t,
      "admin",
      "GET",
      `/api/v1/notification-channels/${id}/deliveries`,
    );
    expect(log.body.items).toHaveLength(1);

    const moved = await call<Channel>(t, "admin", "PATCH", `/api/v1/notification-channels/${id}`, {
      url: "ftp://example.com/hook",
      version: 2,
    });
    expect(moved.status).toBe(400);
    const chatworkField = await call<ErrorBody>(t, "admin", "PATCH", `/api/v1/notification-channels/${id}`, {
      roomId: "123",
      version: 2,
    });
    expect(chatworkField.status).toBe(400);
    const stale = await call<ErrorBody>(t, "admin", "PATCH", `/api/v1/notification-channels/${id}`, {
      active: true,
      version: 1,
    });
    expect(stale.status).toBe(409);

    const removed = await call(t, "admin", "DELETE", `/api/v1/notification-channels/${id}`);
    expect(removed.status).toBe(204);
    expect((await call(t, "admin", "GET", `/api/v1/notification-channels/${id}/deliveries`)).status).toBe(
      404,
    );
    expect((await call(t, "admin", "DELETE", `/api/v1/notification-channels/${id}`)).status).toBe(404);
  });

  it("a Chatwork channel's room and token can be replaced; the token is never shown", async () => {
    const created = await call<{ channel: Channel }>(t, "admin", "POST", "/api/v1/notification-channels", {
      kind: "chatwork",
      name: "CW",
      roomId: "111",
      apiToken: "old-token",
    });
    const updated = await call<Channel>(
      t,
      "admin",
      "PATCH",
      `/api/v1/notification-channels/${created.body.channel.id}`,
      {
        roomId: "222",
        apiToken: "new-token",
        version: 1,
      },
    );
    expect(updated.body.target).toBe("Chatwork room 222");
    expect(JSON.stringify(updated.body)).not.toContain("token");
    await call(t, "admin", "POST", `/api/v1/notification-channels/${created.body.channel.id}/test`);
    const [sent] = receiver.requestsTo("/chatwork/v2/rooms/222/messages");
    expect(sent?.headers["x-chatworktoken"]).toBe("new-token");
    expect(decodeURIComponent(sent!.body.replace(/\+/g, " "))).toContain("【テスト送信】");
  });
});
