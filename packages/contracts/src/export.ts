import { z } from "zod";
import { idSchema, LIMITS } from "./common.ts";
import { LOCALES, type Locale } from "./messages.ts";

export const EXPORT_ENCODINGS = ["utf8", "shift_jis"] as const;
export type ExportEncoding = (typeof EXPORT_ENCODINGS)[number];

/** The response header that counts characters Shift_JIS (CP932) cannot hold, written as 〓. */
export const EXPORT_REPLACED_HEADER = "x-tasuki-replaced-characters";

/** What every export adds to its list's filter: the byte encoding and the header language. */
const exportOptions = {
  encoding: z
    .enum(EXPORT_ENCODINGS)
    .default("utf8")
    .describe(
      "`utf8`: UTF-8 with a BOM (Excel opens it as UTF-8). `shift_jis`: Windows-31J/CP932 for older Excel; a character CP932 cannot hold is written as 〓 and counted in the `x-tasuki-replaced-characters` trailer and the audit log",
    ),
  lang: z.enum(LOCALES).optional().describe("Column header language; defaults to Accept-Language, else ja"),
};

/** Comma-separated ids (a selection), each checked, at most a page's worth of ids per request. */
export const idListSchema = z
  .string()
  .max(LIMITS.pageSizeMax * 37)
  .optional()
  .transform((v, ctx) => {
    if (v === undefined) return undefined;
    const ids = v.split(",").filter((s) => s !== "");
    if (ids.some((id) => !idSchema.safeParse(id).success)) {
      ctx.addIssue({ code: "custom", message: "IDの形式が正しくありません / not a valid id" });
      return z.NEVER;
    }
    return ids;
  });

/**
 * An export's query: its list's filter without paging (every matching row is streamed), plus
 * the encoding and header language. Built by the server from the list's own schema, so the
 * filter cannot drift from the list's.
 */
export function exportQuerySchema<T extends z.ZodObject<{ cursor: z.ZodType; limit: z.ZodType }>>(list: T) {
  return list.omit({ cursor: true, limit: true }).extend(exportOptions);
}

type Headers = Record<Locale, readonly string[]>;

/**
 * Column headers, in the order of the rows the server writes. Names are split (姓, 名) and codes
 * are the API's vocabulary keys, so the file can be read back by another tool; dates are JST.
 */
export const EXPORT_HEADERS = {
  people: {
    ja: [
      "ID",
      "姓",
      "名",
      "セイ",
      "メイ",
      "メールアドレス",
      "電話番号",
      "会社ID",
      "会社名",
      "部署",
      "役職",
      "ステージ",
      "温度感",
      "同意状況",
      "流入元",
      "担当者",
      "チーム",
      "スコア",
      "ステージ変更日時",
      "作成日時",
      "更新日時",
    ],
    en: [
      "ID",
      "Family name",
      "Given name",
      "Family name (kana)",
      "Given name (kana)",
      "Email",
      "Phone",
      "Company ID",
      "Company",
      "Department",
      "Title",
      "Stage",
      "Temperature",
      "Consent",
      "Source",
      "Owner",
      "Team",
      "Score",
      "Stage changed at (JST)",
      "Created at (JST)",
      "Updated at (JST)",
    ],
  },
  companies: {
    ja: [
      "ID",
      "会社名",
      "会社名フリガナ",
      "法人番号",
      "業種",
      "従業員規模",
      "都道府県",
      "ドメイン",
      "担当者",
      "人数",
      "進行中の商談数",
      "作成日時",
      "更新日時",
    ],
    en: [
      "ID",
      "Name",
      "Name (kana)",
      "Corporate number",
      "Industry",
      "Employees",
      "Prefecture",
      "Domain",
      "Owner",
      "People",
      "Open deals",
      "Created at (JST)",
      "Updated at (JST)",
    ],
  },
  opportunities: {
    ja: [
      "ID",
      "商談名",
      "会社ID",
      "会社名",
      "担当者(顧客)ID",
      "担当者(顧客)",
      "営業担当",
      "金額(円)",
      "ステージ",
      "完了予定日",
      "結果",
      "失注理由",
      "クローズメモ",
      "クローズ日",
      "作成日時",
      "更新日時",
      "契約更新日",
    ],
    en: [
      "ID",
      "Name",
      "Company ID",
      "Company",
      "Contact ID",
      "Contact",
      "Owner",
      "Amount (JPY)",
      "Stage",
      "Expected close date",
      "Outcome",
      "Lost reason",
      "Close note",
      "Closed on",
      "Created at (JST)",
      "Updated at (JST)",
      "Renewal date",
    ],
  },
  activities: {
    ja: [
      "ID",
      "人物ID",
      "会社ID",
      "種類",
      "日時",
      "流入元",
      "キャンペーンID",
      "件名",
      "本文",
      "記録者",
      "作成日時",
    ],
    en: [
      "ID",
      "Person ID",
      "Company ID",
      "Type",
      "Occurred at (JST)",
      "Source",
      "Campaign ID",
      "Subject",
      "Body",
      "Recorded by",
      "Created at (JST)",
    ],
  },
} as const satisfies Record<string, Headers>;
export type ExportKind = keyof typeof EXPORT_HEADERS;

/** The download's file name stem per language (`people-20261207.csv`, `人物-20261207.csv`). */
export const EXPORT_FILE_STEMS: Record<ExportKind, Record<Locale, string>> = {
  people: { ja: "人物", en: "people" },
  companies: { ja: "会社", en: "companies" },
  opportunities: { ja: "商談", en: "opportunities" },
  activities: { ja: "活動", en: "activities" },
};
