import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../test/test-database.ts";
import { queryRows } from "./database.ts";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
}, 60_000);
afterAll(async () => t?.drop());

describe("relay migration defaults", () => {
  it("seeds SLA policies per edge, the rejection taxonomy and the company calendar", async () => {
    const policies = await queryRows<{ edge: string; business_minutes: number; goal: string }>(
      t.database.db,
      sql`select f.key || '>' || t.key as edge, p.business_minutes, p.goal from sla_policies p
          join teams f on f.id = p.from_team_id join teams t on t.id = p.to_team_id order by p.business_minutes`,
    );
    expect(policies).toEqual([
      { edge: "marketing>inside_sales", business_minutes: 240, goal: "first_action" },
      { edge: "inside_sales>field_sales", business_minutes: 480, goal: "accept" },
      { edge: "field_sales>customer_success", business_minutes: 960, goal: "accept" },
    ]);
    const reasons = await queryRows<{ label_ja: string }>(
      t.database.db,
      sql`select label_ja from rejection_reasons order by sort_order`,
    );
    expect(reasons.map((r) => r.label_ja)).toEqual([
      "連絡不通",
      "予算なし",
      "決裁者でない",
      "競合決定済み",
      "情報収集のみ",
      "重複",
      "データ不備",
      "対象外",
    ]);
    const calendars = await queryRows<{ workdays: number[]; work_start_minute: number }>(
      t.database.db,
      sql`select workdays, work_start_minute from business_calendars where team_id is null`,
    );
    expect(calendars).toEqual([{ workdays: [1, 2, 3, 4, 5], work_start_minute: 540 }]);
  });
});
