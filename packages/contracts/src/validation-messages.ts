import { type Locale, pickBilingual } from "./messages.ts";

/**
 * Plain ja/en sentences for input validation: each kind of problem (required, too short/long with
 * the limit, bad e-mail, bad date, out of range, not one of the choices …) in words a user reads,
 * with the field's label. zod's own wording ("小さすぎる値: string…", "Expected string") never
 * reaches a user; `validation-messages.test.ts` walks every contract schema to keep it so.
 */

/** A validation issue as zod (or fastify-type-provider-zod) reports it. */
export interface ValidationIssue {
  code: string;
  path: readonly PropertyKey[];
  message: string;
  input?: unknown;
  [param: string]: unknown;
}

/** Labels of request fields, by the last key of their path. */
const FIELD_LABELS: Record<string, Record<Locale, string>> = {
  familyName: { ja: "姓", en: "family name" },
  givenName: { ja: "名", en: "given name" },
  familyNameKana: { ja: "フリガナ（姓）", en: "family name reading (フリガナ)" },
  givenNameKana: { ja: "フリガナ（名）", en: "given name reading (フリガナ)" },
  email: { ja: "メールアドレス", en: "email address" },
  phone: { ja: "電話番号", en: "phone number" },
  department: { ja: "部署", en: "department" },
  title: { ja: "役職", en: "job title" },
  companyId: { ja: "企業", en: "company" },
  ownerId: { ja: "担当者", en: "owner" },
  personId: { ja: "人物", en: "person" },
  teamId: { ja: "チーム", en: "team" },
  source: { ja: "流入元", en: "source" },
  temperature: { ja: "温度感", en: "temperature" },
  consentStatus: { ja: "配信同意", en: "consent" },
  stage: { ja: "ステージ", en: "stage" },
  name: { ja: "名前", en: "name" },
  nameKana: { ja: "フリガナ", en: "reading (フリガナ)" },
  nameJa: { ja: "名前（日本語）", en: "Japanese name" },
  nameEn: { ja: "名前（英語）", en: "English name" },
  labelJa: { ja: "表示名（日本語）", en: "Japanese label" },
  labelEn: { ja: "英語名", en: "English name" },
  label: { ja: "名前", en: "name" },
  corporateNumber: { ja: "法人番号", en: "corporate number" },
  domain: { ja: "ドメイン", en: "domain" },
  industry: { ja: "業種", en: "industry" },
  employeeBand: { ja: "従業員規模", en: "company size" },
  prefecture: { ja: "都道府県", en: "prefecture" },
  address: { ja: "住所", en: "address" },
  amount: { ja: "金額", en: "amount" },
  expectedCloseDate: { ja: "受注予定日", en: "planned close date" },
  closedOn: { ja: "クローズ日", en: "close date" },
  lostReasonId: { ja: "失注理由", en: "lost reason" },
  reason: { ja: "理由", en: "reason" },
  comment: { ja: "コメント", en: "comment" },
  note: { ja: "メモ", en: "note" },
  closeNote: { ja: "メモ", en: "note" },
  changeNote: { ja: "変更メモ", en: "change note" },
  description: { ja: "説明", en: "description" },
  expression: { ja: "条件式", en: "rule" },
  condition: { ja: "条件式", en: "condition" },
  subject: { ja: "件名", en: "subject" },
  body: { ja: "本文", en: "body" },
  type: { ja: "種類", en: "type" },
  occurredAt: { ja: "日時", en: "date and time" },
  date: { ja: "日付", en: "date" },
  dueOn: { ja: "期日", en: "due date" },
  startsOn: { ja: "開始日", en: "start date" },
  endsOn: { ja: "終了日", en: "end date" },
  from: { ja: "開始日", en: "start date" },
  to: { ja: "終了日", en: "end date" },
  month: { ja: "月", en: "month" },
  points: { ja: "点数", en: "points" },
  maxPerDay: { ja: "1日の上限", en: "daily cap" },
  activities: { ja: "行動", en: "activities" },
  halfLifeDays: { ja: "半減期", en: "half-life" },
  workdays: { ja: "営業日", en: "working days" },
  workStart: { ja: "始業時刻", en: "start of work" },
  workEnd: { ja: "終業時刻", en: "end of work" },
  url: { ja: "URL", en: "URL" },
  password: { ja: "パスワード", en: "password" },
  role: { ja: "ロール", en: "role" },
  version: { ja: "版番号（version）", en: "version" },
  campaignId: { ja: "キャンペーン", en: "campaign" },
  budget: { ja: "予算", en: "budget" },
  target: { ja: "目標額", en: "target" },
  totalTarget: { ja: "目標額", en: "target" },
  currentNumbers: { ja: "現状の数字", en: "current numbers" },
  nextActions: { ja: "次のアクション", en: "next actions" },
  limit: { ja: "件数", en: "page size" },
  cursor: { ja: "ページ位置（cursor）", en: "page position (cursor)" },
  q: { ja: "検索語", en: "search text" },
};

const label = (path: readonly PropertyKey[], locale: Locale): string | null => {
  const key = [...path].reverse().find((part) => typeof part === "string" && !/^\d+$/.test(part));
  return typeof key === "string" ? (FIELD_LABELS[key]?.[locale] ?? null) : null;
};

/** 「姓」は / "Family name" … : the sentence's subject, or a neutral one when the field has no label. */
const subject = (path: readonly PropertyKey[], locale: Locale): string => {
  const name = label(path, locale);
  if (locale === "ja") return name ? `「${name}」は` : "";
  return name ? name.charAt(0).toUpperCase() + name.slice(1) : "This value";
};

