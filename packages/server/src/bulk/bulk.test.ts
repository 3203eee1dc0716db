import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  call,
  createTestApp,
  type ErrorBody,
  makeCompany,
  makePerson,
  type TestApp,
} from "../test/test-app.ts";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t?.close());

const MISSING = "00000000-0000-4000-8000-000000000000";

async function rows<T>(query: string): Promise<T[]> {
  const result = (await t.testDatabase.database.db.execute(query as never)) as unknown as { rows: T[] };
  return result.rows;
}

async function campaign() {
  const r = await call<{ id: string }>(t, "marketing", "POST", "/api/v1/campaigns", {
    name: "ウェビナー 一括追加",
    type: "webinar",
    startsOn: "2026-11-10",
  });
  expect(r.status).toBe(201);
  return r.body.id;
}

describe("bulkUpdatePeople", () => {
  it("assigns an owner and 温度感 to ticked people in one write; skips other teams' and unchanged, audits each", async () => {
    const mine = await makePerson(t, "field_sales", { ownerId: t.users.field_sales.id, temperature: "cold" });
    const unowned = await makePerson(t, "marketing");
    const already = await makePerson(t, "marketing", { temperature: "hot" });
    const others = await makePerson(t, "marketing", { ownerId: t.users.marketing.id });
    const r = await call<Record<string, unknown>>(t, "field_sales", "POST", "/api/v1/people/bulk-update", {
      ids: [mine.id, unowned.id, already.id, others.id],
      set: { temperature: "hot" },
    });
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ matched: 4, updated: 2, skipped: { unchanged: 1, forbidden: 1 } });
    const got = await call<{ temperature: string; version: number }>(
      t,
      "field_sales",
      "GET",
      `/api/v1/people/${mine.id}`,
    );
    expect(got.body).toMatchObject({ temperature: "hot", version: mine.version + 1 });
    const other = await call<{ temperature: string | null }>(
      t,
      "admin",
      "GET",
      `/api/v1/people/${others.id}`,
    );
    expect(other.body.temperature).toBeNull();
    const audit = await rows<{
      entity_id: string;
      before: { temperature: string };
      after: { temperature: string };
    }>(
      `select entity_id, before, after from audit_log where action = 'person.bulk_update' and entity_id in ('${mine.id}', '${unowned.id}') order by entity_id`,
    );
    expect(audit).toHaveLength(2);
    expect(audit.find((a) => a.entity_id === mine.id)).toMatchObject({
      before: { temperature: "cold" },
      after: { temperature: "hot" },
    });
  });

  it("applies to all matching the people list's filter (same filter code as the list)", async () => {
    const company = await makeCompany(t, "marketing", { name: "株式会社一括" });
    const a = await makePerson(t, "marketing", { companyId: company.id, temperature: "warm" });
    const b = await makePerson(t, "marketing", { companyId: company.id, temperature: "warm" });
    await makePerson(t, "marketing", { companyId: company.id, temperature: "cold" });
    const r = await call(t, "manager", "POST", "/api/v1/people/bulk-update", {
      filter: { companyId: company.id, temperature: "warm" },
      set: { ownerId: t.users.inside_sales.id },
    });
    expect(r.body).toEqual({ matched: 2, updated: 2, skipped: { unchanged: 0, forbidden: 0 } });
    const list = await call<{ items: { id: string }[] }>(
      t,
      "manager",
      "GET",
      `/api/v1/people?ownerId=${t.users.inside_sales.id}&companyId=${company.id}`,
    );
    expect(list.body.items.map((p) => p.id).sort()).toEqual([a.id, b.id].sort());
  });

  it("validates: one of ids or filter, something to set, known values (400); unknown owner 404", async () => {
    const p = await makePerson(t, "marketing");
    const none = await call<ErrorBody>(t, "marketing", "POST", "/api/v1/people/bulk-update", {
      set: { temperature: "hot" },
    });
    expect(none.status).toBe(400);
    expect(none.body.error.details?.[0]?.path).toBe("ids");
    const both = await call<ErrorBody>(t, "marketing", "POST", "/api/v1/people/bulk-update", {
      ids: [p.id],
      filter: {},
      set: { temperature: "hot" },
    });
    expect(both.status).toBe(400);
    const nothing = await call<ErrorBody>(t, "marketing", "POST", "/api/v1/people/bulk-update", {
      ids: [p.id],
      set: {},
    });
    expect(nothing.status).toBe(400);
    expect(nothing.body.error.details?.[0]?.path).toBe("set");
    const badTemp = await call<ErrorBody>(t, "marketing", "POST", "/api/v1/people/bulk-update", {
      ids: [p.id],
      set: { temperature: "lukewarm" },
    });
    expect(badTemp.status).toBe(400);
    const tooMany = await call<ErrorBody>(t, "marketing", "POST", "/api/v1/people/bulk-update", {
      ids: Array.from({ length: 1001 }, () => p.id),
      set: { temperature: "hot" },
    });
    expect(tooMany.status).toBe(400);
    const owner = await call<ErrorBody>(t, "marketing", "POST", "/api/v1/people/bulk-update", {
      ids: [p.id],
      set: { ownerId: MISSING },
    });
    expect(owner.status).toBe(404);
    expect((await call(t, null, "POST", "/api/v1/people/bulk-update", { ids: [p.id], set: {} })).status).toBe(
      401,
    );
  });
});

