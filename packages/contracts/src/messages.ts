import type { ErrorCode } from "./errors.ts";

export const LOCALES = ["ja", "en"] as const;
export type Locale = (typeof LOCALES)[number];

type Template = (params: Record<string, string | number>) => string;

/**
 * Error messages people read, in both languages. Each says what happened and what to do.
 * `{name}` placeholders come from the error's params.
 */
const ERROR_MESSAGES: Record<ErrorCode, Record<Locale, string>> = {
  validation_failed: {
    ja: "入力内容に誤りがあります。各項目のメッセージを確認して修正してください。",
    en: "Some input is invalid. Check the message for each field and correct it.",
  },
  unauthenticated: {
    ja: "ログインが必要です。ログインし直してください。",
    en: "You need to sign in. Please sign in again.",
  },
  invalid_credentials: {
    ja: "メールアドレスまたはパスワードが正しくありません。",
    en: "The email address or password is incorrect.",
  },
  csrf_failed: {
    ja: "セキュリティトークン（x-csrf-token）が無いか一致しません。ページを再読み込みしてからやり直してください。",
    en: "The security token (x-csrf-token) is missing or does not match. Reload the page and try again.",
  },
  forbidden: {
    ja: "この操作を行う権限がありません。必要な場合は管理者に依頼してください。",
    en: "You are not allowed to do this. Ask an administrator if you need access.",
  },
  insufficient_scope: {
    ja: "この API トークンには必要なスコープ（{scope}）がありません。",
    en: "This API token lacks the required scope ({scope}).",
  },
  not_found: {
    ja: "{entity}が見つかりません。削除されたか、IDが誤っている可能性があります。",
    en: "The {entity} was not found. It may have been deleted, or the ID is wrong.",
  },
  version_conflict: {
    ja: "他の人が先にこのデータを更新しました（現在のバージョン {current}）。最新の内容を読み込んでからやり直してください。",
    en: "Someone else updated this record first (current version {current}). Reload it and try again.",
  },
  duplicate: {
    ja: "同じ{field}のデータが既にあります。既存のデータを使うか、値を変えてください。",
    en: "A record with the same {field} already exists. Use the existing one or change the value.",
  },
  rate_limited: {
    ja: "リクエストが多すぎます。少し待ってからやり直してください。",
    en: "Too many requests. Wait a moment and try again.",
  },
  internal: {
    ja: "サーバーで予期しないエラーが発生しました。時間をおいて再度お試しください。",
    en: "An unexpected server error occurred. Please try again later.",
  },
  import_file_too_large: {
    ja: "ファイルが大きすぎます（上限 {limit}）。ファイルを分けて取り込んでください。",
    en: "The file is too large (limit {limit}). Split it and import the parts.",
  },
  import_file_empty: {
    ja: "ファイルが空です。見出し行とデータのあるファイルを選んでください。",
    en: "The file is empty. Choose a file with a header row and data.",
  },
  import_file_binary: {
    ja: "このファイル（{kind}）は取り込めません。CSV・TSV（タブ区切り）・Excel（.xlsx）で保存し直してください。",
    en: "This file ({kind}) cannot be imported. Save it as CSV, TSV (tab-separated) or Excel (.xlsx).",
  },
  import_encoding_unknown: {
    ja: "文字コードを判別できません。UTF-8 または Shift_JIS で保存し直してください。",
    en: "The character encoding could not be detected. Save the file as UTF-8 or Shift_JIS.",
  },
  import_encoding_mismatch: {
    ja: "{line} 行目が {encoding} として読めません。文字コードの選択を変えるか、ファイルを UTF-8 で保存し直してください。",
    en: "Line {line} cannot be read as {encoding}. Choose another encoding, or save the file as UTF-8.",
  },
  import_ragged_row: {
    ja: '{line} 行目の列数（{actual}）が見出し行の列数（{expected}）と違います。区切り文字や引用符（"）を確認してください。',
    en: 'Line {line} has {actual} columns but the header has {expected}. Check the delimiters and quotes (").',
  },
  import_unbalanced_quote: {
    ja: '{line} 行目の引用符（"）が閉じていないか、値の途中にあります。値の中の " は "" と書いてください。',
    en: 'A quote (") on line {line} is not closed or stands inside a value. Write a " inside a value as "".',
  },
  import_bom_in_middle: {
    ja: "{line} 行目に BOM（ファイルの先頭にだけ置く印）があります。複数のファイルをつなげた場合は、つなぎ目の BOM を取り除いてください。",
    en: "Line {line} contains a BOM (a mark that belongs only at the start of a file). If files were joined, remove the BOM where they meet.",
  },
  import_too_many_rows: {
    ja: "行数が上限（{limit} 行）を超えています。ファイルを分けて取り込んでください。",
    en: "The file has more than {limit} rows. Split it and import the parts.",
  },
  import_sheet_not_found: {
    ja: "シート「{sheet}」が見つかりません。ブックにあるシート名を指定してください。",
    en: "There is no sheet named {sheet}. Give the name of a sheet in the workbook.",
  },
  handoff_pending_exists: {
    ja: "この人物には未対応の引き渡しが既にあります。先にその引き渡しを承認または差し戻してもらってください。",
    en: "This person already has a pending handoff. Have it accepted or rejected first.",
  },
  no_sla_policy: {
    ja: "「{from}」から「{to}」への引き渡しには SLA が設定されていません。設定画面で SLA を追加してください。",
    en: "There is no SLA for handoffs from {from} to {to}. Add one in the settings.",
  },
  invalid_stage_transition: {
    ja: "ステージを「{from}」から「{to}」へは変更できません。変更できるのは「{allowed}」です。",
    en: "The stage cannot change from {from} to {to}. Allowed: {allowed}.",
  },
  lost_reason_required: {
    ja: "失注にするには失注理由を選んでください。",
    en: "Choose a lost reason to close the opportunity as lost.",
  },
  opportunity_closed: {
    ja: "この商談は既にクローズ（{outcome}）されています。変更するには、理由を添えて商談を再開してください。",
    en: "This opportunity is already closed ({outcome}). Reopen it, with a reason, to change it.",
  },
  opportunity_not_closed: {
    ja: "この商談はまだクローズされていないため、再開できません。",
    en: "This opportunity is still open, so there is nothing to reopen.",
  },
  invalid_corporate_number: {
    ja: "法人番号「{value}」が正しくありません。13桁の数字で、先頭のチェックデジットが一致する必要があります。",
    en: "Corporate number {value} is invalid: it must be 13 digits with a matching check digit.",
  },
  invalid_phone: {
    ja: "電話番号「{value}」を認識できません。03-1234-5678 や +81 3 1234 5678 の形式で入力してください。",
    en: "Phone number {value} is not recognised. Use a form like 03-1234-5678 or +81 3 1234 5678.",
  },
  definition_not_proposed: {
    ja: "この版は署名待ちではありません（状態: {status}）。却下・承認済みの版は承認できないので、新しい版を提案してください。",
    en: "This version is not awaiting sign-off (status: {status}). Rejected or approved versions cannot be approved; propose a new version.",
  },
  approver_side_required: {
    ja: "定義に署名できるのはマーケティングと営業（インサイドセールス・フィールドセールス）の担当者です。",
    en: "Only marketing and sales (inside or field sales) users can sign definitions.",
  },
  already_signed: {
    ja: "{side}側は既に署名済みです。もう一方の側の署名を待ってください。",
    en: "The {side} side has already signed. Wait for the other side.",
  },
  same_approver: {
    ja: "同じ人がマーケティング側と営業側の両方に署名することはできません。",
    en: "The same person cannot sign for both marketing and sales.",
  },
  open_version_exists: {
    ja: "署名待ちの版（v{number}）があります。承認または却下されてから新しい版を提案してください。",
    en: "Version {number} is awaiting sign-off. Wait until it is approved or rejected before proposing another.",
  },
  invalid_expression: {
    ja: "条件式に誤りがあります（{line}行{column}列）: {detail}",
    en: "The condition has an error (line {line}, column {column}): {detail}",
  },
  definition_not_met: {
    ja: "この人物は「{definition}」v{number} の条件を満たしていません。理由を書いて変更するか、データを確認してください。",
    en: "This person does not meet {definition} v{number}. Give a reason instead, or check the data.",
  },
  handoff_already_decided: {
    ja: "この引き渡しは既に{state}です。他の人が先に対応しました。画面を再読み込みして最新の状態を確認してください。",
    en: "This handoff is already {state}: someone else acted on it first. Reload to see its current state.",
  },
  handoff_not_holder: {
    ja: "この人物は別のチームの担当のため引き渡せません。引き渡せるのは担当者・担当チーム、またはマネージャー・管理者です。担当チームに依頼してください。",
    en: "This person is held by another team, so you cannot hand them on: only their owner, their team, a manager or an admin can. Ask the team that holds them.",
  },
  handoff_stage_mismatch: {
    ja: "ステージが「{stage}」の人物は「{from}」から「{to}」へ引き渡せません。「{to}」へ引き渡せるのは「{allowed}」の人物です。ステージを確認するか、受け取るチームを選び直してください。",
    en: "A person at {stage} cannot be handed from {from} to {to}: {to} takes people at {allowed}. Check the person's stage or choose another receiving team.",
  },
  goal_assumption_missing: {
    ja: "「{field}」の過去実績がまだありません（対象期間に該当するデータがありません）。目標の前提で値を入力してください。",
    en: "There is no history yet for {field} (no matching records in the window). Enter a value in the goal's assumptions.",
  },
  // issue 18 (webhook targets, idempotency keys)
  webhook_target_not_allowed: {
    ja: "この URL には送信できません（このサーバー自身・社内ネットワーク・クラウドのメタデータなど）。インターネット上の https:// の URL を指定してください。",
    en: "This URL points somewhere Tasuki may not send to (this server, a private network, cloud metadata …). Use a public https:// URL.",
  },
  idempotency_key_reused: {
    ja: "この Idempotency-Key は別の内容のリクエストで使われています。新しい内容には新しいキーを使ってください。",
    en: "This Idempotency-Key was used for a request with different content. Use a new key for a new request.",
  },
  idempotency_key_in_progress: {
    ja: "同じ Idempotency-Key のリクエストを処理中です。少し待ってから同じリクエストを再送してください。",
    en: "A request with the same Idempotency-Key is still being processed. Wait a moment and send the same request again.",
  },
  invalid_cursor: {
    ja: "cursor が不正です。前のページの応答の nextCursor を変えずにそのまま渡してください（最初のページは cursor なしで取得します）。",
    en: "The cursor is not valid. Pass nextCursor from the previous page's response unchanged (omit cursor for the first page).",
  },
  query_timeout: {
    ja: "集計が{seconds}秒以内に終わらなかったため中止しました。期間を短くするか、条件（ルール）を単純にしてからやり直してください。",
    en: "The calculation did not finish within {seconds} seconds and was stopped. Narrow the period or simplify the rule, then try again.",
  },
  invitation_invalid: {
    ja: "この招待リンクは無効です。リンクを最後まで正しくコピーしたか確認し、だめなら管理者に新しい招待リンクを依頼してください。",
    en: "This invitation link is not valid. Check that the whole link was copied; otherwise ask your administrator for a new invitation link.",
  },
  invitation_used: {
    ja: "この招待リンクはすでに使われたか、新しいリンクに置き換えられています。パスワードを設定済みならログインしてください。そうでなければ管理者に新しい招待リンクを依頼してください。",
    en: "This invitation link has already been used or was replaced by a newer one. If you have set your password, sign in; otherwise ask your administrator for a new invitation link.",
  },
  invitation_expired: {
    ja: "この招待リンクは有効期限（発行から72時間）が切れています。管理者に新しい招待リンクを依頼してください。",
    en: "This invitation link has expired (links are valid for 72 hours). Ask your administrator for a new invitation link.",
  },
  invalid_goal_assumption: {
    ja: "逆算の前提「{field}」の値（{value}）は使えません。転換率は0より大きく1以下、平均受注単価は1円以上、リードタイムは0営業日以上、目標は0円以上の整数にしてください。",
    en: "The plan assumption {field} cannot be {value}. Conversion rates must be above 0 and at most 1, the average deal size at least 1 yen, lags 0 business days or more, and targets whole yen, 0 or more.",
  },
};

