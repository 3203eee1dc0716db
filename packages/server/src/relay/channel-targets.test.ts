import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { buildApp } from "../app.ts";
import { loadConfig } from "../config.ts";
import type { ChannelRequest } from "../jobs/channel-requests.ts";
import { type Resolver, SendTimeoutError, sendOverHttp } from "../jobs/deliveries.ts";
import { TargetRefusedError } from "../jobs/webhook-targets.ts";
import { type HttpReceiver, startHttpReceiver } from "../test/http-receiver.ts";
import { jst, makeHandoff, makeRelayPerson } from "../test/relay-helpers.ts";
import { call, createTestApp, type ErrorBody, type TestApp } from "../test/test-app.ts";
import { insertChannel, listDeliveryRows } from "./notifications.repository.ts";

// TASUKI_ALLOW_PRIVATE_WEBHOOK_TARGETS is off here, as in production.
let t: TestApp;
let receiver: HttpReceiver;
beforeAll(async () => {
  receiver = await startHttpReceiver();
  t = await createTestApp({ env: { CHATWORK_API_BASE_URL: `${receiver.url}/chatwork/v2` } });
}, 60_000);
afterAll(async () => {
  await t?.close();
  await receiver?.close();
});
beforeEach(() => t.clock.set(jst("2026-06-08T10:00")));

const REFUSED_URLS = [
  "http://hooks.example.com/hook",
  "https://127.0.0.1:5432/",
  "https://localhost:3000/api/v1/users",
  "https://[::1]/",
  "https://[::ffff:127.0.0.1]/",
  "https://10.0.0.8/hook",
  "https://172.20.1.1/hook",
  "https://192.168.0.10/hook",
  "https://100.64.1.1/hook",
  "https://[fd00::1]/hook",
  "https://169.254.169.254/latest/meta-data/",
  "https://[fe80::1]/",
  "https://0.0.0.0/",
  "https://224.0.0.1/",
  "https://2130706433/",
  "https://0x7f000001/",
  "https://0177.0.0.1/",
  "https://0xa9fea9fe/",
  "https://metadata.google.internal/computeMetadata/v1/",
];

describe("channel targets: refused when a channel is created or edited", () => {
  it.each(REFUSED_URLS)("refuses %s, naming the url field (ja and en)", async (url) => {
    const created = await call<ErrorBody>(t, "admin", "POST", "/api/v1/notification-channels", {
      kind: "webhook",
      name: "社内向け",
      url,
    });
    expect(created.status).toBe(422);
    expect(created.body.error.code).toBe("webhook_target_not_allowed");
    expect(created.body.error.message).toContain("この URL には送信できません");
    expect(created.body.error.details?.[0]?.path).toBe("url");
    const en = await call<ErrorBody>(
      t,
      "admin",
      "POST",
      "/api/v1/notification-channels",
      { kind: "slack", name: "internal", url },
      { "accept-language": "en" },
    );
    expect(en.status).toBe(422);
    expect(en.body.error.message).toMatch(/^This URL points somewhere Tasuki may not send to/);
  });

  it("refuses moving a channel to a private address, and accepts a public https URL", async () => {
    const created = await call<{ channel: { id: string; version: number; target: string } }>(
      t,
      "admin",
      "POST",
      "/api/v1/notification-channels",
      { kind: "teams", name: "営業", url: "https://example.webhook.office.com/webhookb2/abc" },
    );
    expect(created.status).toBe(201);
    const { id, version } = created.body.channel;
    const moved = await call<ErrorBody>(t, "admin", "PATCH", `/api/v1/notification-channels/${id}`, {
      url: "https://192.168.1.1/hook",
      version,
    });
    expect(moved.status).toBe(422);
    expect(moved.body.error).toMatchObject({
      code: "webhook_target_not_allowed",
      details: [{ path: "url" }],
    });
    await call(t, "admin", "DELETE", `/api/v1/notification-channels/${id}`);
  });
});

describe("channel targets: checked again when sending", () => {
  /** A channel stored before this check existed (or by hand), posting to this machine. */
  async function legacyChannel(path: string, active = true) {
    return insertChannel(t.testDatabase.database.db, {
      kind: "webhook",
      name: `旧設定 ${path}`,
      config: { url: `${receiver.url}${path}` },
      secret: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
      events: ["handoff.created"],
      teamId: null,
      active,
      createdBy: t.users.admin.id,
      createdAt: t.clock.now(),
      updatedAt: t.clock.now(),
    });
  }

  it("a test send to a stored loopback URL is refused without a request, and says why", async () => {
    const channel = await legacyChannel("/legacy/test", false);
    const result = await call(t, "admin", "POST", `/api/v1/notification-channels/${channel.id}/test`);
    expect(result.status).toBe(200);
    expect(result.body).toMatchObject({ ok: false, outcome: "refused", statusCode: null });
    expect(result.body.error).toContain("https://");
    expect(receiver.requestsTo("/legacy/test")).toEqual([]);
  });

  it("deliveries to a refused target fail at once without a request; Chatwork (operator config) still posts", async () => {
    const legacy = await legacyChannel("/legacy/delivery");
    const chatwork = await call<{ channel: { id: string } }>(
      t,
      "admin",
      "POST",
      "/api/v1/notification-channels",
      {
        kind: "chatwork",
        name: "Chatwork",
        roomId: "4242",
        apiToken: "cw-token",
        events: ["handoff.created"],
      },
    );
    expect(chatwork.status).toBe(201);
    await makeHandoff(t, (await makeRelayPerson(t)).id);
    const report = await t.app.jobs.runDueJobs(t.clock.now());
    expect(report.deliveries).toMatchObject({ delivered: 1, failed: 1, retrying: 0 });
    expect(receiver.requestsTo("/legacy/delivery")).toEqual([]);
    expect(receiver.requestsTo("/chatwork/v2/rooms/4242/messages")).toHaveLength(1);
    const [row] = (
      await listDeliveryRows(t.testDatabase.database.db, legacy.id, { order: "desc", limit: 10 })
    ).rows;
    expect(row?.delivery).toMatchObject({ status: "failed", attempts: 1, lastStatusCode: null });
    expect(row?.delivery.lastError).toContain("https://");
  });
});

