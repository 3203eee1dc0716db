import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { waitForJob } from "../jobs/jobs.service.ts";
import { makeUser } from "../test/relay-helpers.ts";
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

interface Version {
  id: string;
  number: number;
  status: string;
  marketingApproval: { by: { id: string } } | null;
  salesApproval: { by: { id: string } } | null;
  rejection: { comment: string } | null;
  comments: { body: string }[];
}
interface Definition {
  id: string;
  key: string;
  current: Version | null;
  open: Version | null;
  versions: Version[];
}
interface Job {
  id: string;
  status: string;
  progress: { done: number; total: number };
  result: Record<string, unknown> | null;
}

const MQL =
  "company.employees >= 50 && count('資料請求', days(30)) >= 1 && !(person.email_domain in freemail)";

async function createDefinition(key: string, expression: string, extra: Record<string, unknown> = {}) {
  const r = await call<Definition>(t, "marketing", "POST", "/api/v1/definitions", {
    key,
    nameJa: key.toUpperCase(),
    nameEn: key.toUpperCase(),
    description: `${key} の定義`,
    marketingOwnerId: t.users.marketing.id,
    salesOwnerId: t.users.inside_sales.id,
    expression,
    ...extra,
  });
  if (r.status !== 201) throw new Error(JSON.stringify(r.body));
  return r.body;
}

async function proposeAndApprove(definitionId: string, expression: string) {
  const proposed = await call<Definition>(
    t,
    "marketing",
    "POST",
    `/api/v1/definitions/${definitionId}/versions`,
    { expression, changeNote: "test" },
  );
  expect(proposed.status, JSON.stringify(proposed.body)).toBe(201);
  const versionId = proposed.body.open!.id;
  await call(t, "marketing", "POST", `/api/v1/definitions/${definitionId}/versions/${versionId}/approve`, {
    proseMatchesRule: true,
  });
  const approved = await call<{ definition: Definition; sweep: Job | null }>(
    t,
    "inside_sales",
    "POST",
    `/api/v1/definitions/${definitionId}/versions/${versionId}/approve`,
    { comment: "営業側OK", proseMatchesRule: true },
  );
  expect(approved.status, JSON.stringify(approved.body)).toBe(200);
  if (approved.body.sweep) await waitForJob(approved.body.sweep.id);
  return { versionId, ...approved.body };
}

async function qualifiedLead(email = `lead-${Math.random()}@maker.co.jp`) {
  const company = await makeCompany(t, "marketing", { employeeBand: "100-299" });
  return makePerson(t, "marketing", { companyId: company.id, email });
}

describe("validateExpression", () => {
  it("answers the type for a valid expression and positioned errors for a bad one", async () => {
    const ok = await call<{ valid: boolean; type: string }>(
      t,
      "field_sales",
      "POST",
      "/api/v1/definitions/validate",
      { expression: MQL },
    );
    expect(ok.body).toEqual({ valid: true, type: "bool", errors: [] });
    const bad = await call<{
      valid: boolean;
      errors: { code: string; line: number; column: number; message: string }[];
    }>(t, "field_sales", "POST", "/api/v1/definitions/validate", {
      expression: "company.employees >= 50 &&\ncount('展示会場', days(30)) > 0",
    });
    expect(bad.body.valid).toBe(false);
    expect(bad.body.errors[0]).toMatchObject({ code: "unknown_activity_type", line: 2, column: 7 });
    expect(bad.body.errors[0]?.message).toContain("展示会場");
    const en = await call<{ errors: { message: string }[] }>(
      t,
      "field_sales",
      "POST",
      "/api/v1/definitions/validate",
      { expression: "company.foo > 1" },
      { "accept-language": "en" },
    );
    expect(en.body.errors[0]?.message).toContain('There is no field "foo"');
    expect((await call(t, null, "POST", "/api/v1/definitions/validate", { expression: "true" })).status).toBe(
      401,
    );
  });
});

