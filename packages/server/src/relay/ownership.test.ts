import type { Role } from "@tasuki/domain";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type Handoff, jst, makeUser, teamIds } from "../test/relay-helpers.ts";
import {
  call,
  createTestApp,
  type ErrorBody,
  makeCompany,
  makePerson,
  moveTo,
  type TestApp,
} from "../test/test-app.ts";

/**
 * Side doors around a person's owner (issue 18, finding 3): every service that moves a person or
 * changes who holds them asks the same question `changePersonStage` asks.
 */
let t: TestApp;
let teams: Record<string, string>;
beforeAll(async () => {
  t = await createTestApp({ env: { SESSION_TTL_HOURS: "720" } });
  teams = await teamIds(t);
}, 60_000);
afterAll(async () => t?.close());
beforeEach(() => t.clock.set(jst("2026-06-03T10:00")));

interface Person {
  id: string;
  version: number;
  stage: string;
  team: { key: string } | null;
  owner: { id: string } | null;
}

const getPerson = async (id: string) => (await call<Person>(t, "admin", "GET", `/api/v1/people/${id}`)).body;

/** A person owned by `owner` (on the owner's team), walked by an admin to the end of `path`. */
async function heldBy(owner: Role, path: string[], companyId?: string) {
  const person = await makePerson(t, owner, {
    ownerId: t.users[owner].id,
    ...(companyId ? { companyId } : {}),
  });
  await moveTo(t, person.id, path);
  return getPerson(person.id);
}

const handOff = (as: Role, personId: string, toTeam: string, extra: Record<string, unknown> = {}) =>
  call<Handoff & ErrorBody>(t, as, "POST", "/api/v1/handoffs", {
    personId,
    toTeamId: teams[toTeam],
    whyNow: "予算と決裁者を確認済み",
    ...extra,
  });

async function openHandoffsOf(personId: string) {
  const r = await call<{ items: Handoff[] }>(
    t,
    "admin",
    "GET",
    `/api/v1/handoffs?personId=${personId}&state=pending,expired_escalated&limit=10`,
  );
  return r.body.items;
}

