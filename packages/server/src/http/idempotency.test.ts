import Fastify from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { loadConfig } from "../config.ts";
import { idempotencyKeys } from "../db/schema.ts";
import {
  call,
  createTestApp,
  type ErrorBody,
  makeCompany,
  makePerson,
  type TestApp,
} from "../test/test-app.ts";
import { findIdempotencyKey } from "./idempotency.repository.ts";
import { registerIdempotency } from "./idempotency.ts";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
}, 60_000);
afterAll(async () => {
  await t?.close();
});
beforeEach(() => t.clock.set(new Date("2026-06-08T01:00:00Z")));

let sequence = 0;
const newKey = () => `key-${Date.now()}-${++sequence}`;

interface Activity {
  id: string;
  personId: string;
  subject: string | null;
}

async function activitiesOf(personId: string): Promise<Activity[]> {
  const r = await call<{ items: Activity[] }>(
    t,
    "admin",
    "GET",
    `/api/v1/activities?personId=${personId}&limit=200`,
  );
  return r.body.items;
}

/** A raw request as a role's session, to look at headers too. */
async function post(
  role: "marketing" | "admin" | "field_sales",
  url: string,
  payload: unknown,
  key?: string,
) {
  const session = await t.login(role);
  return t.app.inject({
    method: "POST",
    url,
    headers: { ...session.headers, ...(key === undefined ? {} : { "idempotency-key": key }) },
    payload: payload as Record<string, unknown>,
  });
}

