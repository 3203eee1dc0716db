import { isValidCorporateNumber, toHalfWidthDigits } from "../corporate-number.ts";
import { normalizeKana } from "../names.ts";
import { normalizePhone } from "../phone.ts";

/**
 * 名寄せ normalisation: the forms two spellings of one company or person are compared in.
 * Every function here is idempotent (normalising twice equals once) and pure.
 */

/** Text as people meant it: NFKC (全角英数 → 半角, 半角カナ → 全角), one space between words, trimmed. */
export function normalizeText(value: string): string {
  return value.normalize("NFKC").replace(/\s+/g, " ").trim();
}

/**
 * Kanji that are the same name written in a variant (異体字) form people type either way:
 * 髙橋/高橋, 﨑/崎 (CP932 extension kanji), 𠮷野家/吉野家. Folded only in match keys, never in stored values.
 */
const VARIANT_KANJI: Record<string, string> = { 髙: "高", 﨑: "崎", 𠮷: "吉", 德: "徳", 濵: "濱" };
const VARIANT_PATTERN = new RegExp(`[${Object.keys(VARIANT_KANJI).join("")}]`, "gu");

/** Punctuation that does not tell two names apart: ・ . , 、 。 quotes and hyphens (not ー). */
const KEY_PUNCTUATION = /[\s・.,、。'"`’‘“”\-‐‑‒–—―]/gu;

/** A key for comparing names: normalised text, hiragana → katakana, lower-case, without spaces and punctuation. */
export function nameKey(value: string): string {
  return normalizeKana(value.normalize("NFKC"))
    .toLowerCase()
    .replace(VARIANT_PATTERN, (c) => VARIANT_KANJI[c] ?? c)
    .replace(KEY_PUNCTUATION, "");
}

/**
 * Legal forms (法人格) in the forms they appear after NFKC and lower-casing: ㈱ and （株） both become
 * (株). Longest first, so 特定非営利活動法人 is not read as a shorter form.
 */
const LEGAL_FORMS = [
  "特定非営利活動法人",
  "有限責任事業組合",
  "一般社団法人",
  "一般財団法人",
  "公益社団法人",
  "公益財団法人",
  "独立行政法人",
  "国立大学法人",
  "社会福祉法人",
  "株式会社",
  "有限会社",
  "合同会社",
  "合資会社",
  "合名会社",
  "医療法人",
  "学校法人",
  "宗教法人",
  "npo法人",
  "(一社)",
  "(一財)",
  "(公社)",
  "(公財)",
  "(特非)",
  "(株)",
  "(有)",
  "(同)",
  "(合)",
  "(資)",
  "(名)",
  "(医)",
  "(学)",
  "(福)",
  "(独)",
  "co., ltd.",
  "co., ltd",
  "co.,ltd.",
  "co.,ltd",
  "co.ltd.",
  "co.ltd",
  "company limited",
  "corporation",
  "limited",
  "co.",
  "corp.",
  "corp",
  "inc.",
  "inc",
  "ltd.",
  "ltd",
  "llc",
  "k.k.",
  "kk",
  "g.k.",
] as const;

function stripLegalForm(value: string): string {
  let current = value.trim().replace(/^[,\s]+|[,\s]+$/g, "");
  for (;;) {
    const before = current;
    for (const form of LEGAL_FORMS) {
      const ascii = /^[a-z]/.test(form);
      if (current.startsWith(form) && (!ascii || /^[\s,]/.test(current.slice(form.length)))) {
        current = current.slice(form.length);
      } else if (current.endsWith(form)) {
        const rest = current.slice(0, current.length - form.length);
        // An English form must stand as its own word: "Ginc" is not "G Inc".
        if (!ascii || /[\s,]$/.test(rest)) current = rest;
      }
      current = current.trim().replace(/^[,\s]+|[,\s]+$/g, "");
    }
    if (current === before) return current;
  }
}

/**
 * The company part of a company match key: legal form (株式会社/(株)/㈱/（株）/有限会社/合同会社/
 * 一般社団法人/Inc./Co., Ltd. …) stripped before or after the name, then {@link nameKey}.
 * Empty when nothing but a legal form is left.
 */
export function companyNameKey(value: string): string {
  // Removing punctuation can reveal a legal form (株.式会社): repeat until nothing changes.
  let key = value;
  for (let pass = 0; pass < 5; pass++) {
    const next = nameKey(stripLegalForm(key.normalize("NFKC").toLowerCase().replace(/\s+/g, " ")));
    if (next === key) break;
    key = next;
  }
  return key;
}

/** An e-mail address as compared: NFKC (full-width → ASCII), trimmed, lower-case; null when it is not one. */
export function normalizeEmail(value: string): string | null {
  const email = value.normalize("NFKC").replace(/\s+/g, "").toLowerCase();
  return /^[^@]+@[^@]+\.[^@.]+$/.test(email) ? email : null;
}

/** A phone number as E.164, or null when it is not a valid number (never an exception). */
export function phoneKey(value: string): string | null {
  try {
    return normalizePhone(value);
  } catch {
    return null;
  }
}

/** A 法人番号 as 13 ASCII digits when its check digit holds; null otherwise. */
export function corporateNumberKey(value: string): string | null {
  return isValidCorporateNumber(value) ? toHalfWidthDigits(value) : null;
}

/** Mail services whose domain says nothing about the company a person works for. */
const FREE_MAIL_DOMAINS = new Set([
  "gmail.com",
  "googlemail.com",
  "yahoo.co.jp",
  "ymail.ne.jp",
  "yahoo.com",
  "outlook.com",
  "outlook.jp",
  "hotmail.com",
  "hotmail.co.jp",
  "live.jp",
  "msn.com",
  "icloud.com",
  "me.com",
  "mac.com",
  "docomo.ne.jp",
  "ezweb.ne.jp",
  "au.com",
  "softbank.ne.jp",
  "i.softbank.jp",
  "nifty.com",
  "biglobe.ne.jp",
  "ocn.ne.jp",
  "so-net.ne.jp",
]);

/**
 * A company's web domain from a URL (https://www.example.co.jp/about → example.co.jp) or from an
 * e-mail address; null for free-mail domains and for text that has no domain.
 */
export function domainKey(urlOrEmail: string): string | null {
  const text = urlOrEmail.normalize("NFKC").trim().toLowerCase();
  const host = text.includes("@")
    ? text.slice(text.lastIndexOf("@") + 1)
    : text
        .replace(/^[a-z][a-z0-9+.-]*:\/\//, "")
        .split(/[/?#]/)[0]
        ?.replace(/:\d+$/, "");
  const domain = host?.replace(/^www\./, "").replace(/\.$/, "") ?? "";
  if (!/^[a-z0-9-]+(\.[a-z0-9-]+)+$/.test(domain)) return null;
  return FREE_MAIL_DOMAINS.has(domain) ? null : domain;
}

/**
 * 氏名 split into 姓 and 名 on the first space (half- or full-width); no space → all of it is the 姓.
 */
export function splitFullName(value: string): { familyName: string; givenName: string | null } {
  const text = normalizeText(value);
  const space = text.indexOf(" ");
  if (space < 0) return { familyName: text, givenName: null };
  return { familyName: text.slice(0, space), givenName: text.slice(space + 1) || null };
}
