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

interface Company {
  id: string;
  name: string;
  nameKana: string | null;
  corporateNumber: string | null;
  version: number;
  peopleCount: number;
  openOpportunityCount: number;
  owner: { id: string; name: string } | null;
}

describe("companies", () => {
  it("creates with normalised フリガナ and 法人番号 (full-width accepted), reads with counts", async () => {
    const r = await call<Company>(t, "marketing", "POST", "/api/v1/companies", {
      name: "株式会社サンプル商事",
      nameKana: "さんぷるしょうじ",
      corporateNumber: "７００００１２０５０００２",
      industry: "wholesale_retail",
      employeeBand: "100-299",
      prefecture: "大阪府",
      domain: "Sample.CO.JP",
      ownerId: t.users.marketing.id,
    });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({
      nameKana: "サンプルショウジ",
      corporateNumber: "7000012050002",
      domain: "sample.co.jp",
      owner: { id: t.users.marketing.id, name: "テスト marketing" },
      peopleCount: 0,
      openOpportunityCount: 0,
      version: 1,
    });
    await makePerson(t, "marketing", { companyId: r.body.id });
    const got = await call<Company>(t, "field_sales", "GET", `/api/v1/companies/${r.body.id}`);
    expect(got.body.peopleCount).toBe(1);
  });

  it("refuses a 法人番号 with a wrong check digit (422) and a duplicate one (409)", async () => {
    const wrong = await call<ErrorBody>(t, "marketing", "POST", "/api/v1/companies", {
      name: "株式会社誤り",
      corporateNumber: "1000012050002",
    });
    expect(wrong.status).toBe(422);
    expect(wrong.body.error.code).toBe("invalid_corporate_number");
    expect(wrong.body.error.message).toContain("チェックデジット");
    await makeCompany(t, "marketing", { corporateNumber: "2021001052596" });
    const dup = await call<ErrorBody>(t, "marketing", "POST", "/api/v1/companies", {
      name: "株式会社重複",
      corporateNumber: "2021001052596",
    });
    expect(dup.status).toBe(409);
    expect(dup.body.error).toMatchObject({ code: "duplicate", message: expect.stringContaining("法人番号") });
  });

  it("validates enums and names each field", async () => {
    const r = await call<ErrorBody>(t, "marketing", "POST", "/api/v1/companies", {
      name: "",
      industry: "mining",
      prefecture: "東京",
      domain: "not a domain",
    });
    expect(r.status).toBe(400);
    expect(r.body.error.details?.map((d) => d.path).sort()).toEqual([
      "domain",
      "industry",
      "name",
      "prefecture",
    ]);
  });

  it("updates with the version read; stale is 409; unknown is 404; no auth is 401", async () => {
    const c = await makeCompany(t);
    const ok = await call<Company>(t, "inside_sales", "PATCH", `/api/v1/companies/${c.id}`, {
      employeeBand: "50-99",
      version: c.version,
    });
    expect(ok.status).toBe(200);
    expect(ok.body.version).toBe(2);
    const stale = await call<ErrorBody>(t, "inside_sales", "PATCH", `/api/v1/companies/${c.id}`, {
      employeeBand: "1-9",
      version: 1,
    });
    expect(stale.status).toBe(409);
    expect(stale.body.error.message).toContain("バージョン 2");
    expect(
      (
        await call(t, "inside_sales", "PATCH", "/api/v1/companies/00000000-0000-4000-8000-000000000000", {
          version: 1,
        })
      ).status,
    ).toBe(404);
    expect((await call(t, null, "PATCH", `/api/v1/companies/${c.id}`, { version: 2 })).status).toBe(401);
    expect((await call(t, null, "GET", `/api/v1/companies/${c.id}`)).status).toBe(401);
  });

  it("edits every field (address included), clears emptied ones, and refuses an over-long address", async () => {
    const c = await makeCompany(t);
    const r = await call<Company & Record<string, unknown>>(
      t,
      "inside_sales",
      "PATCH",
      `/api/v1/companies/${c.id}`,
      {
        name: "株式会社 住所テスト",
        nameKana: "じゅうしょてすと",
        corporateNumber: "7123456789012",
        domain: "Jusho.Example.JP",
        industry: "wholesale_retail",
        employeeBand: "100-299",
        prefecture: "大阪府",
        address: "大阪市北区梅田1-1-1 梅田ビル5F",
        version: c.version,
      },
    );
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      name: "株式会社 住所テスト",
      nameKana: "ジュウショテスト",
      corporateNumber: "7123456789012",
      domain: "jusho.example.jp",
      industry: "wholesale_retail",
      employeeBand: "100-299",
      prefecture: "大阪府",
      address: "大阪市北区梅田1-1-1 梅田ビル5F",
      version: c.version + 1,
    });
    const cleared = await call<Company & Record<string, unknown>>(
      t,
      "inside_sales",
      "PATCH",
      `/api/v1/companies/${c.id}`,
      {
        address: "",
        nameKana: "",
        corporateNumber: "",
        version: r.body.version,
      },
    );
    expect(cleared.body).toMatchObject({ address: null, nameKana: null, corporateNumber: null });
    const long = await call<ErrorBody>(t, "inside_sales", "PATCH", `/api/v1/companies/${c.id}`, {
      address: "あ".repeat(301),
      name: "",
      version: cleared.body.version,
    });
    expect(long.status).toBe(400);
    expect(long.body.error.details?.map((d) => d.path).sort()).toEqual(["address", "name"]);
  });

  it("another team's company is 403 for a rep; a read-only token cannot create (403)", async () => {
    const c = await makeCompany(t, "marketing", { ownerId: t.users.marketing.id });
    const r = await call<ErrorBody>(t, "field_sales", "PATCH", `/api/v1/companies/${c.id}`, {
      name: "乗っ取り",
      version: c.version,
    });
    expect(r.status).toBe(403);
    const token = await call<{ token: string }>(t, "marketing", "POST", "/api/v1/api-tokens", { name: "ro" });
    const write = await call<ErrorBody>(
      t,
      null,
      "POST",
      "/api/v1/companies",
      { name: "株式会社読取専用" },
      { authorization: `Bearer ${token.body.token}` },
    );
    expect(write.status).toBe(403);
  });

  it("lists with search, filters, name sort and cursor paging without repeats", async () => {
    for (const name of ["株式会社あおば", "株式会社いろは", "株式会社うみべ"]) {
      await makeCompany(t, "marketing", { name, prefecture: "北海道", industry: "logistics" });
    }
    const filtered = await call<{ items: Company[] }>(
      t,
      "marketing",
      "GET",
      `/api/v1/companies?prefecture=${encodeURIComponent("北海道")}&industry=logistics`,
    );
    expect(filtered.body.items).toHaveLength(3);
    const ids: string[] = [];
    let cursor: string | null = null;
    do {
      const url: string = `/api/v1/companies?sort=name&order=asc&limit=1&q=${encodeURIComponent("株式会社")}${cursor ? `&cursor=${cursor}` : ""}`;
      const page = await call<{ items: Company[]; nextCursor: string | null }>(t, "marketing", "GET", url);
      ids.push(...page.body.items.map((c) => c.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(new Set(ids).size).toBe(ids.length);
    const all = await call<{ items: Company[] }>(
      t,
      "marketing",
      "GET",
      `/api/v1/companies?limit=200&q=${encodeURIComponent("株式会社")}`,
    );
    expect(ids.length).toBe(all.body.items.length);
  });
});

describe("system", () => {
  it("health answers without auth and names the database", async () => {
    const r = await call<{ status: string; database: string }>(t, null, "GET", "/api/health");
    expect(r.status).toBe(200);
    expect(r.body.status).toBe("ok");
    expect(["pglite", "postgres"]).toContain(r.body.database);
  });

  it("unknown API routes are a 404 in the error shape (401 first when not signed in)", async () => {
    expect((await call(t, null, "GET", "/api/v1/nope")).status).toBe(401);
    const r = await call<ErrorBody>(t, "marketing", "GET", "/api/v1/nope");
    expect(r.status).toBe(404);
    expect(r.body.error.code).toBe("not_found");
  });

  it("malformed JSON is a 400 in the error shape", async () => {
    const s = await t.login("marketing");
    const r = await t.app.inject({
      method: "POST",
      url: "/api/v1/companies",
      headers: { ...s.headers, "content-type": "application/json" },
      payload: "{ not json",
    });
    expect(r.statusCode).toBe(400);
    expect(r.json().error.code).toBe("validation_failed");
  });
});
