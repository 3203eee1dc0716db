import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, createTestApp, makeCompany, makePerson, type TestApp } from "../test/test-app.ts";

let t: TestApp;
let sato: { id: string };
let abc: { id: string };
let abcPerson: { id: string };
beforeAll(async () => {
  t = await createTestApp();
  abc = await makeCompany(t, "marketing", { name: "ABC株式会社", nameKana: "エービーシー" });
  sato = await makePerson(t, "marketing", {
    familyName: "佐藤",
    givenName: "太郎",
    familyNameKana: "サトウ",
    givenNameKana: "タロウ",
    email: "t.sato@search.example",
  });
  abcPerson = await makePerson(t, "marketing", {
    familyName: "鈴木",
    givenName: "一郎",
    familyNameKana: "スズキ",
    givenNameKana: "イチロウ",
    companyId: abc.id,
  });
});
afterAll(async () => t?.close());

const ids = async (path: string, q: string) => {
  const r = await call<{ items: { id: string }[] }>(
    t,
    "marketing",
    "GET",
    `${path}?q=${encodeURIComponent(q)}`,
  );
  expect(r.status).toBe(200);
  return r.body.items.map((item) => item.id);
};

describe("search whatever the kana, width and spelling", () => {
  it.each([
    "さとう",
    "サトウ",
    "ｻﾄｳ",
    "sato",
    "satou",
    "satoh",
    "SATO",
    "Satō",
    "佐藤",
    "佐藤 太郎",
    "さとう たろう",
    "ｻﾄｳﾀﾛｳ",
    "t.sato@",
  ])("people: %s finds 佐藤 太郎 (サトウ タロウ)", async (q) => {
    expect(await ids("/api/v1/people", q)).toContain(sato.id);
  });

  it.each(["すずき", "suzuki"])("people: %s does not find 佐藤 太郎", async (q) => {
    const found = await ids("/api/v1/people", q);
    expect(found).not.toContain(sato.id);
    expect(found).toContain(abcPerson.id);
  });

  it.each(["ＡＢＣ", "abc", "Abc", "ａｂｃ株式会社", "えーびーしー", "ｴｰﾋﾞｰｼｰ"])(
    "companies: %s finds ABC株式会社",
    async (q) => {
      expect(await ids("/api/v1/companies", q)).toContain(abc.id);
    },
  );

  it("people: a company's name in any width finds its people", async () => {
    expect(await ids("/api/v1/people", "ＡＢＣ")).toContain(abcPerson.id);
  });

  it("a query of spaces only lists everyone", async () => {
    const found = await ids("/api/v1/people", "　 ");
    expect(found).toEqual(expect.arrayContaining([sato.id, abcPerson.id]));
  });

  it("a new フリガナ is searchable at once, in kana and romaji", async () => {
    const person = await makePerson(t, "marketing", {
      familyName: "高橋",
      familyNameKana: "タカハシ",
      givenNameKana: null,
    });
    expect(await ids("/api/v1/people", "takahashi")).toContain(person.id);
    expect(await ids("/api/v1/people", "たかはし")).toContain(person.id);
  });
});