const STAGE_LABELS: Record<string, Record<Locale, string>> = {
  lead: { ja: "リード", en: "Lead" },
  mql: { ja: "MQL", en: "MQL" },
  sal: { ja: "SAL", en: "SAL" },
  sql: { ja: "SQL", en: "SQL" },
  opportunity: { ja: "商談", en: "Opportunity" },
  won: { ja: "受注", en: "Won" },
  lost: { ja: "失注", en: "Lost" },
  customer: { ja: "顧客", en: "Customer" },
  recycled: { ja: "リサイクル（ナーチャリング）", en: "Recycled" },
  disqualified: { ja: "対象外", en: "Disqualified" },
};

const HANDOFF_STATE_LABELS: Record<string, Record<Locale, string>> = {
  pending: { ja: "未対応", en: "pending" },
  accepted: { ja: "承認済み", en: "accepted" },
  rejected: { ja: "差し戻し済み", en: "rejected" },
  expired_escalated: { ja: "SLA超過でエスカレーション済み", en: "escalated after its SLA expired" },
  withdrawn: { ja: "取り下げ済み", en: "withdrawn" },
};

const TEAM_LABELS: Record<string, Record<Locale, string>> = {
  marketing: { ja: "マーケティング", en: "Marketing" },
  inside_sales: { ja: "インサイドセールス", en: "Inside Sales" },
  field_sales: { ja: "フィールドセールス", en: "Field Sales" },
  customer_success: { ja: "カスタマーサクセス", en: "Customer Success" },
};