describe("opening a deal is not a way around the person's owner", () => {
  it("inside sales can move neither by hand nor by opening a deal a field-sales-owned SQL", async () => {
    const company = await makeCompany(t, "field_sales");
    const person = await heldBy("field_sales", ["mql", "sal", "sql"], company.id);

    const byHand = await call<ErrorBody>(t, "inside_sales", "POST", `/api/v1/people/${person.id}/stage`, {
      to: "opportunity",
      reason: "商談化",
      version: person.version,
    });
    expect(byHand.status).toBe(403);

    const byDeal = await call<ErrorBody>(t, "inside_sales", "POST", "/api/v1/opportunities", {
      name: "勤怠SaaS 横取り",
      companyId: company.id,
      personId: person.id,
      amount: 1_000_000,
    });
    expect(byDeal.status).toBe(403);
    expect(byDeal.body.error.code).toBe("forbidden");
    expect((await getPerson(person.id)).stage).toBe("sql");
    const deals = await call<{ items: { id: string }[] }>(
      t,
      "admin",
      "GET",
      `/api/v1/opportunities?companyId=${company.id}&limit=10`,
    );
    expect(deals.body.items).toEqual([]);
  });

  it("the person's owner, a teammate and a manager still open deals that move the person", async () => {
    for (const as of ["field_sales", "manager"] as const) {
      const company = await makeCompany(t, "field_sales");
      const person = await heldBy("field_sales", ["mql", "sal", "sql"], company.id);
      const r = await call(t, as, "POST", "/api/v1/opportunities", {
        name: `勤怠SaaS（${as}）`,
        companyId: company.id,
        personId: person.id,
        amount: 1_000_000,
      });
      expect(r.status).toBe(201);
      expect((await getPerson(person.id)).stage).toBe("opportunity");
    }
  });

  it("a deal that does not move the person (a customer buying more) needs no hold on them", async () => {
    const company = await makeCompany(t, "customer_success");
    const customer = await heldBy(
      "customer_success",
      ["mql", "sal", "sql", "opportunity", "won", "customer"],
      company.id,
    );
    const r = await call(t, "field_sales", "POST", "/api/v1/opportunities", {
      name: "追加ライセンス",
      companyId: company.id,
      personId: customer.id,
      amount: 500_000,
    });
    expect(r.status).toBe(201);
    expect(await getPerson(customer.id)).toMatchObject({
      stage: "customer",
      owner: { id: t.users.customer_success.id },
    });
  });

  it("linking someone else's person to one's own deal and closing it does not move them either", async () => {
    const company = await makeCompany(t, "inside_sales");
    const person = await heldBy("inside_sales", ["mql", "sal", "sql", "opportunity"], company.id);
    const deal = await call<{ id: string; version: number }>(
      t,
      "field_sales",
      "POST",
      "/api/v1/opportunities",
      {
        name: "人物なしの商談",
        companyId: company.id,
        amount: 100_000,
      },
    );
    expect(deal.status).toBe(201);
    const linked = await call<{ version: number }>(
      t,
      "field_sales",
      "PATCH",
      `/api/v1/opportunities/${deal.body.id}`,
      {
        personId: person.id,
        version: deal.body.version,
      },
    );
    expect(linked.status).toBe(200);
    const reasons = await call<{ items: { id: string }[] }>(t, "field_sales", "GET", "/api/v1/lost-reasons");
    const closed = await call<ErrorBody>(
      t,
      "field_sales",
      "POST",
      `/api/v1/opportunities/${deal.body.id}/close`,
      {
        outcome: "lost",
        lostReasonId: reasons.body.items[0]!.id,
        version: linked.body.version,
      },
    );
    expect(closed.status).toBe(403);
    expect((await getPerson(person.id)).stage).toBe("opportunity");
  });
});

