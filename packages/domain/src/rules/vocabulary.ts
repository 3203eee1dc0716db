import {
  ACTIVITY_TYPES,
  type ActivityType,
  CAMPAIGN_TYPES,
  type CampaignType,
  type EMPLOYEE_BANDS,
} from "../vocabulary.ts";

/**
 * The rule language's vocabulary: every name an expression may read. Nothing outside this
 * table is reachable, and each entry has one meaning in the evaluator and in SQL.
 * Missing values read as "" (strings) or 0 (numbers), so no expression ever meets a null.
 */
export type RuleType = "string" | "int" | "bool";

export interface RuleField {
  type: RuleType;
  ja: string;
  en: string;
}

export const RULE_FIELDS = {
  person: {
    stage: {
      type: "string",
      ja: "ライフサイクルステージ（lead, mql, sal …）",
      en: "lifecycle stage (lead, mql, sal …)",
    },
    temperature: {
      type: "string",
      ja: "温度感（hot / warm / cold、未設定は空文字）",
      en: "temperature (hot / warm / cold, empty when unset)",
    },
    title: { type: "string", ja: "役職", en: "job title" },
    department: { type: "string", ja: "部署", en: "department" },
    email_domain: {
      type: "string",
      ja: "メールアドレスのドメイン（小文字）",
      en: "email domain (lower case)",
    },
    source: { type: "string", ja: "流入元", en: "source" },
    consent: {
      type: "string",
      ja: "配信同意（unknown / opted_in / opted_out）",
      en: "consent (unknown / opted_in / opted_out)",
    },
    days_in_stage: {
      type: "int",
      ja: "今のステージになってからの日数",
      en: "days since entering the current stage",
    },
    days_since_created: { type: "int", ja: "登録からの日数", en: "days since the person was created" },
  },
  company: {
    name: { type: "string", ja: "企業名", en: "company name" },
    industry: {
      type: "string",
      ja: "業種コード（manufacturing など）",
      en: "industry code (e.g. manufacturing)",
    },
    employee_band: { type: "string", ja: '従業員規模（"50-99" など）', en: 'employee band (e.g. "50-99")' },
    employees: {
      type: "int",
      ja: "従業員数（規模帯の下限。不明は0）",
      en: "employees (lower bound of the band; 0 when unknown)",
    },
    prefecture: { type: "string", ja: "都道府県", en: "prefecture" },
    domain: { type: "string", ja: "企業ドメイン", en: "company domain" },
  },
  score: {
    fit: { type: "int", ja: "属性スコア（0〜100）", en: "fit score (0–100)" },
    engagement: { type: "int", ja: "行動スコア（0〜100）", en: "engagement score (0–100)" },
    total: { type: "int", ja: "総合スコア（0〜100）", en: "total score (0–100)" },
  },
} as const satisfies Record<string, Record<string, RuleField>>;

export type RuleObject = keyof typeof RULE_FIELDS;

/** The lower bound of each employee band, which `company.employees` reads. */
export const EMPLOYEE_BAND_MINIMUM: Record<(typeof EMPLOYEE_BANDS)[number], number> = {
  "1-9": 1,
  "10-49": 10,
  "50-99": 50,
  "100-299": 100,
  "300-999": 300,
  "1000-4999": 1000,
  "5000+": 5000,
};

/** Free email domains: a business lead rarely writes from these. */
export const FREEMAIL_DOMAINS = [
  "gmail.com",
  "googlemail.com",
  "yahoo.co.jp",
  "yahoo.com",
  "ymail.ne.jp",
  "icloud.com",
  "me.com",
  "mac.com",
  "outlook.com",
  "outlook.jp",
  "hotmail.com",
  "hotmail.co.jp",
  "live.jp",
  "live.com",
  "msn.com",
  "aol.com",
  "docomo.ne.jp",
  "ezweb.ne.jp",
  "au.com",
  "softbank.ne.jp",
  "i.softbank.jp",
  "nifty.com",
  "biglobe.ne.jp",
  "ocn.ne.jp",
  "so-net.ne.jp",
  "proton.me",
  "protonmail.com",
] as const;

/** Activity-type words an expression may use: the Japanese label or the code. */
export const ACTIVITY_TERMS: Record<string, ActivityType> = {
  名刺交換: "business_card_exchange",
  資料請求: "document_request",
  問い合わせ: "inquiry",
  メール開封: "email_open",
  メールクリック: "email_click",
  ページ閲覧: "page_view",
  ウェビナー: "webinar",
  電話: "call",
  商談: "meeting",
  メモ: "note",
  ...Object.fromEntries(ACTIVITY_TYPES.map((t) => [t, t])),
};

/**
 * Campaign-type words: they count any activity attached to a campaign of that type
 * (e.g. `展示会` counts the 名刺交換 and follow-ups logged against an exhibition).
 * ウェビナー is an activity type first, so it is not repeated here.
 */
export const CAMPAIGN_TERMS: Record<string, CampaignType> = {
  展示会: "exhibition",
  メルマガ: "newsletter",
  "SEO/コンテンツ": "seo_content",
  広告: "advertising",
  ...Object.fromEntries(CAMPAIGN_TYPES.filter((t) => t !== "webinar").map((t) => [`campaign:${t}`, t])),
};

/** What an activity word means: activity types and campaign types it matches. */
export interface ActivityMatcher {
  activityTypes: ActivityType[];
  campaignTypes: CampaignType[];
}

/** Resolves activity words to what they match, or returns the first unknown word. */
export function resolveActivityTerms(terms: readonly string[]): ActivityMatcher | { unknown: string } {
  const matcher: ActivityMatcher = { activityTypes: [], campaignTypes: [] };
  for (const term of terms) {
    const activity = ACTIVITY_TERMS[term];
    const campaign = CAMPAIGN_TERMS[term];
    if (activity) matcher.activityTypes.push(activity);
    else if (campaign) matcher.campaignTypes.push(campaign);
    else return { unknown: term };
  }
  matcher.activityTypes = [...new Set(matcher.activityTypes)].sort();
  matcher.campaignTypes = [...new Set(matcher.campaignTypes)].sort();
  return matcher;
}

/** Days `last()` reports when there is no such activity at all. */
export const NEVER_DAYS = 99_999;
/** Longest activity window: ten years. */
export const MAX_WINDOW_DAYS = 3650;
/** Integer literals stay within ±1e9 so sums can never overflow in either engine. */
export const MAX_INT_LITERAL = 1_000_000_000;

/**
 * The cost budget of one expression, checked by `checkExpression`. Every activity function
 * (count, count_any, last) is a correlated subquery over activities in the compiled SQL, and an
 * impact preview runs it for every person of the period, so the number of calls bounds the cost;
 * clauses (operands of && and ||) and nesting bound the plan's size. Definitions and scoring rules
 * that people sign read in a few lines, far inside these limits.
 */
export const RULE_BUDGET = {
  /** Characters in the source. */
  maxLength: 2000,
  /** Calls of count, count_any and last. */
  maxActivityCalls: 20,
  /** Conditions joined by && and || (a && b || c is three). */
  maxClauses: 40,
  /** Depth of the expression tree: operators, calls and parentheses inside each other. */
  maxDepth: 20,
} as const;

export const MAX_EXPRESSION_LENGTH = RULE_BUDGET.maxLength;
