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

  it("edits name, amount, expected close date and contact after creation; refuses a negative amount", async () => {
    const { company, person } = await sqlPerson();
    const colleague = await makePerson(t, "marketing", { companyId: company.id });
    const o = (
      await call<Opportunity>(t, "field_sales", "POST", "/api/v1/opportunities", {
        name: "編集前",
        companyId: company.id,
        personId: person.id,
        amount: 1_000_000,
      })
    ).body;
    const edited = await call<Opportunity & { expectedCloseDate: string; person: { id: string } }>(
      t,
      "field_sales",
      "PATCH",
      `/api/v1/opportunities/${o.id}`,
      {
        name: "編集後 300ID",
        amount: 2_500_000,
        expectedCloseDate: "2027-03-31",
        personId: colleague.id,
        version: o.version,
      },
    );
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({
      name: "編集後 300ID",
      amount: 2_500_000,
      expectedCloseDate: "2027-03-31",
      person: { id: colleague.id },
      version: o.version + 1,
    });
    // A minus sign is refused and named, never dropped (the amount stays 2,500,000).
    for (const locale of ["ja", "en"]) {
      const negative = await call<ErrorBody>(
        t,
        "field_sales",
        "PATCH",
        `/api/v1/opportunities/${o.id}`,
        { amount: -2_500_000, version: edited.body.version },
        { "accept-language": locale },
      );
      expect(negative.status).toBe(400);
      expect(negative.body.error.details).toEqual([
        {
          path: "amount",
          message:
            locale === "ja"
              ? "金額は0円以上で入力してください（マイナスは使えません）"
              : "the amount cannot be negative",
        },
      ]);
    }
    const created = await call<ErrorBody>(t, "field_sales", "POST", "/api/v1/opportunities", {
      name: "マイナス",
      companyId: company.id,
      amount: -5000,
    });
    expect(created.status).toBe(400);
    expect(created.body.error.details?.[0]?.path).toBe("amount");
    const after = await call<Opportunity>(t, "field_sales", "GET", `/api/v1/opportunities/${o.id}`);
    expect(after.body.amount).toBe(2_500_000);
    const blank = await call<ErrorBody>(t, "field_sales", "PATCH", `/api/v1/opportunities/${o.id}`, {
      name: " ",
      expectedCloseDate: "2027-02-30",
      version: edited.body.version,
    });
    expect(blank.status).toBe(400);
    expect(blank.body.error.details?.map((d) => d.path).sort()).toEqual(["expectedCloseDate", "name"]);
    const stale = await call<ErrorBody>(t, "field_sales", "PATCH", `/api/v1/opportunities/${o.id}`, {
      name: "古い版",
      version: o.version,
    });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe("version_conflict");
    const missing = await call(
      t,
      "field_sales",
      "PATCH",
      "/api/v1/opportunities/00000000-0000-4000-8000-000000000000",
      {
        name: "x",
        version: 1,
      },
    );
    expect(missing.status).toBe(404);
    expect(
      (await call(t, "marketing", "PATCH", `/api/v1/opportunities/${o.id}`, { name: "x", version: 2 }))
        .status,
    ).toBe(403);
  });
});