describe("Idempotency-Key on create calls", () => {
  it("a retried createActivities returns the first answer and writes the batch once", async () => {
    const person = await makePerson(t);
    const key = newKey();
    const batch = {
      items: [
        { personId: person.id, type: "page_view", subject: "料金ページ" },
        { personId: person.id, type: "document_request", subject: "資料請求" },
        { personId: person.id, type: "webinar", subject: "ウェビナー参加" },
      ],
    };
    const first = await post("marketing", "/api/v1/activities/batch", batch, key);
    expect(first.statusCode).toBe(201);
    expect(first.headers["idempotent-replayed"]).toBeUndefined();
    const retry = await post("marketing", "/api/v1/activities/batch", batch, key);
    expect(retry.statusCode).toBe(201);
    expect(retry.headers["idempotent-replayed"]).toBe("true");
    expect(retry.headers["content-type"]).toMatch(/^application\/json/);
    expect(retry.json()).toEqual(first.json());
    const ids = (first.json() as { items: Activity[] }).items.map((a) => a.id);
    expect((await activitiesOf(person.id)).map((a) => a.id).sort()).toEqual([...ids].sort());

    // The same body in another key order is the same request.
    const reordered = {
      items: batch.items.map(({ subject, type, personId }) => ({ subject, type, personId })),
    };
    expect((await post("marketing", "/api/v1/activities/batch", reordered, key)).json()).toEqual(
      first.json(),
    );
    expect(await activitiesOf(person.id)).toHaveLength(3);
  });

  it("a retried createPerson, createCompany, createActivity and createOpportunity return the same id", async () => {
    const email = `idem-${Date.now()}@example.co.jp`;
    const personBody = {
      familyName: "佐藤",
      givenName: "花子",
      familyNameKana: "サトウ",
      givenNameKana: "ハナコ",
      email,
    };
    const company = await makeCompany(t);
    const cases: [string, unknown][] = [
      ["/api/v1/people", personBody],
      ["/api/v1/companies", { name: `株式会社冪等${Date.now()}` }],
      ["/api/v1/opportunities", { name: "導入案件", companyId: company.id, amount: 1_200_000 }],
    ];
    for (const [url, body] of cases) {
      const key = newKey();
      const first = await post("admin", url, body, key);
      expect(first.statusCode, `${url}: ${first.body}`).toBe(201);
      const retry = await post("admin", url, body, key);
      expect(retry.statusCode).toBe(201);
      expect((retry.json() as { id: string }).id).toBe((first.json() as { id: string }).id);
    }
    const people = await call<{ items: unknown[] }>(
      t,
      "admin",
      "GET",
      `/api/v1/people?q=${encodeURIComponent(email)}`,
    );
    expect(people.body.items).toHaveLength(1);

    const person = await makePerson(t);
    const key = newKey();
    const activity = { personId: person.id, type: "call", subject: "架電" };
    const a = await post("marketing", "/api/v1/activities", activity, key);
    const b = await post("marketing", "/api/v1/activities", activity, key);
    expect((b.json() as Activity).id).toBe((a.json() as Activity).id);
    expect(await activitiesOf(person.id)).toHaveLength(1);
  });

  it("the same key with another body is idempotency_key_reused (422) and writes nothing", async () => {
    const person = await makePerson(t);
    const key = newKey();
    const first = await post(
      "marketing",
      "/api/v1/activities/batch",
      { items: [{ personId: person.id, type: "call" }] },
      key,
    );
    expect(first.statusCode).toBe(201);
    const other = await post(
      "marketing",
      "/api/v1/activities/batch",
      { items: [{ personId: person.id, type: "meeting" }] },
      key,
    );
    expect(other.statusCode).toBe(422);
    expect((other.json() as ErrorBody).error.code).toBe("idempotency_key_reused");
    expect((other.json() as ErrorBody).error.message).toContain("Idempotency-Key");
    // Another operation with the same key is another body too.
    const elsewhere = await post(
      "marketing",
      "/api/v1/activities",
      { personId: person.id, type: "call" },
      key,
    );
    expect(elsewhere.statusCode).toBe(422);
    expect(await activitiesOf(person.id)).toHaveLength(1);
  });

  it("keys are per caller: another user's same key is their own", async () => {
    const company = await makeCompany(t);
    const key = newKey();
    const body = { name: "同じキーの別案件", companyId: company.id, amount: 500_000 };
    const mine = await post("admin", "/api/v1/opportunities", body, key);
    const theirs = await post("field_sales", "/api/v1/opportunities", body, key);
    expect(mine.statusCode).toBe(201);
    expect(theirs.statusCode).toBe(201);
    expect((theirs.json() as { id: string }).id).not.toBe((mine.json() as { id: string }).id);
  });

  it("an API token has its own keys, and a token's retry is replayed", async () => {
    const created = await call<{ token: string }>(t, "marketing", "POST", "/api/v1/api-tokens", {
      name: "取り込み",
      scopes: ["read", "write"],
    });
    expect(created.status).toBe(201);
    const person = await makePerson(t);
    const key = newKey();
    const send = () =>
      t.app.inject({
        method: "POST",
        url: "/api/v1/activities",
        headers: { authorization: `Bearer ${created.body.token}`, "idempotency-key": key },
        payload: { personId: person.id, type: "email_open" },
      });
    const first = await send();
    const retry = await send();
    expect(first.statusCode).toBe(201);
    expect(retry.headers["idempotent-replayed"]).toBe("true");
    expect(retry.json()).toEqual(first.json());
    // The same user's session with the same key is another caller.
    const bySession = await post(
      "marketing",
      "/api/v1/activities",
      { personId: person.id, type: "email_open" },
      key,
    );
    expect(bySession.statusCode).toBe(201);
    expect(await activitiesOf(person.id)).toHaveLength(2);
  });

  it("a request that failed frees its key for the corrected retry", async () => {
    const company = await makeCompany(t);
    const key = newKey();
    const missing = await post(
      "admin",
      "/api/v1/opportunities",
      { name: "x", companyId: "00000000-0000-4000-8000-000000000000", amount: 1 },
      key,
    );
    expect(missing.statusCode).toBe(404);
    const fixed = await post(
      "admin",
      "/api/v1/opportunities",
      { name: "x", companyId: company.id, amount: 1 },
      key,
    );
    expect(fixed.statusCode).toBe(201);
  });

  it("while the first request runs, the same key is idempotency_key_in_progress (409)", async () => {
    const person = await makePerson(t);
    const key = newKey();
    await t.testDatabase.database.db.insert(idempotencyKeys).values({
      scope: `user:${t.users.marketing.id}`,
      key,
      requestHash: "running",
      createdAt: t.clock.now(),
      expiresAt: new Date(t.clock.now().getTime() + 86_400_000),
    });
    const busy = await post("marketing", "/api/v1/activities", { personId: person.id, type: "call" }, key);
    expect(busy.statusCode).toBe(409);
    expect((busy.json() as ErrorBody).error.code).toBe("idempotency_key_in_progress");
    // A first request abandoned for longer than the lease (its process died) is taken over.
    t.clock.set(new Date(t.clock.now().getTime() + 6 * 60_000));
    const later = await post("marketing", "/api/v1/activities", { personId: person.id, type: "call" }, key);
    expect(later.statusCode).toBe(201);
    expect(await activitiesOf(person.id)).toHaveLength(1);
  });

  it("two requests at once with one key write once", async () => {
    const person = await makePerson(t);
    const key = newKey();
    const batch = { items: Array.from({ length: 50 }, () => ({ personId: person.id, type: "page_view" })) };
    const answers = await Promise.all([
      post("marketing", "/api/v1/activities/batch", batch, key),
      post("marketing", "/api/v1/activities/batch", batch, key),
      post("marketing", "/api/v1/activities/batch", batch, key),
    ]);
    const statuses = answers.map((a) => a.statusCode);
    expect(statuses.filter((s) => s === 201).length).toBeGreaterThanOrEqual(1);
    expect(statuses.every((s) => s === 201 || s === 409)).toBe(true);
    const created = answers.filter((a) => a.statusCode === 201).map((a) => a.json());
    expect(new Set(created.map((c) => JSON.stringify(c))).size).toBe(1);
    expect(await activitiesOf(person.id)).toHaveLength(50);
  });

  it("after 24 hours a key is free again, and expired keys are removed", async () => {
    const person = await makePerson(t);
    const key = newKey();
    const scope = `user:${t.users.marketing.id}`;
    expect(
      (await post("marketing", "/api/v1/activities", { personId: person.id, type: "call" }, key)).statusCode,
    ).toBe(201);
    t.clock.set(new Date(t.clock.now().getTime() + 24 * 3_600_000 + 60_000));
    const oldKey = newKey();
    await t.testDatabase.database.db.insert(idempotencyKeys).values({
      scope,
      key: oldKey,
      requestHash: "old",
      statusCode: 201,
      responseBody: "{}",
      createdAt: new Date(t.clock.now().getTime() - 25 * 3_600_000),
      expiresAt: new Date(t.clock.now().getTime() - 3_600_000),
    });
    t.clock.set(new Date(t.clock.now().getTime() + 2 * 60_000)); // past the sweep interval
    const again = await post(
      "marketing",
      "/api/v1/activities",
      { personId: person.id, type: "meeting" },
      key,
    );
    expect(again.statusCode).toBe(201);
    expect(again.headers["idempotent-replayed"]).toBeUndefined();
    expect(await activitiesOf(person.id)).toHaveLength(2);
    expect(await findIdempotencyKey(t.testDatabase.database.db, scope, oldKey)).toBeNull();
  });

  it.each([
    ["too long", "k".repeat(256)],
    ["not ASCII", "キー"],
    ["a control character", "a\u0001b"],
  ])("a key that is %s is refused, naming the header", async (_what, key) => {
    const person = await makePerson(t);
    const session = await t.login("marketing");
    let status: number;
    let body: ErrorBody | null = null;
    try {
      const r = await t.app.inject({
        method: "POST",
        url: "/api/v1/activities",
        headers: { ...session.headers, "idempotency-key": key },
        payload: { personId: person.id, type: "call" },
      });
      status = r.statusCode;
      body = r.json() as ErrorBody;
    } catch {
      status = 400; // Node refuses to send some characters in a header at all
    }
    expect(status).toBe(400);
    if (body) expect(body.error.details?.[0]?.path).toBe("headers.idempotency-key");
    expect(await activitiesOf(person.id)).toHaveLength(0);
  });

  it("accepts a key of exactly 255 printable characters", async () => {
    const person = await makePerson(t);
    const key = `${"~ !".repeat(85)}`;
    expect(key).toHaveLength(255);
    const first = await post("marketing", "/api/v1/activities", { personId: person.id, type: "call" }, key);
    const retry = await post("marketing", "/api/v1/activities", { personId: person.id, type: "call" }, key);
    expect([first.statusCode, retry.statusCode]).toEqual([201, 201]);
    expect(await activitiesOf(person.id)).toHaveLength(1);
  });

  it("without a key nothing changes: each request writes", async () => {
    const person = await makePerson(t);
    await post("marketing", "/api/v1/activities", { personId: person.id, type: "call" });
    await post("marketing", "/api/v1/activities", { personId: person.id, type: "call" });
    expect(await activitiesOf(person.id)).toHaveLength(2);
  });

  it("a new create route must say whether it takes Idempotency-Key", async () => {
    const app = Fastify().withTypeProvider<ZodTypeProvider>();
    registerIdempotency(app, { db: t.testDatabase.database.db, clock: t.clock, config: loadConfig({}) });
    expect(() =>
      app.post("/api/v1/things", { schema: { response: { 201: z.object({}) } } }, async () => ({})),
    ).toThrow(/config\.idempotent/);
    expect(() =>
      app.post(
        "/api/v1/others",
        { config: { idempotent: false }, schema: { response: { 201: z.object({}) } } },
        async () => ({}),
      ),
    ).not.toThrow();
    await app.close();
  });
});