describe("definitions and two-sided sign-off", () => {
  it("a definition starts as a draft; an invalid expression is refused with its position", async () => {
    const bad = await call<ErrorBody>(t, "marketing", "POST", "/api/v1/definitions", {
      key: "bad_one",
      nameJa: "x",
      nameEn: "x",
      description: "x",
      marketingOwnerId: t.users.marketing.id,
      salesOwnerId: t.users.field_sales.id,
      expression: "company.employees >= (50",
    });
    expect(bad.status).toBe(422);
    expect(bad.body.error.code).toBe("invalid_expression");
    expect(bad.body.error.message).toContain("1行25列");
    const d = await createDefinition("draft_only", "person.title == '部長'");
    expect(d.current).toBeNull();
    expect(d.open).toMatchObject({ number: 1, status: "draft" });
    const dup = await call<ErrorBody>(t, "marketing", "POST", "/api/v1/definitions", {
      key: "draft_only",
      nameJa: "x",
      nameEn: "x",
      description: "x",
      marketingOwnerId: t.users.marketing.id,
      salesOwnerId: t.users.field_sales.id,
      expression: "true",
    });
    expect(dup.status).toBe(409);
  });

  it("needs one marketing and one sales signature; each side signs once; others may not sign", async () => {
    const d = await createDefinition("sql_test", "person.temperature == 'hot'", { targetStage: "sql" });
    const proposed = await call<Definition>(
      t,
      "inside_sales",
      "POST",
      `/api/v1/definitions/${d.id}/versions`,
      {
        expression: "person.temperature in ['hot', 'warm']",
        changeNote: "warm も含める",
      },
    );
    expect(proposed.status).toBe(201);
    const v = proposed.body.open!;
    expect(v).toMatchObject({ number: 1, status: "proposed" });
    const url = `/api/v1/definitions/${d.id}/versions/${v.id}/approve`;

    const confirm = { proseMatchesRule: true };
    const first = await call<{ definition: Definition }>(t, "inside_sales", "POST", url, confirm);
    expect(first.status).toBe(200);
    expect(first.body.definition.open).toMatchObject({
      status: "proposed",
      salesApproval: { by: { id: t.users.inside_sales.id }, proseMatchesRule: true },
    });
    const again = await call<ErrorBody>(t, "field_sales", "POST", url, confirm);
    expect(again.status).toBe(409);
    expect(again.body.error).toMatchObject({
      code: "already_signed",
      message: expect.stringContaining("営業側は既に署名済み"),
    });
    const admin = await call<ErrorBody>(t, "admin", "POST", url, confirm);
    expect(admin.status).toBe(403);
    expect(admin.body.error.code).toBe("approver_side_required");
    expect((await call(t, "manager", "POST", url, confirm)).status).toBe(403);
    expect((await call(t, "customer_success", "POST", url, confirm)).status).toBe(403);

    const second = await call<{ definition: Definition; sweep: Job | null }>(
      t,
      "marketing",
      "POST",
      url,
      confirm,
    );
    expect(second.status).toBe(200);
    expect(second.body.definition.current).toMatchObject({ id: v.id, status: "approved" });
    expect(second.body.definition.open).toBeNull();
    expect(second.body.sweep).toBeNull(); // SQL does not move people by itself

    const afterApproval = await call<ErrorBody>(t, "marketing", "POST", url, confirm);
    expect(afterApproval.body.error.code).toBe("definition_not_proposed");
  });

  it("a rejected version cannot be approved; rejection needs a comment; a new version supersedes the old", async () => {
    const d = await createDefinition("hot_test", "person.temperature == 'hot'");
    const { versionId: v1 } = await proposeAndApprove(d.id, "person.temperature == 'hot'");
    const p2 = await call<Definition>(t, "marketing", "POST", `/api/v1/definitions/${d.id}/versions`, {
      expression: "true",
      changeNote: "全員を対象にする",
    });
    const v2 = p2.body.open!.id;
    const blocked = await call<ErrorBody>(t, "marketing", "POST", `/api/v1/definitions/${d.id}/versions`, {
      expression: "false",
      changeNote: "誰も対象にしない",
    });
    expect(blocked.status).toBe(409);
    expect(blocked.body.error.code).toBe("open_version_exists");
    const noComment = await call<ErrorBody>(
      t,
      "field_sales",
      "POST",
      `/api/v1/definitions/${d.id}/versions/${v2}/reject`,
      {},
    );
    expect(noComment.status).toBe(400);
    const rejected = await call<Definition>(
      t,
      "field_sales",
      "POST",
      `/api/v1/definitions/${d.id}/versions/${v2}/reject`,
      {
        comment: "全員ホットになってしまう",
      },
    );
    expect(rejected.status).toBe(200);
    expect(rejected.body.versions.find((v) => v.id === v2)).toMatchObject({
      status: "rejected",
      rejection: { comment: "全員ホットになってしまう" },
    });
    const approveRejected = await call<ErrorBody>(
      t,
      "marketing",
      "POST",
      `/api/v1/definitions/${d.id}/versions/${v2}/approve`,
      { proseMatchesRule: true },
    );
    expect(approveRejected.status).toBe(409);
    expect(approveRejected.body.error.code).toBe("definition_not_proposed");

    const { definition } = await proposeAndApprove(d.id, "person.temperature in ['hot']");
    expect(definition.versions.map((v) => [v.number, v.status])).toEqual([
      [3, "approved"],
      [2, "rejected"],
      [1, "superseded"],
    ]);
    expect(definition.versions.find((v) => v.id === v1)?.status).toBe("superseded");
    const audit = (await t.testDatabase.database.db.execute(
      `select action from audit_log where entity_type = 'definition_version' order by id` as never,
    )) as unknown as { rows: { action: string }[] };
    expect(audit.rows.map((r) => r.action)).toEqual(
      expect.arrayContaining(["definition.sign", "definition.approve", "definition.reject"]),
    );
  });

  it("404 for an unknown definition, 401 without auth", async () => {
    expect(
      (await call(t, "marketing", "GET", "/api/v1/definitions/00000000-0000-4000-8000-000000000000")).status,
    ).toBe(404);
    expect((await call(t, null, "GET", "/api/v1/definitions")).status).toBe(401);
  });
});

