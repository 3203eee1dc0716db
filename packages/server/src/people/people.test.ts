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

interface Person {
  id: string;
  name: string;
  stage: string;
  version: number;
  phone: string | null;
  familyNameKana: string | null;
  company: { id: string; name: string } | null;
  team: { key: string } | null;
  owner: { id: string } | null;
  temperature: string | null;
}

describe("people", () => {
  it("creates a person as a lead in the creator's team, normalising kana and phone", async () => {
    const company = await makeCompany(t);
    const r = await call<Person>(t, "marketing", "POST", "/api/v1/people", {
      familyName: "佐藤",
      givenName: "花子",
      familyNameKana: "さとう",
      givenNameKana: "ﾊﾅｺ",
      email: "Hanako.Sato@Example.co.jp",
      phone: "03-1234-5678",
      department: "情報システム部",
      title: "課長",
      companyId: company.id,
      source: "展示会",
    });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({
      name: "佐藤 花子",
      familyNameKana: "サトウ",
      givenNameKana: "ハナコ",
      email: "hanako.sato@example.co.jp",
      phone: "+81312345678",
      stage: "lead",
      consentStatus: "unknown",
      team: { key: "marketing" },
      company: { id: company.id },
      version: 1,
    });
    const timeline = await call<{
      items: { kind: string; stageChange: { from: string | null; to: string } }[];
    }>(t, "marketing", "GET", `/api/v1/people/${r.body.id}/timeline`);
    expect(timeline.body.items).toEqual([
      expect.objectContaining({
        kind: "stage_change",
        stageChange: expect.objectContaining({ from: null, to: "lead" }),
      }),
    ]);
  });

  it("rejects bad input with field paths and loses nothing", async () => {
    const r = await call<ErrorBody>(t, "marketing", "POST", "/api/v1/people", {
      familyName: "",
      email: "not-mail",
      temperature: "lukewarm",
    });
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe("validation_failed");
    expect(r.body.error.details?.map((d) => d.path).sort()).toEqual(["email", "familyName", "temperature"]);
    const phone = await call<ErrorBody>(t, "marketing", "POST", "/api/v1/people", {
      familyName: "田中",
      phone: "12",
    });
    expect(phone.status).toBe(422);
    expect(phone.body.error.code).toBe("invalid_phone");
    expect(phone.body.error.message).toContain("電話番号");
    const list = await call<{ items: Person[] }>(t, "marketing", "GET", "/api/v1/people?q=田中");
    expect(list.body.items).toHaveLength(0);
  });

  it("refuses a duplicate email with 409 duplicate", async () => {
    await makePerson(t, "marketing", { email: "dup@example.jp" });
    const r = await call<ErrorBody>(t, "marketing", "POST", "/api/v1/people", {
      familyName: "重複",
      email: "DUP@example.jp",
    });
    expect(r.status).toBe(409);
    expect(r.body.error).toMatchObject({
      code: "duplicate",
      message: expect.stringContaining("メールアドレス"),
    });
  });

  it("401 without auth, 404 for an unknown id, 400 for a malformed id", async () => {
    expect((await call(t, null, "GET", "/api/v1/people")).status).toBe(401);
    expect((await call(t, null, "POST", "/api/v1/people", { familyName: "x" })).status).toBe(401);
    const missing = await call<ErrorBody>(
      t,
      "field_sales",
      "GET",
      "/api/v1/people/00000000-0000-4000-8000-000000000000",
    );
    expect(missing.status).toBe(404);
    expect(missing.body.error.message).toBe(
      "人物が見つかりません。削除されたか、IDが誤っている可能性があります。",
    );
    const malformed = await call<ErrorBody>(t, "field_sales", "GET", "/api/v1/people/123");
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.details?.[0]?.path).toBe("params.id");
  });

  it("updates with the version read; a stale version gets 409 and no lost update", async () => {
    const p = await makePerson(t);
    const first = await call<Person>(t, "marketing", "PATCH", `/api/v1/people/${p.id}`, {
      temperature: "warm",
      version: p.version,
    });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ temperature: "warm", version: 2 });
    const stale = await call<ErrorBody>(t, "marketing", "PATCH", `/api/v1/people/${p.id}`, {
      title: "部長",
      version: p.version,
    });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe("version_conflict");
    const now = await call<Person>(t, "marketing", "GET", `/api/v1/people/${p.id}`);
    expect(now.body).toMatchObject({ temperature: "warm", version: 2 });
  });

  it("edits every profile field, clears emptied ones, and names each bad field in ja and en", async () => {
    const company = await makeCompany(t);
    const p = await makePerson(t);
    const r = await call<Person & Record<string, unknown>>(
      t,
      "marketing",
      "PATCH",
      `/api/v1/people/${p.id}`,
      {
        familyName: "高橋",
        givenName: "美咲",
        familyNameKana: "たかはし",
        givenNameKana: "みさき",
        email: "Misaki.Takahashi@Example.co.jp",
        phone: "090-1234-5678",
        department: "情報システム部",
        title: "課長",
        companyId: company.id,
        ownerId: t.users.inside_sales.id,
        source: "展示会",
        version: p.version,
      },
    );
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      name: "高橋 美咲",
      familyNameKana: "タカハシ",
      givenNameKana: "ミサキ",
      email: "misaki.takahashi@example.co.jp",
      phone: "+819012345678",
      department: "情報システム部",
      title: "課長",
      company: { id: company.id },
      owner: { id: t.users.inside_sales.id },
      source: "展示会",
      version: p.version + 1,
    });
    const cleared = await call<Person & Record<string, unknown>>(
      t,
      "marketing",
      "PATCH",
      `/api/v1/people/${p.id}`,
      {
        givenName: "",
        department: "",
        title: "",
        source: "",
        phone: "",
        email: null,
        companyId: null,
        version: r.body.version,
      },
    );
    expect(cleared.body).toMatchObject({
      givenName: null,
      department: null,
      title: null,
      source: null,
      phone: null,
      email: null,
      company: null,
    });
    const bad = await call<ErrorBody>(t, "marketing", "PATCH", `/api/v1/people/${p.id}`, {
      familyName: "",
      email: "not-an-email",
      title: "長".repeat(201),
      version: cleared.body.version,
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details?.map((d) => d.path).sort()).toEqual(["email", "familyName", "title"]);
    const phone = await call<ErrorBody>(
      t,
      "marketing",
      "PATCH",
      `/api/v1/people/${p.id}`,
      { phone: "電話して", version: cleared.body.version },
      { "accept-language": "en" },
    );
    expect(phone.status).toBe(422);
    expect(phone.body.error).toMatchObject({ code: "invalid_phone" });
    expect(phone.body.error.message).toContain("not recognised");
    const unknownOwner = await call<ErrorBody>(t, "marketing", "PATCH", `/api/v1/people/${p.id}`, {
      ownerId: "00000000-0000-4000-8000-000000000000",
      version: cleared.body.version,
    });
    expect(unknownOwner.status).toBe(404);
    const now = await call<Person>(t, "marketing", "GET", `/api/v1/people/${p.id}`);
    expect(now.body.version).toBe(cleared.body.version); // nothing half-written
  });

  it("concurrent updates of one record: exactly one wins", async () => {
    const p = await makePerson(t);
    const results = await Promise.all(
      ["hot", "cold", "warm"].map((temperature) =>
        call<Person>(t, "marketing", "PATCH", `/api/v1/people/${p.id}`, { temperature, version: p.version }),
      ),
    );
    expect(results.map((r) => r.status).sort()).toEqual([200, 409, 409]);
    const winner = results.find((r) => r.status === 200)!;
    const now = await call<Person>(t, "marketing", "GET", `/api/v1/people/${p.id}`);
    expect(now.body.temperature).toBe(winner.body.temperature);
    expect(now.body.version).toBe(2);
  });

  it("ownership: another team's person is 403 for a rep, fine for a manager", async () => {
    const p = await makePerson(t, "marketing", { ownerId: t.users.marketing.id });
    const rep = await call<ErrorBody>(t, "field_sales", "PATCH", `/api/v1/people/${p.id}`, {
      title: "部長",
      version: p.version,
    });
    expect(rep.status).toBe(403);
    expect(rep.body.error.code).toBe("forbidden");
    const manager = await call(t, "manager", "PATCH", `/api/v1/people/${p.id}`, {
      title: "部長",
      version: p.version,
    });
    expect(manager.status).toBe(200);
  });

  it("unknown referenced records are 404 naming them", async () => {
    const r = await call<ErrorBody>(t, "marketing", "POST", "/api/v1/people", {
      familyName: "鈴木",
      companyId: "00000000-0000-4000-8000-000000000000",
    });
    expect(r.status).toBe(404);
    expect(r.body.error.message).toContain("企業");
  });

  it("lists with search (name, kana, email, company), filters, 五十音順 and cursor paging", async () => {
    const company = await makeCompany(t, "marketing", {
      name: "株式会社検索テスト",
      industry: "finance_insurance",
    });
    const names: [string, string][] = [
      ["渡辺", "ワタナベ"],
      ["伊藤", "イトウ"],
      ["加藤", "カトウ"],
      ["阿部", "アベ"],
      ["山本", "ヤマモト"],
    ];
    for (const [familyName, kana] of names) {
      await makePerson(t, "inside_sales", {
        familyName,
        familyNameKana: kana,
        givenName: "一郎",
        givenNameKana: "イチロウ",
        companyId: company.id,
      });
    }
    const byCompany = await call<{ items: Person[] }>(
      t,
      "marketing",
      "GET",
      `/api/v1/people?q=${encodeURIComponent("検索テスト")}`,
    );
    expect(byCompany.body.items).toHaveLength(5);
    const byKana = await call<{ items: Person[] }>(
      t,
      "marketing",
      "GET",
      `/api/v1/people?q=${encodeURIComponent("カトウ")}`,
    );
    expect(byKana.body.items.map((p) => p.name)).toEqual(["加藤 一郎"]);
    const industry = await call<{ items: Person[] }>(
      t,
      "marketing",
      "GET",
      "/api/v1/people?industry=finance_insurance&stage=lead",
    );
    expect(industry.body.items).toHaveLength(5);

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const url: string = `/api/v1/people?companyId=${company.id}&sort=kana&order=asc&limit=2${cursor ? `&cursor=${cursor}` : ""}`;
      const page = await call<{ items: Person[]; nextCursor: string | null }>(t, "marketing", "GET", url);
      expect(page.status).toBe(200);
      seen.push(...page.body.items.map((p) => p.familyNameKana!));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(["アベ", "イトウ", "カトウ", "ヤマモト", "ワタナベ"]);

    const bad = await call<ErrorBody>(
      t,
      "marketing",
      "GET",
      "/api/v1/people?stage=hot&limit=1000&cursor=zzz",
    );
    expect(bad.status).toBe(400);
    expect(bad.body.error.details?.map((d) => d.path).sort()).toEqual(["query.limit", "query.stage.0"]);
    const badCursor = await call<ErrorBody>(t, "marketing", "GET", "/api/v1/people?cursor=zzz");
    expect(badCursor.status).toBe(400);
    expect(badCursor.body.error.details?.[0]?.path).toBe("query.cursor");
  });
});

