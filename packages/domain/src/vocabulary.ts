/**
 * The relay's fixed vocabularies. Each list is the single source for the database check
 * constraints, the zod contracts and the UI labels (labels live in contracts/messages).
 */
export const ROLES = [
  "admin",
  "marketing",
  "inside_sales",
  "field_sales",
  "customer_success",
  "manager",
] as const;
export type Role = (typeof ROLES)[number];

/** The four relay functions; every team has one. */
export const TEAM_FUNCTIONS = ["marketing", "inside_sales", "field_sales", "customer_success"] as const;
export type TeamFunction = (typeof TEAM_FUNCTIONS)[number];

/** Sales-side roles sign definitions together with marketing. */
export const SALES_ROLES: readonly Role[] = ["inside_sales", "field_sales"];

export const TEMPERATURES = ["hot", "warm", "cold"] as const;
export type Temperature = (typeof TEMPERATURES)[number];

/** 特定電子メール法: marketing email only to opted-in people; opt-out is final until they opt in again. */
export const CONSENT_STATUSES = ["unknown", "opted_in", "opted_out"] as const;
export type ConsentStatus = (typeof CONSENT_STATUSES)[number];

/**
 * A person's part in a campaign, in the order it usually goes: `added` (put on the list, e.g. by a
 * bulk action), `invited`, `registered`, `attended` (events, webinars), `responded` (answered a
 * mail or a survey). One row per campaign and person.
 */
export const CAMPAIGN_MEMBER_STATUSES = ["added", "invited", "registered", "attended", "responded"] as const;
export type CampaignMemberStatus = (typeof CAMPAIGN_MEMBER_STATUSES)[number];

export const ACTIVITY_TYPES = [
  "business_card_exchange",
  "document_request",
  "inquiry",
  "email_open",
  "email_click",
  "page_view",
  "webinar",
  "call",
  "meeting",
  "note",
] as const;
export type ActivityType = (typeof ACTIVITY_TYPES)[number];

/**
 * Each activity type as the small integer the database stores beside it (`activities.type_code`,
 * a generated column): the rescore and the rule language's count()/last() select activities by it,
 * because an integer compares cheaper than text row by row and sits in the per-person index.
 * Append new types; never renumber (stored rows keep their codes).
 */
export const ACTIVITY_TYPE_CODES = {
  business_card_exchange: 1,
  document_request: 2,
  inquiry: 3,
  email_open: 4,
  email_click: 5,
  page_view: 6,
  webinar: 7,
  call: 8,
  meeting: 9,
  note: 10,
} as const satisfies Record<ActivityType, number>;

/** `type_code = any(…)` for these types, as fixed SQL text (the codes are this vocabulary's numbers). */
export function activityTypeCodesSql(types: readonly ActivityType[]): string {
  return `'{${types.map((t) => ACTIVITY_TYPE_CODES[t]).join(",")}}'::smallint[]`;
}

export const CAMPAIGN_TYPES = [
  "exhibition",
  "webinar",
  "newsletter",
  "seo_content",
  "advertising",
  "other",
] as const;
export type CampaignType = (typeof CAMPAIGN_TYPES)[number];

export const EMPLOYEE_BANDS = ["1-9", "10-49", "50-99", "100-299", "300-999", "1000-4999", "5000+"] as const;
export type EmployeeBand = (typeof EMPLOYEE_BANDS)[number];

export const INDUSTRIES = [
  "manufacturing",
  "it_software",
  "information_communication",
  "wholesale_retail",
  "finance_insurance",
  "real_estate",
  "construction",
  "healthcare",
  "education",
  "logistics",
  "professional_services",
  "hospitality",
  "public_sector",
  "other",
] as const;
export type Industry = (typeof INDUSTRIES)[number];

/** JIS X 0401 order, so sorting by code sorts north to south. */
export const PREFECTURES = [
  "北海道",
  "青森県",
  "岩手県",
  "宮城県",
  "秋田県",
  "山形県",
  "福島県",
  "茨城県",
  "栃木県",
  "群馬県",
  "埼玉県",
  "千葉県",
  "東京都",
  "神奈川県",
  "新潟県",
  "富山県",
  "石川県",
  "福井県",
  "山梨県",
  "長野県",
  "岐阜県",
  "静岡県",
  "愛知県",
  "三重県",
  "滋賀県",
  "京都府",
  "大阪府",
  "兵庫県",
  "奈良県",
  "和歌山県",
  "鳥取県",
  "島根県",
  "岡山県",
  "広島県",
  "山口県",
  "徳島県",
  "香川県",
  "愛媛県",
  "高知県",
  "福岡県",
  "佐賀県",
  "長崎県",
  "熊本県",
  "大分県",
  "宮崎県",
  "鹿児島県",
  "沖縄県",
] as const;
export type Prefecture = (typeof PREFECTURES)[number];