const ENTITY_LABELS: Record<string, Record<Locale, string>> = {
  company: { ja: "企業", en: "company" },
  person: { ja: "人物", en: "person" },
  activity: { ja: "活動", en: "activity" },
  opportunity: { ja: "商談", en: "opportunity" },
  campaign: { ja: "施策", en: "campaign" },
  api_token: { ja: "APIトークン", en: "API token" },
  user: { ja: "ユーザー", en: "user" },
  team: { ja: "チーム", en: "team" },
  lost_reason: { ja: "失注理由", en: "lost reason" },
  handoff: { ja: "引き渡し", en: "handoff" },
  rejection_reason: { ja: "差し戻し理由", en: "rejection reason" },
  sla_policy: { ja: "SLA", en: "SLA policy" },
  notification: { ja: "通知", en: "notification" },
  notification_channel: { ja: "通知チャネル", en: "notification channel" },
  route: { ja: "API", en: "API route" },
  definition: { ja: "定義", en: "definition" },
  definition_version: { ja: "定義の版", en: "definition version" },
  job: { ja: "ジョブ", en: "job" },
  scoring_model: { ja: "スコアリングモデル", en: "scoring model" },
  goal: { ja: "目標", en: "goal" },
  goal_comment: { ja: "営業コメント", en: "sales comment" },
};