describe("addCampaignMembers", () => {
  it("adds ticked people once; already members and other teams' people are counted as skipped", async () => {
    const id = await campaign();
    const a = await makePerson(t, "marketing", { ownerId: t.users.marketing.id });
    const b = await makePerson(t, "marketing");
    const others = await makePerson(t, "field_sales", { ownerId: t.users.field_sales.id });
    const first = await call(t, "marketing", "POST", `/api/v1/campaigns/${id}/members`, { ids: [a.id] });
    expect(first.status).toBe(200);
    expect(first.body).toEqual({ matched: 1, added: 1, skipped: { alreadyMember: 0, forbidden: 0 } });
    const second = await call(t, "marketing", "POST", `/api/v1/campaigns/${id}/members`, {
      ids: [a.id, b.id, others.id],
    });
    expect(second.body).toEqual({ matched: 3, added: 1, skipped: { alreadyMember: 1, forbidden: 1 } });
    const members = await rows<{ person_id: string; status: string; added_by: string }>(
      `select person_id, status, added_by from campaign_members where campaign_id = '${id}'`,
    );
    expect(members.map((m) => m.person_id).sort()).toEqual([a.id, b.id].sort());
    expect(members.every((m) => m.status === "added" && m.added_by === t.users.marketing.id)).toBe(true);
    const audit = await rows<{ n: number }>(
      `select count(*)::int as n from audit_log where action = 'campaign_member.add' and after->>'campaignId' = '${id}'`,
    );
    expect(audit[0]?.n).toBe(2);
  });

  it("adds all matching a filter; 404 for an unknown campaign; 403 for a role without campaigns.write; 400 naming the field", async () => {
    const id = await campaign();
    const company = await makeCompany(t, "marketing", { name: "株式会社キャンペーン" });
    await makePerson(t, "marketing", { companyId: company.id });
    await makePerson(t, "marketing", { companyId: company.id });
    const all = await call(t, "manager", "POST", `/api/v1/campaigns/${id}/members`, {
      filter: { companyId: company.id },
    });
    expect(all.body).toEqual({ matched: 2, added: 2, skipped: { alreadyMember: 0, forbidden: 0 } });
    const missing = await call<ErrorBody>(t, "marketing", "POST", `/api/v1/campaigns/${MISSING}/members`, {
      filter: {},
    });
    expect(missing.status).toBe(404);
    const forbidden = await call<ErrorBody>(t, "inside_sales", "POST", `/api/v1/campaigns/${id}/members`, {
      filter: {},
    });
    expect(forbidden.status).toBe(403);
    const bad = await call<ErrorBody>(t, "marketing", "POST", `/api/v1/campaigns/${id}/members`, {
      ids: ["nope"],
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details?.[0]?.path).toBe("ids.0");
  });
});