describe("sendOverHttp: every resolved address is checked, and the connection goes to a checked one", () => {
  const request = (url: string): ChannelRequest => ({ url, checkTarget: true, headers: {}, body: "{}" });
  const resolvingTo =
    (...addresses: string[]): Resolver =>
    (_host, _options, callback) =>
      callback(
        null,
        addresses.map((address) => ({ address, family: address.includes(":") ? 6 : 4 })),
      );

  it.each([
    [["127.0.0.1"], "loopback"],
    [["93.184.215.14", "10.0.0.1"], "private"],
    [["::ffff:169.254.169.254"], "metadata"],
    [["fe80::1"], "link_local"],
  ])("a public name resolving to %j is refused (%s)", async (addresses, reason) => {
    const port = new URL(receiver.url).port;
    const sent = sendOverHttp(
      request(`https://rebound.example.com:${port}/hook`),
      2000,
      { allowPrivate: false },
      resolvingTo(...addresses),
    );
    await expect(sent).rejects.toBeInstanceOf(TargetRefusedError);
    await expect(sent).rejects.toMatchObject({ reason });
    expect(receiver.requests.filter((r) => r.path === "/hook")).toEqual([]);
  });

  it("refuses a literal loopback URL before any lookup, and allows it only with the switch on", async () => {
    const target = request(`${receiver.url}/switch`);
    await expect(sendOverHttp(target, 2000, { allowPrivate: false })).rejects.toMatchObject({
      reason: "not_https",
    });
    expect(await sendOverHttp(target, 2000, { allowPrivate: true })).toMatchObject({ status: 200 });
    expect(receiver.requestsTo("/switch")).toHaveLength(1);
  });
});

describe("test send outcomes: a status and a class, never the receiver's body or a timing", () => {
  let server: Server;
  let base: string;
  beforeAll(async () => {
    server = createServer((request, response) => {
      if (request.url === "/hang") return; // never answers
      if (request.url === "/redirect") {
        response.writeHead(302, { location: `${base}/elsewhere` }).end();
        return;
      }
      if (request.url === "/elsewhere") throw new Error("a redirect was followed");
      if (request.url === "/big") {
        response.writeHead(200, { "content-type": "text/plain" });
        response.end("x".repeat(5_000_000));
        return;
      }
      response.writeHead(503, { "content-type": "text/plain" }).end("SECRET-BODY postgres 5432 open");
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it("http_error with the status, timeout, unreachable (with the switch on, for a local receiver)", async () => {
    const app = await buildApp({
      database: t.testDatabase.database,
      config: loadConfig({
        LOG_LEVEL: "silent",
        NODE_ENV: "test",
        TASUKI_ALLOW_PRIVATE_WEBHOOK_TARGETS: "true",
        TASUKI_DELIVERY_TIMEOUT_SECONDS: "1",
      }),
      clock: t.clock,
      logger: false,
      startJobs: false,
    });
    try {
      await app.ready();
      const headers = (await t.login("admin")).headers;
      const testSend = async (url: string) => {
        const created = await app.inject({
          method: "POST",
          url: "/api/v1/notification-channels",
          headers,
          payload: { kind: "webhook", name: `outcome ${url}`, url },
        });
        expect(created.statusCode).toBe(201);
        const id = (created.json() as { channel: { id: string } }).channel.id;
        const sent = await app.inject({
          method: "POST",
          url: `/api/v1/notification-channels/${id}/test`,
          headers,
        });
        await app.inject({ method: "DELETE", url: `/api/v1/notification-channels/${id}`, headers });
        return sent;
      };
      const failing = await testSend(`${base}/fail`);
      expect(failing.json()).toMatchObject({ ok: false, outcome: "http_error", statusCode: 503 });
      expect(failing.body).not.toContain("SECRET-BODY");
      expect(failing.body).not.toContain("durationMs");
      const hanging = await testSend(`${base}/hang`);
      expect(hanging.json()).toMatchObject({ ok: false, outcome: "timeout", statusCode: null });
      const closed = await testSend("http://127.0.0.1:1/");
      expect(closed.json()).toMatchObject({ ok: false, outcome: "unreachable", statusCode: null });
      expect(closed.body).not.toContain("ECONNREFUSED");
    } finally {
      await app.close();
    }
  });

  it("follows no redirect, and reads only the start of a large answer", async () => {
    const target = (path: string): ChannelRequest => ({
      url: `${base}${path}`,
      checkTarget: true,
      headers: {},
      body: "{}",
    });
    expect(await sendOverHttp(target("/redirect"), 2000, { allowPrivate: true })).toMatchObject({
      status: 302,
    });
    const big = await sendOverHttp(target("/big"), 2000, { allowPrivate: true });
    expect(big.status).toBe(200);
    expect(big.body).toHaveLength(500);
  });

  it("a whole answer slower than the timeout is a timeout", async () => {
    const sent = sendOverHttp({ url: `${base}/hang`, checkTarget: true, headers: {}, body: "{}" }, 300, {
      allowPrivate: true,
    });
    await expect(sent).rejects.toBeInstanceOf(SendTimeoutError);
  });
});
