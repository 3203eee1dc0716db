import { formatPhone } from "@tasuki/domain";
import dayjs from "dayjs";
import timezone from "dayjs/plugin/timezone";
import utc from "dayjs/plugin/utc";

dayjs.extend(utc);
dayjs.extend(timezone);

/** Everyone sees Japan time, wherever their browser is: the relay runs on the Japanese business day. */
export const TIME_ZONE = "Asia/Tokyo";

/** An instant as `2026/09/30 14:05` in JST. */
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return "—";
  return dayjs(iso).tz(TIME_ZONE).format("YYYY/MM/DD HH:mm");
}

/** A calendar date (`2026-09-30`) or an instant, as `2026/09/30` (JST). */
export function formatDate(value: string | null | undefined): string {
  if (!value) return "—";
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return value.replaceAll("-", "/");
  return dayjs(value).tz(TIME_ZONE).format("YYYY/MM/DD");
}

/**
 * A calendar date typed by hand, as `YYYY-MM-DD`, or null when it is not one: `2026/1/5`,
 * `2026-01-05`, `2026.1.5`, `2026年1月5日`, `20260105`, in full-width digits too.
 */
export function parseDateText(text: string): string | null {
  const normalized = text.normalize("NFKC").trim();
  const match =
    /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$/.exec(normalized) ??
    /^(\d{4})(\d{2})(\d{2})$/.exec(normalized);
  if (!match) return null;
  const [year, month, day] = match.slice(1).map(Number) as [number, number, number];
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day)
    return null;
  return `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

/** Today in JST as `YYYY-MM-DD`, the form the API uses for dates. */
export function todayJst(): string {
  return dayjs().tz(TIME_ZONE).format("YYYY-MM-DD");
}

/** Whole days from today (JST) to a `YYYY-MM-DD` date; negative when past. */
export function daysFromToday(date: string): number {
  return dayjs.tz(date, TIME_ZONE).diff(dayjs.tz(todayJst(), TIME_ZONE), "day");
}

const yen = new Intl.NumberFormat("ja-JP", { maximumFractionDigits: 0 });

/** Yen without decimals: `¥1,200,000`. */
export function formatYen(amount: number | null | undefined): string {
  if (amount === null || amount === undefined) return "—";
  return `¥${yen.format(Math.round(amount))}`;
}

/** フリガナ in セイ メイ order, or null when none is known. */
export function kanaOf(person: {
  familyNameKana: string | null;
  givenNameKana: string | null;
}): string | null {
  const kana = [person.familyNameKana, person.givenNameKana].filter(Boolean).join(" ");
  return kana || null;
}

/** E.164 from the API shown the way people in Japan write it (03-1234-5678). */
export function formatPhoneNumber(e164: string | null | undefined): string {
  return e164 ? formatPhone(e164) : "—";
}

const WEEKDAYS_JA = ["日", "月", "火", "水", "木", "金", "土"];

/** Today's heading: `2026年9月30日（水）`, or `Wednesday, September 30, 2026` in English (JST). */
export function formatLongDate(instant: Date, locale: "ja" | "en"): string {
  const d = dayjs(instant).tz(TIME_ZONE);
  if (locale === "en") return d.locale("en").format("dddd, MMMM D, YYYY");
  return `${d.format("YYYY年M月D日")}（${WEEKDAYS_JA[d.day()]}）`;
}

/** `1000-4999` → `1,000〜4,999`, `5000+` → `5,000以上` (the unit 名 comes from the translation). */
export function formatEmployeeBand(band: string): string {
  const n = (v: string) => Number(v).toLocaleString("ja-JP");
  const plus = /^(\d+)\+$/.exec(band);
  if (plus?.[1]) return `${n(plus[1])}+`;
  const range = /^(\d+)-(\d+)$/.exec(band);
  return range?.[1] && range[2] ? `${n(range[1])}〜${n(range[2])}` : band;
}
