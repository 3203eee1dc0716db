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

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t?.close());

interface Opportunity {
  id: string;
  name: string;
  stage: string;
  amount: number;
  outcome: string | null;
  version: number;
  lostReason: { key: string } | null;
  owner: { id: string } | null;
  closedOn: string | null;
}

async function sqlPerson() {
  const company = await makeCompany(t);
  const person = await makePerson(t, "marketing", { companyId: company.id });
  await moveTo(t, person.id, ["mql", "sal", "sql"]);
  return { company, person };
}

async function lostReasonId(key: string) {
  const reasons = await call<{ items: { id: string; key: string }[] }>(
    t,
    "field_sales",
    "GET",
    "/api/v1/lost-reasons",
  );
  return reasons.body.items.find((r) => r.key === key)!.id;
}

describe("opportunities", () => {
  it("opening a deal moves its SQL person to the opportunity stage", async () => {
    const { company, person } = await sqlPerson();
    const r = await call<Opportunity>(t, "field_sales", "POST", "/api/v1/opportunities", {
      name: "勤怠SaaS 300ID 導入",
      companyId: company.id,
      personId: person.id,
      amount: 3_600_000,
      expectedCloseDate: "2026-12-25",
    });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({
      stage: "discovery",
      amount: 3_600_000,
      outcome: null,
      owner: { id: t.users.field_sales.id },
    });
    const p = await call<{ stage: string }>(t, "field_sales", "GET", `/api/v1/people/${person.id}`);
    expect(p.body.stage).toBe("opportunity");
  });

  it("validates amount and dates, and that the person works at the company", async () => {
    const { company } = await sqlPerson();
    const other = await makePerson(t);
    const bad = await call<ErrorBody>(t, "field_sales", "POST", "/api/v1/opportunities", {
      name: "x",
      companyId: company.id,
      amount: -1,
      expectedCloseDate: "2026/12/25",
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details?.map((d) => d.path).sort()).toEqual(["amount", "expectedCloseDate"]);
    const mismatch = await call<ErrorBody>(t, "field_sales", "POST", "/api/v1/opportunities", {
      name: "x",
      companyId: company.id,
      personId: other.id,
      amount: 100,
    });
    expect(mismatch.status).toBe(400);
    expect(mismatch.body.error.details?.[0]?.path).toBe("personId");
    expect(
      (
        await call(t, "field_sales", "POST", "/api/v1/opportunities", {
          name: "x",
          companyId: "00000000-0000-4000-8000-000000000000",
          amount: 1,
        })
      ).status,
    ).toBe(404);
  });

  it("marketing may not open or close deals (403); unauthenticated is 401", async () => {
    const { company } = await sqlPerson();
    expect(
      (
        await call(t, "marketing", "POST", "/api/v1/opportunities", {
          name: "x",
          companyId: company.id,
          amount: 1,
        })
      ).status,
    ).toBe(403);
    expect((await call(t, null, "GET", "/api/v1/opportunities")).status).toBe(401);
  });

  it("moves stage with the version read; a stale version is 409", async () => {
    const { company } = await sqlPerson();
    const o = (
      await call<Opportunity>(t, "field_sales", "POST", "/api/v1/opportunities", {
        name: "案件",
        companyId: company.id,
        amount: 1_000_000,
      })
    ).body;
    const moved = await call<Opportunity>(t, "field_sales", "PATCH", `/api/v1/opportunities/${o.id}`, {
      stage: "proposal",
      version: o.version,
    });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ stage: "proposal", version: 2 });
    const stale = await call<ErrorBody>(t, "field_sales", "PATCH", `/api/v1/opportunities/${o.id}`, {
      stage: "negotiation",
      version: 1,
    });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe("version_conflict");
    const bad = await call<ErrorBody>(t, "field_sales", "PATCH", `/api/v1/opportunities/${o.id}`, {
      stage: "won",
      version: 2,
    });
    expect(bad.status).toBe(400);
    expect(
      (
        await call(t, "field_sales", "PATCH", "/api/v1/opportunities/00000000-0000-4000-8000-000000000000", {
          stage: "proposal",
          version: 1,
        })
      ).status,
    ).toBe(404);
  });

  it("another team's deal is 403 for inside sales, fine for its field sales owner's team", async () => {
    const { company } = await sqlPerson();
    const o = (
      await call<Opportunity>(t, "field_sales", "POST", "/api/v1/opportunities", {
        name: "他チーム",
        companyId: company.id,
        amount: 1,
      })
    ).body;
    const r = await call<ErrorBody>(t, "inside_sales", "PATCH", `/api/v1/opportunities/${o.id}`, {
      amount: 2,
      version: o.version,
    });
    expect(r.status).toBe(403);
  });

  it("closing as lost needs a reason from the taxonomy; the person follows; closed deals are frozen", async () => {
    const { company, person } = await sqlPerson();
    const o = (
      await call<Opportunity>(t, "field_sales", "POST", "/api/v1/opportunities", {
        name: "失注予定",
        companyId: company.id,
        personId: person.id,
        amount: 2_000_000,
      })
    ).body;
    const noReason = await call<ErrorBody>(t, "field_sales", "POST", `/api/v1/opportunities/${o.id}/close`, {
      outcome: "lost",
      version: o.version,
    });
    expect(noReason.status).toBe(422);
    expect(noReason.body.error).toMatchObject({
      code: "lost_reason_required",
      message: "失注にするには失注理由を選んでください。",
    });
    const unknownReason = await call<ErrorBody>(
      t,
      "field_sales",
      "POST",
      `/api/v1/opportunities/${o.id}/close`,
      {
        outcome: "lost",
        lostReasonId: "00000000-0000-4000-8000-000000000000",
        version: o.version,
      },
    );
    expect(unknownReason.status).toBe(400);
    expect(unknownReason.body.error.details?.[0]?.path).toBe("lostReasonId");
    const closed = await call<Opportunity>(t, "field_sales", "POST", `/api/v1/opportunities/${o.id}/close`, {
      outcome: "lost",
      lostReasonId: await lostReasonId("competitor"),
      note: "価格で競合に負け",
      closedOn: "2026-11-20",
      version: o.version,
    });
    expect(closed.status).toBe(200);
    expect(closed.body).toMatchObject({
      outcome: "lost",
      lostReason: { key: "competitor" },
      closedOn: "2026-11-20",
      version: 2,
    });
    expect(
      (await call<{ stage: string }>(t, "field_sales", "GET", `/api/v1/people/${person.id}`)).body.stage,
    ).toBe("lost");

    const again = await call<ErrorBody>(t, "field_sales", "POST", `/api/v1/opportunities/${o.id}/close`, {
      outcome: "won",
      version: 2,
    });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe("opportunity_closed");
    const edit = await call<ErrorBody>(t, "field_sales", "PATCH", `/api/v1/opportunities/${o.id}`, {
      amount: 1,
      version: 2,
    });
    expect(edit.body.error.code).toBe("opportunity_closed");
    expect(
      (
        await call(t, "inside_sales", "POST", `/api/v1/opportunities/${o.id}/close`, {
          outcome: "won",
          version: 2,
        })
      ).status,
    ).toBe(403);
  });

  it("winning moves the person to won; list filters by status and sorts by amount", async () => {
    const { company, person } = await sqlPerson();
    const o = (
      await call<Opportunity>(t, "field_sales", "POST", "/api/v1/opportunities", {
        name: "受注案件",
        companyId: company.id,
        personId: person.id,
        amount: 9_990_000,
      })
    ).body;
    const won = await call<Opportunity>(t, "field_sales", "POST", `/api/v1/opportunities/${o.id}/close`, {
      outcome: "won",
      version: o.version,
    });
    expect(won.status).toBe(200);
    expect(won.body.closedOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(
      (await call<{ stage: string }>(t, "field_sales", "GET", `/api/v1/people/${person.id}`)).body.stage,
    ).toBe("won");
    const wonList = await call<{ items: Opportunity[] }>(
      t,
      "manager",
      "GET",
      "/api/v1/opportunities?status=won&sort=amount&order=desc",
    );
    expect(wonList.body.items.every((i) => i.outcome === "won")).toBe(true);
    expect(wonList.body.items[0]?.id).toBe(o.id);
    const open = await call<{ items: Opportunity[] }>(
      t,
      "manager",
      "GET",
      "/api/v1/opportunities?status=open&limit=200",
    );
    expect(open.body.items.every((i) => i.outcome === null)).toBe(true);
  });

  it("concurrent closes of one deal: exactly one wins", async () => {
    const { company } = await sqlPerson();
    const o = (
      await call<Opportunity>(t, "field_sales", "POST", "/api/v1/opportunities", {
        name: "同時",
        companyId: company.id,
        amount: 1,
      })
    ).body;
    const results = await Promise.all([
      call(t, "field_sales", "POST", `/api/v1/opportunities/${o.id}/close`, {
        outcome: "won",
        version: o.version,
      }),
      call(t, "manager", "POST", `/api/v1/opportunities/${o.id}/close`, {
        outcome: "won",
        version: o.version,
      }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
  });
});
