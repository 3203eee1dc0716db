import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, createTestApp, type ErrorBody, type TestApp } from "../test/test-app.ts";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t?.close());

const RAW = /\bstring\b|too_small|too_big|Expected|expected|received|Invalid|小さすぎる|大きすぎる|無効な/;

describe("validation errors in plain words at the field", () => {
  it("names each field and its limit, in ja and en, without zod's wording", async () => {
    const body = {
      familyName: "",
      department: "部".repeat(201),
      email: "taro@",
      temperature: "boiling",
      ownerId: "not-an-id",
    };
    const ja = await call<ErrorBody>(t, "marketing", "POST", "/api/v1/people", body);
    expect(ja.status).toBe(400);
    const jaByPath = Object.fromEntries(ja.body.error.details!.map((d) => [d.path, d.message]));
    expect(jaByPath).toMatchObject({
      familyName: "「姓」は必須です。入力してください。",
      department: "「部署」は200文字以内で入力してください（今は201文字）。",
      email: expect.stringContaining("「メールアドレス」はメールアドレスの形"),
      temperature: expect.stringContaining("「温度感」は次のどれかにしてください"),
      ownerId: "「担当者」はIDの形で入力してください。",
    });
    const en = await call<ErrorBody>(t, "marketing", "POST", "/api/v1/people", body, {
      "accept-language": "en",
    });
    const enByPath = Object.fromEntries(en.body.error.details!.map((d) => [d.path, d.message]));
    expect(enByPath).toMatchObject({
      familyName: "Family name is required: enter a value.",
      department: "Department must be at most 200 characters (now 201).",
    });
    for (const d of [...ja.body.error.details!, ...en.body.error.details!])
      expect(d.message).not.toMatch(RAW);
  });

  it("a missing body field and a wrong query value read plainly too", async () => {
    const missing = await call<ErrorBody>(t, "marketing", "POST", "/api/v1/companies", {});
    expect(missing.body.error.details).toEqual([
      { path: "name", message: "「名前」は必須です。入力してください。" },
    ]);
    const query = await call<ErrorBody>(t, "marketing", "GET", "/api/v1/people?limit=100000", undefined, {
      "accept-language": "en",
    });
    expect(query.status).toBe(400);
    expect(query.body.error.details?.[0]).toEqual({
      path: "query.limit",
      message: "Page size must be at most 200.",
    });
  });
});