const TYPE_WORDS: Record<string, Record<Locale, string>> = {
  string: { ja: "文字", en: "text" },
  number: { ja: "数値", en: "a number" },
  int: { ja: "整数", en: "a whole number" },
  boolean: { ja: "はい／いいえ", en: "yes or no" },
  array: { ja: "一覧", en: "a list" },
  object: { ja: "項目のまとまり", en: "a group of fields" },
  date: { ja: "日付", en: "a date" },
};

const FORMATS: Record<string, Record<Locale, string>> = {
  email: {
    ja: "メールアドレスの形（例: taro@example.co.jp）",
    en: "an email address (e.g. taro@example.com)",
  },
  uuid: { ja: "IDの形", en: "an ID" },
  datetime: {
    ja: "日時の形（例: 2026-09-30T14:05:00+09:00）",
    en: "a date and time (e.g. 2026-09-30T14:05:00+09:00)",
  },
  date: { ja: "日付の形（例: 2026-09-30）", en: "a date (e.g. 2026-09-30)" },
  time: { ja: "時刻の形（例: 09:00）", en: "a time (e.g. 09:00)" },
  url: { ja: "URLの形（例: https://example.co.jp）", en: "a URL (e.g. https://example.com)" },
};

const MAX_CHOICES = 12;
const show = (value: unknown) => (typeof value === "string" ? value : JSON.stringify(value));
const num = (value: unknown, locale: Locale) =>
  typeof value === "number" || typeof value === "bigint"
    ? value.toLocaleString(locale === "ja" ? "ja-JP" : "en-US")
    : show(value);

function sized(issue: ValidationIssue, locale: Locale, big: boolean): string {
  const s = subject(issue.path, locale);
  const limit = big ? issue.maximum : issue.minimum;
  const inclusive = issue.inclusive !== false;
  const n = num(limit, locale);
  const origin = String(issue.origin ?? "");
  if (origin === "string") {
    const length = typeof issue.input === "string" ? issue.input.length : null;
    if (big) {
      const now = length === null ? "" : locale === "ja" ? `（今は${length}文字）` : ` (now ${length})`;
      return locale === "ja"
        ? `${s}${n}文字以内で入力してください${now}。`
        : `${s} must be at most ${n} characters${now}.`;
    }
    if (Number(limit) <= 1)
      return locale === "ja" ? `${s}必須です。入力してください。` : `${s} is required: enter a value.`;
    return locale === "ja"
      ? `${s}${n}文字以上で入力してください。`
      : `${s} must be at least ${n} characters.`;
  }
  if (origin === "array" || origin === "set") {
    if (big)
      return locale === "ja" ? `${s}${n}件までにしてください。` : `${s} can have at most ${n} entries.`;
    if (Number(limit) <= 1)
      return locale === "ja" ? `${s}1つ以上選んでください。` : `${s} needs at least one entry.`;
    return locale === "ja" ? `${s}${n}件以上にしてください。` : `${s} needs at least ${n} entries.`;
  }
  if (origin === "date") {
    const when = limit instanceof Date ? limit.toISOString().slice(0, 10) : show(limit);
    return locale === "ja"
      ? `${s}${when}${big ? "以前" : "以降"}の日付にしてください。`
      : `${s} must be on or ${big ? "before" : "after"} ${when}.`;
  }
  if (locale === "ja")
    return `${s}${n}${big ? (inclusive ? "以下" : "未満") : inclusive ? "以上" : "より大きい値"}にしてください。`;
  return `${s} must be ${big ? (inclusive ? "at most" : "less than") : inclusive ? "at least" : "greater than"} ${n}.`;
}

/** The message for one validation issue, in the locale, naming the field when it has a label. */
export function validationIssueMessage(issue: ValidationIssue, locale: Locale): string {
  // Our own messages are written "日本語 / English".
  if (issue.message.includes(" / ")) return pickBilingual(issue.message, locale);
  const s = subject(issue.path, locale);
  switch (issue.code) {
    case "invalid_type": {
      if (issue.input === undefined || issue.input === null)
        return locale === "ja" ? `${s}必須です。入力してください。` : `${s} is required: enter a value.`;
      const expected = TYPE_WORDS[String(issue.expected)]?.[locale];
      if (!expected)
        return locale === "ja" ? `${s}値の種類が正しくありません。` : `${s} has the wrong kind of value.`;
      return locale === "ja" ? `${s}${expected}で入力してください。` : `${s} must be ${expected}.`;
    }
    case "too_small":
      return sized(issue, locale, false);
    case "too_big":
      return sized(issue, locale, true);
    case "invalid_format": {
      const format = FORMATS[String(issue.format)]?.[locale];
      if (format) return locale === "ja" ? `${s}${format}で入力してください。` : `${s} must be ${format}.`;
      return locale === "ja" ? `${s}形式が正しくありません。` : `${s} is not in a valid format.`;
    }
    case "invalid_value":
    case "invalid_enum_value": {
      const values = Array.isArray(issue.values) ? issue.values.map(show) : [];
      if (values.length === 0 || values.length > MAX_CHOICES)
        return locale === "ja" ? `${s}選べる値ではありません。` : `${s} is not one of the choices.`;
      return locale === "ja"
        ? `${s}次のどれかにしてください: ${values.join("、")}。`
        : `${s} must be one of: ${values.join(", ")}.`;
    }
    case "not_multiple_of":
      return locale === "ja"
        ? `${s}${num(issue.divisor, locale)}の倍数にしてください。`
        : `${s} must be a multiple of ${num(issue.divisor, locale)}.`;
    case "unrecognized_keys": {
      const keys = Array.isArray(issue.keys) ? issue.keys.map(show).join(", ") : "";
      return locale === "ja" ? `使えない項目があります: ${keys}。` : `Unknown field(s): ${keys}.`;
    }
    default:
      return locale === "ja" ? `${s}値が正しくありません。` : `${s} is not a valid value.`;
  }
}
