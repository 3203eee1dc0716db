import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  call,
  createTestApp,
  type ErrorBody,
  makeCompany,
  makePerson,
  moveTo,
  type TestApp,
} from "../test/test-app.ts";

/** 契約更新日 (renewalOn): set after a deal is won, and the window the CS home's renewal tile links to (issue 20). */
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t?.close());

interface Deal {
  id: string;
  outcome: string | null;
  renewalOn: string | null;
  version: number;
}

async function wonDeal(name: string): Promise<Deal> {
  const company = await makeCompany(t);
  const person = await makePerson(t, "marketing", { companyId: company.id });
  await moveTo(t, person.id, ["mql", "sal", "sql"]);
  const opened = await call<Deal>(t, "field_sales", "POST", "/api/v1/opportunities", {
    name,
    companyId: company.id,
    personId: person.id,
    amount: 1_200_000,
  });
  expect(opened.status, JSON.stringify(opened.body)).toBe(201);
  expect(opened.body.renewalOn).toBeNull();
  const won = await call<Deal>(t, "field_sales", "POST", `/api/v1/opportunities/${opened.body.id}/close`, {
    outcome: "won",
    closedOn: "2026-04-01",
    version: opened.body.version,
  });
  expect(won.status, JSON.stringify(won.body)).toBe(200);
  return won.body;
}

async function setRenewal(deal: Deal, renewalOn: string | null) {
  return call<Deal>(t, "field_sales", "PATCH", `/api/v1/opportunities/${deal.id}`, {
    renewalOn,
    version: deal.version,
  });
}

const ids = async (query: string) =>
  (
    await call<{ items: { id: string }[] }>(
      t,
      "customer_success",
      "GET",
      `/api/v1/opportunities?limit=200&${query}`,
    )
  ).body.items.map((o) => o.id);

describe("renewalOn", () => {
  it("a won deal takes a renewal date and gives it up again; other fields stay frozen", async () => {
    const deal = await wonDeal("更新 set and clear");
    const set = await setRenewal(deal, "2027-04-01");
    expect(set.status, JSON.stringify(set.body)).toBe(200);
    expect(set.body).toMatchObject({ outcome: "won", renewalOn: "2027-04-01", version: deal.version + 1 });
    const read = await call<Deal>(t, "customer_success", "GET", `/api/v1/opportunities/${deal.id}`);
    expect(read.body.renewalOn).toBe("2027-04-01");
    const stale = await setRenewal(deal, "2027-05-01");
    expect(stale.status).toBe(409);
    const cleared = await setRenewal(set.body, null);
    expect(cleared.status).toBe(200);
    expect(cleared.body.renewalOn).toBeNull();
    const frozen = await call<ErrorBody>(t, "field_sales", "PATCH", `/api/v1/opportunities/${deal.id}`, {
      renewalOn: "2027-04-01",
      amount: 1,
      version: cleared.body.version,
    });
    expect(frozen.status).toBe(409);
    expect(frozen.body.error.code).toBe("opportunity_closed");
  });

  it("can be given when a deal is opened", async () => {
    const company = await makeCompany(t);
    const r = await call<Deal>(t, "field_sales", "POST", "/api/v1/opportunities", {
      name: "更新 at create",
      companyId: company.id,
      amount: 100_000,
      renewalOn: "2027-10-01",
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body.renewalOn).toBe("2027-10-01");
  });

  it("the list filter keeps exactly the deals renewing in the window, both ends inclusive", async () => {
    const before = await wonDeal("更新 before");
    const first = await wonDeal("更新 first");
    const last = await wonDeal("更新 last");
    const after = await wonDeal("更新 after");
    const none = await wonDeal("更新 none");
    for (const [deal, date] of [
      [before, "2030-01-31"],
      [first, "2030-02-01"],
      [last, "2030-05-01"],
      [after, "2030-05-02"],
    ] as const)
      expect((await setRenewal(deal, date)).status).toBe(200);
    const window = await ids("renewalFrom=2030-02-01&renewalTo=2030-05-01&status=won");
    expect(window.sort()).toEqual([first.id, last.id].sort());
    // Soonest renewal first, as the home lists them.
    expect(await ids("renewalFrom=2030-01-01&sort=renewalOn&order=asc")).toEqual([
      before.id,
      first.id,
      last.id,
      after.id,
    ]);
    const fromOnly = await ids("renewalFrom=2030-05-01");
    expect(fromOnly.sort()).toEqual([last.id, after.id].sort());
    expect(await ids("renewalTo=2030-01-31&renewalFrom=2030-01-01")).toEqual([before.id]);
    expect(await ids("renewalFrom=2030-01-01")).not.toContain(none.id);
  });

  it("refuses an impossible or out-of-range date naming the field", async () => {
    const deal = await wonDeal("更新 bad");
    const bad = await setRenewal(deal, "2027-02-30");
    expect(bad.status).toBe(400);
    expect(bad.body as unknown as ErrorBody).toMatchObject({
      error: { details: [{ path: "renewalOn" }] },
    });
    const far = await setRenewal(deal, "3000-01-01");
    expect(far.status).toBe(400);
    expect((far.body as unknown as ErrorBody).error.details?.[0]?.path).toBe("renewalOn");
    const query = await call<ErrorBody>(
      t,
      "customer_success",
      "GET",
      "/api/v1/opportunities?renewalTo=2026-13-45",
    );
    expect(query.status).toBe(400);
    expect(query.body.error.details?.[0]?.path).toBe("query.renewalTo");
    expect((far.body as unknown as ErrorBody).error.details?.[0]?.message).toMatch(/1900/);
  });
});
