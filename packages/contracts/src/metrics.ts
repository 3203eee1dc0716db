/**
 * The figures that appear under one name on several screens, each with its one definition: the
 * name (ja/en, as the i18n files show it), what it counts, the one server function that computes
 * it, and every screen that shows it with the operation and response field it reads. A test in the
 * web package (`src/metrics.test.ts`) checks the i18n files, the components and docs/openapi.json
 * against this list, so a second screen cannot show 「パイプライン金額」 computed another way (see
 * docs/METRICS.md, "One name, one function").
 */
export interface MetricScreen {
  /** Where it is shown, for people. */
  screen: string;
  /** The i18n key of the figure's label on that screen. */
  i18nKey: string;
  /** The component (under packages/web/src) that shows it; it must read `operation`. */
  component: string;
  /** The operation the component reads the figure from, and the response field. */
  operation: string;
  field: string;
  /** The label key is built at run time (e.g. `analytics.kpi.${kpi}`): not found as a literal. */
  dynamicKey?: true;
}

export interface MetricDefinition {
  ja: string;
  en: string;
  counts: { ja: string; en: string };
  /** The one server function (file#name) behind every screen. */
  serverFunction: string;
  screens: readonly MetricScreen[];
}

export const METRIC_REGISTRY = {
  pipelineAmount: {
    ja: "パイプライン金額",
    en: "Pipeline amount",
    counts: {
      ja: "進行中（受注も失注もしていない）商談の金額合計。作成日や期間によらない現在の値",
      en: "Sum of the amounts of open deals (neither won nor lost) now, whenever created, whatever the period",
    },
    serverFunction: "analytics/analytics.repository.ts#pipelineSource",
    screens: [
      {
        screen: "ダッシュボード KPI",
        i18nKey: "analytics.kpi.pipelineAmount",
        component: "features/analytics/KpiTiles.tsx",
        operation: "getMarketingKpis",
        field: "kpis",
        dynamicKey: true,
      },
      {
        screen: "商談ボード",
        i18nKey: "opportunities.pipelineAmount",
        component: "features/opportunities/PipelineBoardPage.tsx",
        operation: "getPipeline",
        field: "amount",
      },
      {
        screen: "ホーム",
        i18nKey: "home.pipelineAmount",
        component: "features/home/FieldSalesHome.tsx",
        operation: "getPipeline",
        field: "amount",
      },
    ],
  },
  wonAmount: {
    ja: "受注金額",
    en: "Won revenue",
    counts: {
      ja: "期間内（JST の受注日）に受注した商談の金額合計",
      en: "Sum of the amounts of deals won on a JST day of the period",
    },
    serverFunction: "analytics/analytics.repository.ts#wonAmountPart",
    screens: [
      {
        screen: "ダッシュボード KPI",
        i18nKey: "analytics.kpi.wonAmount",
        component: "features/analytics/KpiTiles.tsx",
        operation: "getMarketingKpis",
        field: "kpis",
        dynamicKey: true,
      },
    ],
  },
  opportunityRate: {
    ja: "商談化率",
    en: "Opportunity rate",
    counts: {
      ja: "期間内に流入（リード初到達）した人物のうち、その後商談ステージに到達した割合",
      en: "Of the people who first became leads in the period, the share who reached the opportunity stage",
    },
    serverFunction: "analytics/analytics.repository.ts#opportunityRateSource",
    screens: [
      {
        screen: "ダッシュボード KPI",
        i18nKey: "analytics.kpi.opportunityRate",
        component: "features/analytics/KpiTiles.tsx",
        operation: "getMarketingKpis",
        field: "kpis",
        dynamicKey: true,
      },
    ],
  },
  winRate: {
    ja: "成約率",
    en: "Win rate",
    counts: {
      ja: "期間内にクローズした商談のうち受注の割合＝受注 ÷（受注＋失注）",
      en: "Of the deals closed in the period, won ÷ (won + lost)",
    },
    serverFunction: "analytics/analytics.repository.ts#winRateSource",
    screens: [
      {
        screen: "ダッシュボード KPI",
        i18nKey: "analytics.kpi.winRate",
        component: "features/analytics/KpiTiles.tsx",
        operation: "getMarketingKpis",
        field: "kpis",
        dynamicKey: true,
      },
    ],
  },
  slaCompliance: {
    ja: "SLA遵守率",
    en: "SLA compliance rate",
    counts: {
      ja: "期間内に受け取った引き渡しのうち SLA内 ÷（SLA内 + SLA超過）",
      en: "Of the handoffs received in the period, within SLA ÷ (within SLA + breached)",
    },
    serverFunction: "relay/handoffs.repository.ts#slaOutcomeExpr",
    screens: [
      {
        screen: "ダッシュボード SLA タイル",
        i18nKey: "analytics.kpi.slaCompliance",
        component: "features/analytics/SlaTile.tsx",
        operation: "getSlaCompliance",
        field: "teams",
      },
      {
        screen: "SLA遵守状況",
        i18nKey: "compliance.columns.rate",
        component: "features/relay/CompliancePage.tsx",
        operation: "getSlaCompliance",
        field: "teams",
      },
    ],
  },
} as const satisfies Record<string, MetricDefinition>;

export type RegisteredMetric = keyof typeof METRIC_REGISTRY;
