import type { ScoringModelConfig } from "@tasuki/domain";
import type { TestApp } from "../test/test-app.ts";
import { insertModelVersion } from "./scoring.repository.ts";

/**
 * A model for the rescore tests that covers each way the rescore statement counts: simple rules
 * (one activity type each, two of them on the same type with different caps), a rule with two
 * types under one cap, and a campaign type.
 */
export const RESCORE_TEST_MODEL: ScoringModelConfig = {
  fitRules: [
    { label: "役職: 部長", condition: "person.title == '部長'", points: 20 },
    { label: "従業員100名以上", condition: "company.employees >= 100", points: 30 },
  ],
  engagementRules: [
    { label: "資料請求", activities: ["資料請求"], points: 20, maxPerDay: 1 },
    { label: "ページ閲覧", activities: ["ページ閲覧"], points: 2, maxPerDay: 3 },
    { label: "ページ閲覧（多め）", activities: ["ページ閲覧"], points: 1, maxPerDay: 5 },
    { label: "メール反応", activities: ["メール開封", "メールクリック"], points: 3, maxPerDay: 2 },
    { label: "展示会", activities: ["展示会"], points: 15, maxPerDay: 1 },
  ],
  halfLifeDays: 30,
  weights: { fit: 2, engagement: 1 },
};

/** A draft model version (never signed: the tests call the rescore directly). Returns its id. */
export async function insertDraftModel(
  t: TestApp,
  config: ScoringModelConfig,
  number: number,
  createdAt: Date,
): Promise<string> {
  const row = await insertModelVersion(t.testDatabase.database.db, {
    number,
    status: "draft",
    config,
    authorId: t.users.marketing.id,
    createdAt,
  });
  return row.id;
}