const SIDE_LABELS: Record<"marketing" | "sales", Record<Locale, string>> = {
  marketing: { ja: "マーケティング", en: "marketing" },
  sales: { ja: "営業", en: "sales" },
};

const FIELD_LABELS: Record<string, Record<Locale, string>> = {
  email: { ja: "メールアドレス", en: "email address" },
  corporateNumber: { ja: "法人番号", en: "corporate number" },
  key: { ja: "キー", en: "key" },
  value: { ja: "値", en: "value" },
  averageDealSize: { ja: "平均受注単価", en: "average deal size" },
  "conversionRates.lead": { ja: "転換率 リード→MQL", en: "conversion rate lead → MQL" },
  "conversionRates.mql": { ja: "転換率 MQL→SAL", en: "conversion rate MQL → SAL" },
  "conversionRates.sal": { ja: "転換率 SAL→SQL", en: "conversion rate SAL → SQL" },
  "conversionRates.sql": { ja: "転換率 SQL→商談", en: "conversion rate SQL → opportunity" },
  "conversionRates.opportunity": { ja: "受注率 商談→受注", en: "win rate opportunity → won" },
  "lagBusinessDays.lead": { ja: "リードタイム リード→MQL", en: "lag lead → MQL" },
  "lagBusinessDays.mql": { ja: "リードタイム MQL→SAL", en: "lag MQL → SAL" },
  "lagBusinessDays.sal": { ja: "リードタイム SAL→SQL", en: "lag SAL → SQL" },
  "lagBusinessDays.sql": { ja: "リードタイム SQL→商談", en: "lag SQL → opportunity" },
  "lagBusinessDays.opportunity": { ja: "リードタイム 商談→受注", en: "lag opportunity → won" },
  businessDaysPerMonth: { ja: "月あたり営業日数", en: "business days per month" },
  target: { ja: "目標額", en: "target" },
  month: { ja: "月", en: "month" },
};