describe("definitions drive the relay", () => {
  it("approving MQL sweeps everyone who meets it to MQL, citing the version; the rest stay", async () => {
    const meets = await qualifiedLead();
    const freemail = await qualifiedLead(`someone-${Date.now()}@gmail.com`);
    const quiet = await qualifiedLead();
    for (const p of [meets, freemail]) {
      await call(t, "marketing", "POST", "/api/v1/activities", { personId: p.id, type: "document_request" });
    }
    const d = await createDefinition("mql", MQL, { targetStage: "mql", autoAdvance: true });
    const { versionId, sweep } = await proposeAndApprove(d.id, MQL);
    expect(sweep).not.toBeNull();
    const job = await call<Job>(t, "marketing", "GET", `/api/v1/jobs/${sweep!.id}`);
    expect(job.body.status, JSON.stringify(job.body)).toBe("succeeded");
    expect(job.body.result?.moved).toBeGreaterThanOrEqual(1);
    // Everyone in the stages it sweeps from, counted once (the chunk size is far larger).
    expect(job.body.progress.total).toBeGreaterThanOrEqual(3);
    expect(job.body.progress.done).toBe(job.body.progress.total);

    const stageOf = async (id: string) =>
      (await call<{ stage: string }>(t, "marketing", "GET", `/api/v1/people/${id}`)).body.stage;
    expect(await stageOf(meets.id)).toBe("mql");
    expect(await stageOf(freemail.id)).toBe("lead");
    expect(await stageOf(quiet.id)).toBe("lead");
    const timeline = await call<{
      items: { stageChange: { to: string; definitionVersionId: string | null; reason: string } | null }[];
    }>(t, "marketing", "GET", `/api/v1/people/${meets.id}/timeline`);
    expect(timeline.body.items.find((i) => i.stageChange?.to === "mql")?.stageChange).toMatchObject({
      definitionVersionId: versionId,
      reason: expect.stringContaining("MQL"),
    });

    // …and the baton goes on: a pending handoff to inside sales with the definition as its why.
    const handoffs = (await t.testDatabase.database.db.execute(
      `select h.state, h.why_now, f.key as from_key, t.key as to_key, cardinality(h.engaged_activity_ids) as engaged
       from handoffs h join teams f on f.id = h.from_team_id join teams t on t.id = h.to_team_id
       where h.person_id = '${meets.id}'` as never,
    )) as unknown as {
      rows: { state: string; why_now: string; from_key: string; to_key: string; engaged: number }[];
    };
    expect(handoffs.rows).toEqual([
      {
        state: "pending",
        why_now: expect.stringContaining("MQL"),
        from_key: "marketing",
        to_key: "inside_sales",
        engaged: 1,
      },
    ]);

    // New engagement moves a lead at once, in the same write.
    await call(t, "marketing", "POST", "/api/v1/activities", {
      personId: quiet.id,
      type: "document_request",
    });
    expect(await stageOf(quiet.id)).toBe("mql");

    // A recycled person needs engagement after recycling to come back.
    await moveTo(t, meets.id, ["recycled"]);
    await call(t, "marketing", "PATCH", `/api/v1/people/${meets.id}`, {
      title: "部長",
      version: (await call<{ version: number }>(t, "marketing", "GET", `/api/v1/people/${meets.id}`)).body
        .version,
    });
    expect(await stageOf(meets.id)).toBe("recycled");
    await call(t, "marketing", "POST", "/api/v1/activities", {
      personId: meets.id,
      type: "document_request",
    });
    expect(await stageOf(meets.id)).toBe("mql");

    // A company edit that makes its people meet the definition moves them in the same write.
    const small = await makeCompany(t, "marketing", { employeeBand: "10-49" });
    const atSmall = await makePerson(t, "marketing", { companyId: small.id });
    await call(t, "marketing", "POST", "/api/v1/activities", {
      personId: atSmall.id,
      type: "document_request",
    });
    expect(await stageOf(atSmall.id)).toBe("lead");
    const grown = await call(t, "marketing", "PATCH", `/api/v1/companies/${small.id}`, {
      employeeBand: "100-299",
      version: small.version,
    });
    expect(grown.status, JSON.stringify(grown.body)).toBe(200);
    expect(await stageOf(atSmall.id)).toBe("mql");

    const flags = await call<{ items: { definition: { key: string }; satisfied: boolean }[] }>(
      t,
      "marketing",
      "GET",
      `/api/v1/people/${freemail.id}/definitions`,
    );
    expect(flags.body.items.find((i) => i.definition.key === "mql")?.satisfied).toBe(false);
  });

  it("a batch that qualifies several leads hands each on in the same write, assigned in turn", async () => {
    await makeUser(t, "inside_sales", "三号");
    const settings = await call<{ items: { team: { id: string; key: string }; version: number }[] }>(
      t,
      "manager",
      "GET",
      "/api/v1/relay-team-settings",
    );
    const is = settings.body.items.find((s) => s.team.key === "inside_sales")!;
    const set = await call<{ version: number }>(
      t,
      "manager",
      "PUT",
      `/api/v1/relay-team-settings/${is.team.id}`,
      {
        assignmentMode: "round_robin",
        version: is.version,
      },
    );
    expect(set.status).toBe(200);
    const leads = [];
    for (let i = 0; i < 4; i++) leads.push(await qualifiedLead());
    const hourAgo = new Date(Date.now() - 3_600_000).toISOString();
    const batch = await call<{ items: { id: string; personId: string; type: string }[] }>(
      t,
      "marketing",
      "POST",
      "/api/v1/activities/batch",
      {
        items: leads.flatMap((p) => [
          { personId: p.id, type: "page_view", occurredAt: hourAgo },
          { personId: p.id, type: "document_request" },
        ]),
      },
    );
    expect(batch.status, JSON.stringify(batch.body)).toBe(201);

    const db = t.testDatabase.database.db;
    const ids = leads.map((p) => `'${p.id}'`).join(",");
    const { rows } = (await db.execute(
      `select h.id, h.person_id, h.state, h.assignee_user_id, h.engaged_activity_ids::text[] as engaged,
         (select count(*)::int from notifications n where n.handoff_id = h.id and n.type = 'handoff.created'
            and n.user_id = h.assignee_user_id) as notified,
         (select count(*)::int from audit_log a where a.entity_id::text = h.id::text and a.action = 'handoff.create') as audited
       from handoffs h where h.person_id in (${ids}) order by h.created_at, h.id` as never,
    )) as unknown as {
      rows: {
        id: string;
        person_id: string;
        state: string;
        assignee_user_id: string | null;
        engaged: string[];
        notified: number;
        audited: number;
      }[];
    };
    expect(rows).toHaveLength(4);
    const members = (
      (await db.execute(
        `select u.id from users u where u.team_id = '${is.team.id}' and u.active order by u.created_at, u.id` as never,
      )) as unknown as { rows: { id: string }[] }
    ).rows.map((r) => r.id);
    expect(members.length).toBeGreaterThanOrEqual(2);
    // In turn, as if they had arrived one at a time: no member gets a second before every member had one.
    const counts = new Map<string, number>();
    for (const r of rows) counts.set(r.assignee_user_id!, (counts.get(r.assignee_user_id!) ?? 0) + 1);
    expect(Math.max(...counts.values()) - Math.min(...counts.values())).toBeLessThanOrEqual(1);
    expect(counts.size).toBe(Math.min(4, members.length));
    for (const r of rows) {
      expect(r.state).toBe("pending");
      expect(r.notified).toBe(1);
      expect(r.audited).toBe(1);
      const mine = batch.body.items.filter((a) => a.personId === r.person_id);
      // The baton note lists their activities newest first: the document request, then the page view.
      expect(r.engaged).toEqual([
        mine.find((a) => a.type === "document_request")!.id,
        mine.find((a) => a.type === "page_view")!.id,
      ]);
    }
    await call(t, "manager", "PUT", `/api/v1/relay-team-settings/${is.team.id}`, { assignmentMode: "queue" });
  });

  it("a manual move may cite a definition: it is checked, and recorded", async () => {
    const d = await createDefinition("sal_gate", "person.temperature != ''", { targetStage: "sal" });
    const { versionId } = await proposeAndApprove(d.id, "person.temperature != ''");
    const p = await makePerson(t);
    const mql = await moveTo(t, p.id, ["mql"]);
    const notMet = await call<ErrorBody>(t, "inside_sales", "POST", `/api/v1/people/${p.id}/stage`, {
      to: "sal",
      definitionVersionId: versionId,
      version: mql.version,
    });
    expect(notMet.status).toBe(422);
    expect(notMet.body.error.message).toContain("SAL_GATE」v1 の条件を満たしていません");
    const warm = await call<{ version: number }>(t, "inside_sales", "PATCH", `/api/v1/people/${p.id}`, {
      temperature: "warm",
      version: mql.version,
    });
    const moved = await call<{ stageChange: { definitionVersionId: string; reason: string } }>(
      t,
      "inside_sales",
      "POST",
      `/api/v1/people/${p.id}/stage`,
      { to: "sal", definitionVersionId: versionId, version: warm.body.version },
    );
    expect(moved.status).toBe(200);
    expect(moved.body.stageChange).toMatchObject({
      definitionVersionId: versionId,
      reason: "定義「SAL_GATE」v1 を満たす",
    });
    const wrongStage = await call<ErrorBody>(t, "inside_sales", "POST", `/api/v1/people/${p.id}/stage`, {
      to: "sql",
      definitionVersionId: versionId,
      version: warm.body.version + 1,
    });
    expect(wrongStage.status).toBe(400);
    expect(wrongStage.body.error.details?.[0]?.path).toBe("definitionVersionId");
    const neither = await call<ErrorBody>(t, "inside_sales", "POST", `/api/v1/people/${p.id}/stage`, {
      to: "sql",
      version: 1,
    });
    expect(neither.status).toBe(400);
    expect(neither.body.error.details?.[0]?.path).toBe("reason");
  });
});

