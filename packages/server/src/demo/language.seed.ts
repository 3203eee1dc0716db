import type { CheckedScoringModel, ScoringModelConfig } from "@tasuki/domain";
import type { Database } from "../db/database.ts";
import {
  insertDefinition,
  insertVersion,
  updateDefinitionRow,
} from "../definitions/definitions.repository.ts";
import { insertModelVersion } from "../scoring/scoring.repository.ts";
import { checkedModel, rescoreEveryone } from "../scoring/scoring.service.ts";
import { type DemoDefinition, demoDefinition } from "./definition-clock.ts";

/** The common language the demo company signed a year ago: v1 of each definition and the scoring model. */
export const DEMO_DEFINITIONS = [
  {
    key: "mql",
    nameJa: "MQL",
    nameEn: "MQL",
    targetStage: "mql" as const,
    autoAdvance: true,
    description:
      "従業員50名以上の企業の方で、フリーメールではなく、直近90日に問い合わせがあったか、資料請求・問い合わせ・ウェビナー参加・展示会での接点が直近30日に2回以上あったこと。満たした時点でインサイドセールスへ引き渡す。",
    expression:
      "company.employees >= 50 && !(person.email_domain in freemail) && (count('問い合わせ', days(90)) >= 1 || count_any(['資料請求', '問い合わせ', 'ウェビナー', '展示会'], days(30)) >= 2)",
  },
  {
    key: "sal",
    nameJa: "SAL",
    nameEn: "SAL",
    targetStage: "sal" as const,
    autoAdvance: false,
    description: "インサイドセールスが30日以内に電話または面談で本人と話し、課題と検討状況を確認できたこと。",
    expression: "count_any(['電話', '商談'], days(30)) >= 1 && person.consent != 'opted_out'",
  },
  {
    key: "sql",
    nameJa: "SQL",
    nameEn: "SQL",
    targetStage: "sql" as const,
    autoAdvance: false,
    description:
      "温度感がホットまたはウォームで、60日以内に商談（面談）を実施し、従業員50名以上の企業であること。",
    expression:
      "person.temperature in ['hot', 'warm'] && count('商談', days(60)) >= 1 && company.employees >= 50",
  },
  {
    key: "hot_lead",
    nameJa: "ホットリード",
    nameEn: "Hot lead",
    targetStage: null,
    autoAdvance: false,
    description: "総合スコア60以上、または7日以内に問い合わせがあった人。営業がすぐに連絡すべき相手。",
    expression: "score.total >= 60 || last('問い合わせ') <= 7",
  },
];

export const DEMO_SCORING_MODEL: ScoringModelConfig = {
  fitRules: [
    {
      label: "役職: 部長以上",
      labelEn: "Title: director or above",
      condition:
        "person.title in ['部長', '本部長', '事業部長', '取締役', '代表取締役', '執行役員', 'CIO', 'CFO']",
      points: 25,
    },
    {
      label: "役職: 課長",
      labelEn: "Title: manager",
      condition: "person.title in ['課長', 'マネージャー']",
      points: 12,
    },
    {
      label: "従業員100名以上",
      labelEn: "100+ employees",
      condition: "company.employees >= 100",
      points: 20,
    },
    {
      label: "従業員1,000名以上",
      labelEn: "1,000+ employees",
      condition: "company.employees >= 1000",
      points: 10,
    },
    {
      label: "部署: 人事・経理・情シス",
      labelEn: "Dept: HR, finance, IT, general affairs",
      condition: "person.department in ['人事部', '経理部', '情報システム部', '総務部']",
      points: 10,
    },
    {
      label: "フリーメール",
      labelEn: "Free email address",
      condition: "person.email_domain in freemail",
      points: -30,
    },
  ],
  engagementRules: [
    { label: "問い合わせ", labelEn: "Inquiry", activities: ["問い合わせ"], points: 30, maxPerDay: 1 },
    { label: "資料請求", labelEn: "Document request", activities: ["資料請求"], points: 20, maxPerDay: 1 },
    {
      label: "ウェビナー参加",
      labelEn: "Webinar attended",
      activities: ["ウェビナー"],
      points: 15,
      maxPerDay: 1,
    },
    {
      label: "名刺交換",
      labelEn: "Business card exchange",
      activities: ["名刺交換"],
      points: 10,
      maxPerDay: 1,
    },
    {
      label: "メールクリック",
      labelEn: "Email link clicked",
      activities: ["メールクリック"],
      points: 3,
      maxPerDay: 3,
    },
    { label: "ページ閲覧", labelEn: "Page view", activities: ["ページ閲覧"], points: 2, maxPerDay: 5 },
    { label: "メール開封", labelEn: "Email opened", activities: ["メール開封"], points: 1, maxPerDay: 3 },
  ],
  halfLifeDays: 30,
  weights: { fit: 1, engagement: 1 },
};

export interface DemoLanguage {
  /** The approved v1 of each definition by key, which the history runs and stage changes cite. */
  definitions: Record<string, DemoDefinition>;
  scoringModelId: string;
  scoring: CheckedScoringModel;
}

/**
 * Signs the demo's definitions and scoring model, as the marketing and inside-sales demo users
 * did at `signedAt`, before the people who move under them are loaded.
 */
export async function seedDemoLanguage(
  database: Database,
  signers: { marketingId: string; salesId: string },
  signedAt: Date,
  newId: () => string,
): Promise<DemoLanguage> {
  const definitions: Record<string, DemoDefinition> = {};
  const signed = {
    status: "approved",
    authorId: signers.marketingId,
    createdAt: signedAt,
    proposedAt: signedAt,
    marketingApproverId: signers.marketingId,
    marketingApprovedAt: signedAt,
    salesApproverId: signers.salesId,
    salesApprovedAt: signedAt,
    approvedAt: signedAt,
  };
  await database.db.transaction(async (tx) => {
    for (const d of DEMO_DEFINITIONS) {
      const definition = await insertDefinition(tx, {
        id: newId(),
        key: d.key,
        nameJa: d.nameJa,
        nameEn: d.nameEn,
        targetStage: d.targetStage,
        autoAdvance: d.autoAdvance,
        marketingOwnerId: signers.marketingId,
        salesOwnerId: signers.salesId,
        createdBy: signers.marketingId,
        createdAt: signedAt,
        updatedAt: signedAt,
      });
      const version = await insertVersion(tx, {
        ...signed,
        // Both signers confirmed that the description and the rule say the same thing.
        marketingProseConfirmed: true,
        salesProseConfirmed: true,
        id: newId(),
        definitionId: definition.id,
        number: 1,
        expression: d.expression,
        description: d.description,
        changeNote: "初版: 月次連携MTGで合意",
      });
      await updateDefinitionRow(tx, definition.id, { currentVersionId: version.id });
      definitions[d.key] = demoDefinition({ ...d, versionId: version.id, number: version.number });
    }
  });
  const scoring = checkedModel(DEMO_SCORING_MODEL);
  const model = await insertModelVersion(database.db, {
    ...signed,
    id: newId(),
    number: 1,
    config: DEMO_SCORING_MODEL,
    changeNote: "初版",
  });
  return { definitions, scoringModelId: model.id, scoring };
}

/** Scores everyone once the demo is loaded, so lists and definitions have scores to show. */
export async function scoreDemo(database: Database, modelId: string, now: Date): Promise<number> {
  return rescoreEveryone(database.db, { id: modelId, config: DEMO_SCORING_MODEL }, now, "demo");
}