/** Picks one side of a bilingual "日本語 / English" message. */
export function pickBilingual(message: string, locale: Locale): string {
  const [ja, en] = message.split(" / ");
  return (locale === "ja" ? ja : en) ?? message;
}

/** Stage label in the locale ("商談" / "Opportunity"). */
export function stageLabel(stage: string, locale: Locale): string {
  return STAGE_LABELS[stage]?.[locale] ?? stage;
}

/** Picks ja or en from an Accept-Language header; Japanese unless English is preferred. */
export function pickLocale(acceptLanguage: string | undefined): Locale {
  if (!acceptLanguage) return "ja";
  for (const part of acceptLanguage.split(",")) {
    const tag = part.trim().split(";")[0]?.toLowerCase() ?? "";
    if (tag.startsWith("ja")) return "ja";
    if (tag.startsWith("en")) return "en";
  }
  return "ja";
}

/** The message for an error code in the locale, with stage and entity names translated. */
export function errorMessage(
  code: ErrorCode,
  locale: Locale,
  params: Record<string, string | number> = {},
): string {
  const localized: Record<string, string | number> = { ...params };
  // Teams name the edge in these codes; elsewhere from/to are stages.
  const labels = code === "no_sla_policy" || code === "handoff_stage_mismatch" ? TEAM_LABELS : STAGE_LABELS;
  for (const key of ["from", "to"]) {
    const value = params[key];
    if (typeof value === "string") localized[key] = labels[value]?.[locale] ?? value;
  }
  if (typeof params.stage === "string") localized.stage = stageLabel(params.stage, locale);
  if (typeof params.state === "string")
    localized.state = HANDOFF_STATE_LABELS[params.state]?.[locale] ?? params.state;
  if (typeof params.allowed === "string") {
    localized.allowed = params.allowed
      .split(", ")
      .filter(Boolean)
      .map((s) => stageLabel(s, locale))
      .join(locale === "ja" ? "」「" : ", ");
  }
  if (params.side === "marketing" || params.side === "sales") {
    localized.side = SIDE_LABELS[params.side][locale];
  }
  if (typeof params.field === "string")
    localized.field = FIELD_LABELS[params.field]?.[locale] ?? params.field;
  if (typeof params.entity === "string")
    localized.entity = ENTITY_LABELS[params.entity]?.[locale] ?? params.entity;
  const template: Template = (p) =>
    ERROR_MESSAGES[code][locale].replace(/\{(\w+)\}/g, (_, key: string) => String(p[key] ?? ""));
  return template(localized);
}