describe("impact backtest", () => {
  it("compares a proposal with the version in force over a cohort, with outcomes and samples", async () => {
    const d = await createDefinition("impact_test", "company.employees >= 50");
    await proposeAndApprove(d.id, "company.employees >= 50");
    const proposed = await call<Definition>(t, "marketing", "POST", `/api/v1/definitions/${d.id}/versions`, {
      expression: "company.employees >= 50 && person.title == '部長'",
      changeNote: "部長に絞る",
    });
    const versionId = proposed.body.open!.id;
    const today = new Date(Date.now() + 9 * 3_600_000).toISOString().slice(0, 10);
    const tomorrow = new Date(Date.now() + 33 * 3_600_000).toISOString().slice(0, 10);
    const r = await call<{
      cohort: number;
      qualifiesCurrent: number;
      qualifiesProposed: number;
      groups: Record<string, { people: number; samples: { name: string }[] }>;
    }>(
      t,
      "manager",
      "GET",
      `/api/v1/definitions/${d.id}/versions/${versionId}/impact?from=2020-01-01&to=${tomorrow}`,
    );
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const g = r.body.groups;
    expect(g.proposedOnly?.people).toBe(0); // the proposal is narrower
    expect(r.body.qualifiesCurrent).toBe((g.both?.people ?? 0) + (g.currentOnly?.people ?? 0));
    expect(r.body.cohort).toBe(Object.values(g).reduce((n, x) => n + x.people, 0));
    const everyone = await call<{ items: unknown[] }>(t, "manager", "GET", "/api/v1/people?limit=200");
    expect(r.body.cohort).toBe(everyone.body.items.length);
    expect(r.body.qualifiesCurrent).toBeGreaterThan(0);
    expect(g.currentOnly?.samples.length).toBeGreaterThan(0);
    const bad = await call<ErrorBody>(
      t,
      "manager",
      "GET",
      `/api/v1/definitions/${d.id}/versions/${versionId}/impact?from=${today}&to=2020-01-01`,
    );
    expect(bad.status).toBe(400);
  });
});