describe("handing off: only the holder, only on its own leg", () => {
  it("field sales cannot hand an inside-sales-owned SAL to customer success (the reported chain)", async () => {
    const person = await heldBy("inside_sales", ["mql", "sal"]);
    const r = await handOff("field_sales", person.id, "customer_success");
    expect(r.status).toBe(403);
    expect(r.body.error.code).toBe("handoff_not_holder");
    expect(r.body.error.message).toContain("別のチームの担当");
    expect(await openHandoffsOf(person.id)).toEqual([]);
    expect(await getPerson(person.id)).toMatchObject({
      stage: "sal",
      team: { key: "inside_sales" },
      owner: { id: t.users.inside_sales.id },
    });
  });

  it("a manager may hand anyone on, but not a SAL to customer success: the stage must fit the edge", async () => {
    const person = await heldBy("inside_sales", ["mql", "sal"]);
    const ja = await handOff("manager", person.id, "customer_success", { fromTeamId: teams.field_sales });
    expect(ja.status).toBe(409);
    expect(ja.body.error.code).toBe("handoff_stage_mismatch");
    expect(ja.body.error.message).toContain("「SAL」");
    expect(ja.body.error.message).toContain("「フィールドセールス」から「カスタマーサクセス」");
    const en = await call<ErrorBody>(
      t,
      "manager",
      "POST",
      "/api/v1/handoffs",
      {
        personId: person.id,
        fromTeamId: teams.field_sales,
        toTeamId: teams.customer_success,
        whyNow: "x",
      },
      { "accept-language": "en" },
    );
    expect(en.body.error.message).toMatch(/at SAL cannot be handed from Field Sales to Customer Success/);
    expect(en.body.error.message).toMatch(/Customer Success takes people at Won, Customer/i);
    expect(await openHandoffsOf(person.id)).toEqual([]);
  });

  it.each([
    ["marketing", "inside_sales", ["mql", "sal"], "sal"],
    ["inside_sales", "field_sales", ["mql"], "mql"],
    ["inside_sales", "field_sales", ["mql", "sal", "sql", "opportunity"], "opportunity"],
    ["field_sales", "customer_success", ["mql", "sal", "sql"], "sql"],
  ] as const)(
    "%s holding the person cannot hand them to %s at the wrong stage (%s)",
    async (from, to, path, stage) => {
      const person = await heldBy(from, [...path]);
      const r = await handOff(from, person.id, to);
      expect(r.status).toBe(409);
      expect(r.body.error.code).toBe("handoff_stage_mismatch");
      expect((await getPerson(person.id)).stage).toBe(stage);
    },
  );

  it.each([
    ["marketing", "inside_sales", []],
    ["marketing", "inside_sales", ["mql"]],
    ["marketing", "inside_sales", ["mql", "recycled"]],
    ["inside_sales", "field_sales", ["mql", "sal"]],
    ["inside_sales", "field_sales", ["mql", "sal", "sql"]],
    ["field_sales", "customer_success", ["mql", "sal", "sql", "opportunity", "won"]],
  ] as const)("%s hands its own person on to %s after %j", async (from, to, path) => {
    const person = await heldBy(from, [...path]);
    const r = await handOff(from, person.id, to);
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ state: "pending", fromTeam: { key: from }, toTeam: { key: to } });
  });

  it("a teammate of the owner may hand on, and so may anyone whose leg it is for an unowned person", async () => {
    const teammate = await makeUser(t, "inside_sales", "同僚");
    const person = await makePerson(t, "inside_sales", { ownerId: teammate.id });
    await moveTo(t, person.id, ["mql", "sal"]);
    expect((await handOff("inside_sales", person.id, "field_sales")).status).toBe(201);

    const unowned = await makePerson(t, "marketing");
    expect((await handOff("marketing", unowned.id, "inside_sales")).status).toBe(201);
  });

  it("someone else's person is refused even on the sender's own leg; an admin may hand anyone on", async () => {
    const person = await heldBy("inside_sales", ["mql", "sal", "sql", "recycled"]);
    expect((await handOff("marketing", person.id, "inside_sales")).status).toBe(403);
    expect((await handOff("admin", person.id, "inside_sales", { fromTeamId: teams.marketing })).status).toBe(
      201,
    );
  });
});

describe("accepting and assigning", () => {
  it("only the receiving team (or a manager/admin) accepts; the person goes to the receiver", async () => {
    const person = await heldBy("inside_sales", ["mql", "sal"]);
    const h = await handOff("inside_sales", person.id, "field_sales");
    expect(h.status).toBe(201);
    for (const role of ["customer_success", "marketing", "inside_sales"] as const) {
      const r = await call<ErrorBody>(t, role, "POST", `/api/v1/handoffs/${h.body.id}/accept`, {
        version: h.body.version,
      });
      expect(r.status, role).toBe(403);
    }
    const ok = await call<Handoff>(t, "field_sales", "POST", `/api/v1/handoffs/${h.body.id}/accept`, {
      version: h.body.version,
    });
    expect(ok.status).toBe(200);
    expect(await getPerson(person.id)).toMatchObject({
      stage: "sql",
      team: { key: "field_sales" },
      owner: { id: t.users.field_sales.id },
    });
  });

  it("nobody outside the holder's team reassigns the person to themselves", async () => {
    const person = await heldBy("field_sales", ["mql", "sal", "sql"]);
    const grab = await call<ErrorBody>(t, "inside_sales", "PATCH", `/api/v1/people/${person.id}`, {
      ownerId: t.users.inside_sales.id,
      teamId: teams.inside_sales,
      version: person.version,
    });
    expect(grab.status).toBe(403);
    expect(await getPerson(person.id)).toMatchObject({ owner: { id: t.users.field_sales.id } });
  });
});
