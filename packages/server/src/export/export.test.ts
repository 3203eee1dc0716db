import { parse } from "csv-parse/sync";
import iconv from "iconv-lite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  call,
  createTestApp,
  type ErrorBody,
  makeCompany,
  makePerson,
  type TestApp,
} from "../test/test-app.ts";
import { EXPORT_BATCH } from "./export.service.ts";

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t?.close());

async function download(url: string, headers: Record<string, string> = {}) {
  const session = await t.login("field_sales");
  const response = await t.app.inject({ method: "GET", url, headers: { ...session.headers, ...headers } });
  return response;
}

/** Reads the CSV with an independent, well-kept parser (csv-parse), not the exporter's own code. */
function parseCsv(text: string): string[][] {
  return parse(text, { record_delimiter: "\r\n" }) as string[][];
}

describe("export", () => {
  it("exportPeople streams the list's filter as UTF-8 CSV with BOM, Japanese headers, JST dates", async () => {
    const company = await makeCompany(t, "marketing", { name: "株式会社エクスポート" });
    const hot = await makePerson(t, "marketing", {
      familyName: "輸出",
      givenName: "花子",
      companyId: company.id,
      temperature: "hot",
    });
    await makePerson(t, "marketing", { familyName: "輸出", givenName: "冷子", temperature: "cold" });
    const r = await download("/api/v1/people/export?q=輸出&temperature=hot");
    expect(r.statusCode).toBe(200);
    expect(r.headers["content-type"]).toBe("text/csv; charset=utf-8");
    expect(r.headers["content-disposition"]).toMatch(
      /^attachment; filename="__-\d{8}\.csv"; filename\*=UTF-8''%E4%BA%BA%E7%89%A9-\d{8}\.csv$/,
    );
    expect([...r.rawPayload.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = parseCsv(r.rawPayload.subarray(3).toString("utf8"));
    expect(rows[0]?.slice(0, 3)).toEqual(["ID", "姓", "名"]);
    expect(rows).toHaveLength(2);
    const row = rows[1]!;
    expect(row.slice(0, 3)).toEqual([hot.id, "輸出", "花子"]);
    expect(row[8]).toBe("株式会社エクスポート");
    expect(row[12]).toBe("hot");
    expect(row[19]).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
    const api = await call<{ createdAt: string }>(t, "field_sales", "GET", `/api/v1/people/${hot.id}`);
    const jst = new Date(Date.parse(api.body.createdAt) + 9 * 3600_000).toISOString();
    expect(row[19]).toBe(`${jst.slice(0, 10)} ${jst.slice(11, 16)}`);
  });

  it("guards formula-like cells, incl. full-width ones", async () => {
    const company = await makeCompany(t, "marketing", { name: "＝HYPERLINK(1)商事" });
    await makePerson(t, "marketing", {
      familyName: "=cmd|' /C calc'!A0",
      givenName: "@SUM(1)",
      department: "+営業",
      title: "-部長",
      companyId: company.id,
    });
    const r = await download(`/api/v1/people/export?companyId=${company.id}`);
    const row = parseCsv(r.rawPayload.subarray(3).toString("utf8"))[1]!;
    expect(row.slice(1, 3)).toEqual(["'=cmd|' /C calc'!A0", "'@SUM(1)"]);
    expect(row[8]).toBe("'＝HYPERLINK(1)商事");
    expect(row.slice(9, 11)).toEqual(["'+営業", "'-部長"]);
  });

  it("Shift_JIS round trip: the bytes decode back to the same rows; unencodable characters are 〓 and counted", async () => {
    const company = await makeCompany(t, "marketing", { name: "髙島屋①〜商会" });
    const p = await makePerson(t, "marketing", {
      familyName: "𠮷田",
      givenName: "はなこ",
      companyId: company.id,
    });
    const r = await download(`/api/v1/people/export?companyId=${company.id}&encoding=shift_jis&lang=en`);
    expect(r.statusCode).toBe(200);
    expect(r.headers["content-type"]).toBe("text/csv; charset=Shift_JIS");
    expect(r.headers["content-disposition"]).toMatch(/filename="people-\d{8}\.csv"/);
    expect(r.trailers["x-tasuki-replaced-characters"]).toBe("1");
    const text = iconv.decode(r.rawPayload, "cp932");
    const rows = parseCsv(text);
    expect(rows[0]?.slice(0, 3)).toEqual(["ID", "Family name", "Given name"]);
    expect(rows[1]?.slice(0, 3)).toEqual([p.id, "〓田", "はなこ"]);
    expect(rows[1]?.[8]).toBe("髙島屋①～商会");
    const audit = (await t.testDatabase.database.db.execute(
      "select after from audit_log where action = 'people.export' order by at" as never,
    )) as unknown as {
      rows: {
        after: {
          rows: number;
          replacedCharacters: number;
          completed: boolean;
          filter: { companyId?: string };
        };
      }[];
    };
    const last = audit.rows.at(-1)!.after;
    expect(last).toMatchObject({
      rows: 1,
      replacedCharacters: 1,
      completed: true,
      filter: { companyId: company.id },
    });
  });

  it("streams past one batch without a page limit, and narrows to a selection by ids", async () => {
    const company = await makeCompany(t, "marketing");
    const values = Array.from({ length: EXPORT_BATCH + 5 }, (_, i) => `('大量', '${i}', '${company.id}')`);
    await t.testDatabase.database.db.execute(
      `insert into people (family_name, given_name, company_id) values ${values.join(",")}` as never,
    );
    const r = await download(`/api/v1/people/export?companyId=${company.id}&sort=kana`);
    const rows = parseCsv(r.rawPayload.subarray(3).toString("utf8"));
    expect(rows).toHaveLength(EXPORT_BATCH + 6);
    expect(new Set(rows.slice(1).map((row) => row[0])).size).toBe(EXPORT_BATCH + 5);
    const pick = rows.slice(1, 3).map((row) => row[0]);
    const selected = await download(`/api/v1/people/export?ids=${pick.join(",")}`);
    const got = parseCsv(selected.rawPayload.subarray(3).toString("utf8")).slice(1);
    expect(got.map((row) => row[0]).sort()).toEqual([...pick].sort());
  });

  it("a client that goes away stops the export: no further batches are read, the audit says so", async () => {
    const company = await makeCompany(t, "marketing");
    const values = Array.from({ length: EXPORT_BATCH * 4 }, (_, i) => `('中断', '${i}', '${company.id}')`);
    await t.testDatabase.database.db.execute(
      `insert into people (family_name, given_name, company_id) values ${values.join(",")}` as never,
    );
    const address = await t.app.listen({ port: 0, host: "127.0.0.1" });
    const session = await t.login("field_sales");
    const controller = new AbortController();
    const response = await fetch(`${address}/api/v1/people/export?companyId=${company.id}`, {
      headers: session.headers,
      signal: controller.signal,
    });
    const reader = response.body!.getReader();
    await reader.read();
    controller.abort();
    const audit = async () =>
      (
        (await t.testDatabase.database.db.execute(
          `select after from audit_log where action = 'people.export' and after->'filter'->>'companyId' = '${company.id}'` as never,
        )) as unknown as { rows: { after: { rows: number; completed: boolean } }[] }
      ).rows;
    const deadline = Date.now() + 10_000;
    while ((await audit()).length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    const [entry] = await audit();
    expect(entry?.after.completed).toBe(false);
    expect(entry?.after.rows).toBeLessThan(EXPORT_BATCH * 4);
    // undici keeps the connection alive; close it so the app can close.
    t.app.server.closeAllConnections();
  });

  it("exportCompanies, exportOpportunities and exportActivities use their list's filter", async () => {
    const company = await makeCompany(t, "marketing", { name: "株式会社三種", prefecture: "沖縄県" });
    const person = await makePerson(t, "marketing", { companyId: company.id });
    const companies = await download("/api/v1/companies/export?prefecture=沖縄県");
    const crows = parseCsv(companies.rawPayload.subarray(3).toString("utf8"));
    expect(crows[0]?.[1]).toBe("会社名");
    expect(crows.slice(1).map((row) => row[1])).toEqual(["株式会社三種"]);

    const deal = await call<{ id: string }>(t, "field_sales", "POST", "/api/v1/opportunities", {
      name: "=危険な商談",
      companyId: company.id,
      amount: 1_200_000,
      renewalOn: "2027-04-01",
    });
    expect(deal.status).toBe(201);
    const deals = await download(`/api/v1/opportunities/export?companyId=${company.id}`);
    const drows = parseCsv(deals.rawPayload.subarray(3).toString("utf8"));
    // 契約更新日 is the last column, so older files keep their column positions.
    expect(drows[0]?.at(-1)).toBe("契約更新日");
    expect(drows[0]?.length).toBe(17);
    expect(drows.slice(1).map((row) => [row[0], row[1], row[7], row[16]])).toEqual([
      [deal.body.id, "'=危険な商談", "1200000", "2027-04-01"],
    ]);
    const dealsEn = await download(`/api/v1/opportunities/export?companyId=${company.id}&lang=en`);
    expect(parseCsv(dealsEn.rawPayload.subarray(3).toString("utf8"))[0]?.at(-1)).toBe("Renewal date");

    await call(t, "marketing", "POST", "/api/v1/activities", {
      personId: person.id,
      type: "call",
      subject: "－初回架電",
    });
    const acts = await download(`/api/v1/activities/export?personId=${person.id}&type=call`);
    const arows = parseCsv(acts.rawPayload.subarray(3).toString("utf8"));
    expect(arows[0]?.[3]).toBe("種類");
    expect(arows.slice(1).map((row) => [row[1], row[3], row[7]])).toEqual([
      [person.id, "call", "'－初回架電"],
    ]);
  });

  it("refuses a bad encoding, filter or id with a field error (400); needs a session (401)", async () => {
    const bad = await download("/api/v1/people/export?encoding=latin1");
    expect(bad.statusCode).toBe(400);
    expect((bad.json() as ErrorBody).error.details?.[0]?.path).toBe("query.encoding");
    const badFilter = await download("/api/v1/opportunities/export?status=maybe");
    expect(badFilter.statusCode).toBe(400);
    const badIds = await download("/api/v1/people/export?ids=not-an-id", { "accept-language": "en" });
    expect(badIds.statusCode).toBe(400);
    expect((badIds.json() as ErrorBody).error.details?.[0]).toEqual({
      path: "query.ids",
      message: "not a valid id",
    });
    expect((await call(t, null, "GET", "/api/v1/companies/export")).status).toBe(401);
  });

  it("a read-only API token may export (reading), as it may list", async () => {
    const created = await call<{ token: string }>(t, "marketing", "POST", "/api/v1/api-tokens", {
      name: "export-ro",
      scopes: ["read"],
    });
    const r = await t.app.inject({
      method: "GET",
      url: "/api/v1/companies/export",
      headers: { authorization: `Bearer ${created.body.token}` },
    });
    expect(r.statusCode).toBe(200);
  });
});