describe("definitions that say what they do", () => {
  const headersEn = { "accept-language": "en" };

  it("a version is proposed only with a change note (ja and en); a draft's note counts", async () => {
    const d = await createDefinition("note_test", "company.employees >= 50");
    const url = `/api/v1/definitions/${d.id}/versions`;
    const none = await call<ErrorBody>(t, "marketing", "POST", url, {
      expression: "company.employees >= 100",
    });
    expect(none.status).toBe(400);
    expect(none.body.error.code).toBe("validation_failed");
    expect(none.body.error.details).toEqual([
      { path: "changeNote", message: expect.stringContaining("「変更の理由」を入力してください") },
    ]);
    const blank = await call<ErrorBody>(
      t,
      "marketing",
      "POST",
      url,
      { expression: "company.employees >= 100", changeNote: "   " },
      headersEn,
    );
    expect(blank.status).toBe(400);
    expect(blank.body.error.details?.[0]).toEqual({
      path: "changeNote",
      message: expect.stringContaining("Fill in “Why this change”"),
    });
    expect(blank.body.error.details?.[0]?.message).not.toContain("変更の理由");
    // Nothing was proposed by the refused calls.
    const after = await call<Definition>(t, "marketing", "GET", `/api/v1/definitions/${d.id}`);
    expect(after.body.open).toMatchObject({ status: "draft" });

    // A draft keeps its note; proposing it without repeating the note is fine.
    const draft = await call<Definition>(t, "marketing", "PUT", `/api/v1/definitions/${d.id}/draft`, {
      expression: "company.employees >= 100",
      description: "従業員100名以上の会社の人",
      changeNote: "対象を100名以上に絞る",
    });
    expect(draft.status, JSON.stringify(draft.body)).toBe(200);
    const proposed = await call<Definition & { open: { changeNote: string } }>(t, "marketing", "POST", url, {
      expression: "company.employees >= 100",
    });
    expect(proposed.status, JSON.stringify(proposed.body)).toBe(201);
    expect(proposed.body.open).toMatchObject({ status: "proposed", changeNote: "対象を100名以上に絞る" });
    expect(
      (await call(t, "customer_success", "POST", url, { expression: "true", changeNote: "x" })).status,
    ).toBe(403);
    expect(
      (
        await call(
          t,
          "marketing",
          "POST",
          "/api/v1/definitions/00000000-0000-4000-8000-000000000000/versions",
          {
            expression: "true",
            changeNote: "x",
          },
        )
      ).status,
    ).toBe(404);
  });

  it("each signer confirms the description and the rule match; without it the approval is refused", async () => {
    const d = await createDefinition("prose_test", "company.employees >= 50");
    const proposed = await call<Definition>(t, "marketing", "POST", `/api/v1/definitions/${d.id}/versions`, {
      expression: "company.employees >= 100",
      description: "従業員50名以上の会社の人",
      changeNote: "100名以上に",
    });
    const v = proposed.body.open!;
    const url = `/api/v1/definitions/${d.id}/versions/${v.id}/approve`;

    const missing = await call<ErrorBody>(t, "marketing", "POST", url, { comment: "OK" });
    expect(missing.status).toBe(400);
    expect(missing.body.error.details).toEqual([
      {
        path: "proseMatchesRule",
        message: expect.stringContaining("文章とルールが一致していることを確認しました"),
      },
    ]);
    const unticked = await call<ErrorBody>(
      t,
      "marketing",
      "POST",
      url,
      { proseMatchesRule: false },
      headersEn,
    );
    expect(unticked.status).toBe(400);
    expect(unticked.body.error.details?.[0]?.message).toContain("confirm that the description and the rule");
    const notBoolean = await call<ErrorBody>(t, "marketing", "POST", url, { proseMatchesRule: "yes" });
    expect(notBoolean.status).toBe(400);
    expect(notBoolean.body.error.details?.[0]?.path).toBe("proseMatchesRule");
    // Refusals leave no signature and no comment behind.
    const still = await call<Definition>(t, "marketing", "GET", `/api/v1/definitions/${d.id}`);
    expect(still.body.open).toMatchObject({ marketingApproval: null, salesApproval: null, comments: [] });

    // Who may not sign hears that first, confirmation or not.
    expect((await call<ErrorBody>(t, "customer_success", "POST", url, {})).status).toBe(403);
    expect((await call<ErrorBody>(t, "admin", "POST", url, {})).body.error.code).toBe(
      "approver_side_required",
    );
    expect(
      (
        await call(
          t,
          "marketing",
          "POST",
          `/api/v1/definitions/${d.id}/versions/00000000-0000-4000-8000-000000000000/approve`,
          { proseMatchesRule: true },
        )
      ).status,
    ).toBe(404);

    await call(t, "marketing", "POST", url, { proseMatchesRule: true });
    const done = await call<{ definition: Definition }>(t, "field_sales", "POST", url, {
      proseMatchesRule: true,
    });
    expect(done.status).toBe(200);
    const history = done.body.definition.versions.find((x) => x.id === v.id);
    expect(history).toMatchObject({
      status: "approved",
      marketingApproval: { by: { id: t.users.marketing.id }, proseMatchesRule: true },
      salesApproval: { by: { id: t.users.field_sales.id }, proseMatchesRule: true },
    });
  });

  it("the impact preview works on a draft, before anyone is asked to sign", async () => {
    const d = await createDefinition("draft_impact", "company.employees >= 50");
    await qualifiedLead();
    const draft = await call<Definition>(t, "marketing", "PUT", `/api/v1/definitions/${d.id}/draft`, {
      expression: "company.employees >= 100",
    });
    const v = draft.body.open!;
    expect(v.status).toBe("draft");
    const tomorrow = new Date(Date.now() + 33 * 3_600_000).toISOString().slice(0, 10);
    const impactOf = (definitionId: string, versionId: string) =>
      `/api/v1/definitions/${definitionId}/versions/${versionId}/impact?from=2020-01-01&to=${tomorrow}`;
    const r = await call<{
      currentVersion: unknown;
      proposedVersion: { id: string };
      qualifiesProposed: number;
    }>(t, "field_sales", "GET", impactOf(d.id, v.id));
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.proposedVersion.id).toBe(v.id);
    expect(r.body.currentVersion).toBeNull();
    expect(r.body.qualifiesProposed).toBeGreaterThan(0);
    // Still a draft: looking at the impact asks nobody to sign.
    const after = await call<Definition>(t, "marketing", "GET", `/api/v1/definitions/${d.id}`);
    expect(after.body.open).toMatchObject({ id: v.id, status: "draft", marketingApproval: null });

    const other = await createDefinition("draft_impact_other", "true");
    expect((await call(t, "marketing", "GET", impactOf(other.id, v.id))).status).toBe(404);
    expect(
      (await call(t, "marketing", "GET", impactOf(d.id, "00000000-0000-4000-8000-000000000000"))).status,
    ).toBe(404);
    expect((await call(t, null, "GET", impactOf(d.id, v.id))).status).toBe(401);
  });
});