describe("reopenOpportunity", () => {
  type Kpi = { kpi: string; numerator: number | null; denominator: number | null; value: number | null };
  const OCT = "from=2025-10-01&to=2025-10-31";
  async function wonInOctober() {
    const k = await call<{ kpis: Kpi[] }>(t, "manager", "GET", `/api/v1/analytics/marketing-kpis?${OCT}`);
    const by = Object.fromEntries(k.body.kpis.map((x) => [x.kpi, x]));
    return {
      won: by.wonAmount?.numerator ?? 0,
      wonAmount: by.wonAmount?.value ?? 0,
      closed: by.winRate?.denominator ?? 0,
    };
  }
  async function closedDeal(outcome: "won" | "lost", amount = 4_000_000) {
    const { company, person } = await sqlPerson();
    const o = (
      await call<Opportunity>(t, "field_sales", "POST", "/api/v1/opportunities", {
        name: `再開テスト ${outcome}`,
        companyId: company.id,
        personId: person.id,
        amount,
        stage: "negotiation",
      })
    ).body;
    const closed = await call<Opportunity>(t, "field_sales", "POST", `/api/v1/opportunities/${o.id}/close`, {
      outcome,
      lostReasonId: outcome === "lost" ? await lostReasonId("competitor") : undefined,
      note: "決定",
      closedOn: "2025-10-15",
      version: o.version,
    });
    expect(closed.status).toBe(200);
    return closed.body;
  }

  it("a reopened won deal is open again, leaves the won count of its period and is audited with its reason", async () => {
    const before = await wonInOctober();
    const won = await closedDeal("won");
    const closedCount = await wonInOctober();
    expect(closedCount.won).toBe(before.won + 1);
    expect(closedCount.wonAmount).toBe(before.wonAmount + 4_000_000);

    const r = await call<Opportunity & { closeNote: string | null }>(
      t,
      "field_sales",
      "POST",
      `/api/v1/opportunities/${won.id}/reopen`,
      { reason: "先方の稟議が差し戻しになった", version: won.version },
    );
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      outcome: null,
      closedOn: null,
      lostReason: null,
      closeNote: null,
      stage: "negotiation",
      version: won.version + 1,
    });
    const afterReopen = await wonInOctober();
    expect(afterReopen.won).toBe(before.won);
    expect(afterReopen.wonAmount).toBe(before.wonAmount);

    const audit = (await t.testDatabase.database.db.execute(
      `select action, actor_user_id, after from audit_log where entity_id = '${won.id}' and action = 'opportunity.reopen'` as never,
    )) as unknown as { rows: { actor_user_id: string; after: { reopenReason: string; outcome: null } }[] };
    expect(audit.rows).toHaveLength(1);
    expect(audit.rows[0]).toMatchObject({
      actor_user_id: t.users.field_sales.id,
      after: { reopenReason: "先方の稟議が差し戻しになった", outcome: null },
    });

    // Open again: editable and closable, and it appears among open deals.
    const edit = await call<Opportunity>(t, "field_sales", "PATCH", `/api/v1/opportunities/${won.id}`, {
      amount: 3_000_000,
      version: r.body.version,
    });
    expect(edit.status).toBe(200);
    const open = await call<{ items: Opportunity[] }>(
      t,
      "field_sales",
      "GET",
      `/api/v1/opportunities?status=open&q=${encodeURIComponent("再開テスト won")}&limit=200`,
    );
    expect(open.body.items.map((i) => i.id)).toContain(won.id);
  });

  it("a reopened lost deal leaves the closed count, and may go back to a chosen open stage", async () => {
    const before = await wonInOctober();
    const lost = await closedDeal("lost");
    expect((await wonInOctober()).closed).toBe(before.closed + 1);
    const r = await call<Opportunity>(t, "manager", "POST", `/api/v1/opportunities/${lost.id}/reopen`, {
      reason: "予算が再確保された",
      stage: "proposal",
      version: lost.version,
    });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ outcome: null, stage: "proposal", lostReason: null });
    const after = await wonInOctober();
    expect(after.closed).toBe(before.closed);
    expect(after.won).toBe(before.won);
  });

  it("refuses a missing reason, an open deal, a stale version, an unknown deal and a role that cannot close", async () => {
    const won = await closedDeal("won");
    for (const [locale, message] of [
      ["ja", "再開する理由を入力してください"],
      ["en", "give the reason for reopening"],
    ] as const) {
      const noReason = await call<ErrorBody>(
        t,
        "field_sales",
        "POST",
        `/api/v1/opportunities/${won.id}/reopen`,
        { reason: "  ", version: won.version },
        { "accept-language": locale },
      );
      expect(noReason.status).toBe(400);
      expect(noReason.body.error.details).toEqual([{ path: "reason", message }]);
    }
    const badStage = await call<ErrorBody>(
      t,
      "field_sales",
      "POST",
      `/api/v1/opportunities/${won.id}/reopen`,
      {
        reason: "x",
        stage: "won",
        version: won.version,
      },
    );
    expect(badStage.status).toBe(400);
    expect(badStage.body.error.details?.[0]?.path).toBe("stage");
    const stale = await call<ErrorBody>(t, "field_sales", "POST", `/api/v1/opportunities/${won.id}/reopen`, {
      reason: "x",
      version: won.version - 1,
    });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe("version_conflict");
    expect(
      (
        await call(t, "inside_sales", "POST", `/api/v1/opportunities/${won.id}/reopen`, {
          reason: "x",
          version: won.version,
        })
      ).status,
    ).toBe(403);
    expect(
      (
        await call(
          t,
          "field_sales",
          "POST",
          "/api/v1/opportunities/00000000-0000-4000-8000-000000000000/reopen",
          {
            reason: "x",
            version: 1,
          },
        )
      ).status,
    ).toBe(404);
    expect(
      (await call(t, null, "POST", `/api/v1/opportunities/${won.id}/reopen`, { reason: "x", version: 1 }))
        .status,
    ).toBe(401);
    const reopened = await call<Opportunity>(
      t,
      "field_sales",
      "POST",
      `/api/v1/opportunities/${won.id}/reopen`,
      {
        reason: "再検討",
        version: won.version,
      },
    );
    expect(reopened.status).toBe(200);
    const again = await call<ErrorBody>(
      t,
      "field_sales",
      "POST",
      `/api/v1/opportunities/${won.id}/reopen`,
      { reason: "もう一度", version: reopened.body.version },
      { "accept-language": "en" },
    );
    expect(again.status).toBe(409);
    expect(again.body.error).toMatchObject({
      code: "opportunity_not_closed",
      message: "This opportunity is still open, so there is nothing to reopen.",
    });
  });
});
