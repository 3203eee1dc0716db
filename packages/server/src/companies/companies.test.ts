import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, json, type TestApp } from "../test/test-app.ts";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t?.close());

describe("companies", () => {
  it("creates, reads, lists and updates a company", async () => {
    const s = await t.login("marketing");
    const created = await t.app.inject({
      method: "POST",
      url: "/api/v1/companies",
      headers: s.headers,
      payload: {
        name: "株式会社テスト",
        nameKana: "てすと",
        corporateNumber: "1234567890123".replace(/^./, ""),
      },
    });
    expect(created.statusCode, created.body).toBe(422);
    const ok = await t.app.inject({
      method: "POST",
      url: "/api/v1/companies",
      headers: s.headers,
      payload: { name: "株式会社テスト", nameKana: "てすと", industry: "manufacturing" },
    });
    expect(ok.statusCode, ok.body).toBe(201);
    const company = json<{ id: string; nameKana: string; version: number }>(ok);
    expect(company.nameKana).toBe("テスト");
    const list = await t.app.inject({ method: "GET", url: "/api/v1/companies?q=テスト", headers: s.headers });
    expect(list.statusCode, list.body).toBe(200);
    expect(json<{ items: unknown[] }>(list).items).toHaveLength(1);
  });
});