describe("stage transitions", () => {
  it("moves along the lifecycle with a reason and records the history in the timeline", async () => {
    const p = await makePerson(t);
    const r = await call<{
      person: Person;
      stageChange: { from: string; to: string; reason: string; changedBy: { id: string } };
    }>(t, "marketing", "POST", `/api/v1/people/${p.id}/stage`, {
      to: "mql",
      reason: "資料請求2回 + ウェビナー参加",
      version: p.version,
    });
    expect(r.status).toBe(200);
    expect(r.body.person).toMatchObject({ stage: "mql", version: 2 });
    expect(r.body.stageChange).toMatchObject({
      from: "lead",
      to: "mql",
      reason: "資料請求2回 + ウェビナー参加",
      changedBy: { id: t.users.marketing.id },
    });
    const timeline = await call<{ items: { kind: string; stageChange: { to: string } | null }[] }>(
      t,
      "marketing",
      "GET",
      `/api/v1/people/${p.id}/timeline`,
    );
    expect(timeline.body.items.map((i) => i.stageChange?.to)).toEqual(["mql", "lead"]);
  });

  it("an invalid transition is a 409 with a code and a message naming both stages", async () => {
    const p = await makePerson(t);
    const r = await call<ErrorBody>(t, "marketing", "POST", `/api/v1/people/${p.id}/stage`, {
      to: "won",
      reason: "x",
      version: p.version,
    });
    expect(r.status).toBe(409);
    expect(r.body.error.code).toBe("invalid_stage_transition");
    expect(r.body.error.message).toBe(
      "ステージを「リード」から「受注」へは変更できません。変更できるのは「MQL」「対象外」です。",
    );
    const en = await call<ErrorBody>(
      t,
      "marketing",
      "POST",
      `/api/v1/people/${p.id}/stage`,
      { to: "won", reason: "x", version: p.version },
      { "accept-language": "en" },
    );
    expect(en.body.error.message).toBe(
      "The stage cannot change from Lead to Won. Allowed: MQL, Disqualified.",
    );
    const unchanged = await call<Person>(t, "marketing", "GET", `/api/v1/people/${p.id}`);
    expect(unchanged.body.stage).toBe("lead");
  });

  it("requires a reason, permission and a current version", async () => {
    const p = await makePerson(t);
    const noReason = await call<ErrorBody>(t, "marketing", "POST", `/api/v1/people/${p.id}/stage`, {
      to: "mql",
      version: 1,
    });
    expect(noReason.status).toBe(400);
    expect(noReason.body.error.details?.[0]?.path).toBe("reason");
    const stale = await call<ErrorBody>(t, "marketing", "POST", `/api/v1/people/${p.id}/stage`, {
      to: "mql",
      reason: "r",
      version: 7,
    });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe("version_conflict");
    expect(
      (await call(t, null, "POST", `/api/v1/people/${p.id}/stage`, { to: "mql", reason: "r", version: 1 }))
        .status,
    ).toBe(401);
    const missing = await call(
      t,
      "marketing",
      "POST",
      "/api/v1/people/00000000-0000-4000-8000-000000000000/stage",
      {
        to: "mql",
        reason: "r",
        version: 1,
      },
    );
    expect(missing.status).toBe(404);
  });

  it("recycled people can re-enter MQL; the funnel path is kept in order", async () => {
    const p = await makePerson(t);
    const after = await moveTo(t, p.id, ["mql", "recycled", "mql", "sal"]);
    expect(after.stage).toBe("sal");
    const timeline = await call<{ items: { stageChange: { to: string } | null }[] }>(
      t,
      "admin",
      "GET",
      `/api/v1/people/${p.id}/timeline?limit=2`,
    );
    expect(timeline.body.items.map((i) => i.stageChange?.to)).toEqual(["sal", "mql"]);
  });

  it("stage history is append-only in the database", async () => {
    const db = t.testDatabase.database.db;
    await expect(db.execute("update stage_changes set reason = 'rewritten'" as never)).rejects.toThrow();
    await expect(db.execute("delete from stage_changes" as never)).rejects.toThrow();
  });
});
