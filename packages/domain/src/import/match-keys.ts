import {
  companyNameKey,
  corporateNumberKey,
  domainKey,
  nameKey,
  normalizeEmail,
  phoneKey,
} from "./normalize.ts";

/**
 * Match keys for 名寄せ. A row and a stored record are the same company or person when they share
 * a key; keys are tried in order and the first that finds anything decides. A strong rule may
 * merge on its own; an uncertain one (不確かな一致) is listed for a person to confirm or split.
 */
export type MatchStrength = "strong" | "uncertain";
export type CompanyMatchRule = "corporate_number" | "name_domain" | "name";
export type PersonMatchRule = "email" | "phone_name" | "name_company";

export interface MatchKey<R extends string> {
  rule: R;
  /** Prefixed by the rule, so keys of different rules never collide in one index. */
  key: string;
  strength: MatchStrength;
}

export interface CompanyMatchInput {
  corporateNumber?: string | null;
  name?: string | null;
  /** The company's web site, or an e-mail address at it (free-mail domains are ignored). */
  url?: string | null;
  email?: string | null;
}

export interface CompanyMatchKeys {
  keys: MatchKey<CompanyMatchRule>[];
  /** A 法人番号 was given but its check digit fails: the row must say so, not match by name silently. */
  invalidCorporateNumber: boolean;
}

const present = (value: string | null | undefined): value is string => !!value && value.trim() !== "";

/** Companies: 法人番号 (check digit verified) → normalised name + domain → name alone (uncertain). */
export function companyMatchKeys(input: CompanyMatchInput): CompanyMatchKeys {
  const keys: MatchKey<CompanyMatchRule>[] = [];
  const corporateNumber = present(input.corporateNumber) ? corporateNumberKey(input.corporateNumber) : null;
  if (corporateNumber)
    keys.push({ rule: "corporate_number", key: `cn:${corporateNumber}`, strength: "strong" });
  const name = present(input.name) ? companyNameKey(input.name) : "";
  const domain =
    (present(input.url) ? domainKey(input.url) : null) ??
    (present(input.email) ? domainKey(input.email) : null);
  // With a 法人番号 that matched nothing, a same-named company may be another 法人: ask a person.
  const weaker: MatchStrength = corporateNumber ? "uncertain" : "strong";
  if (name && domain) keys.push({ rule: "name_domain", key: `nd:${name}|${domain}`, strength: weaker });
  if (name) keys.push({ rule: "name", key: `n:${name}`, strength: "uncertain" });
  return { keys, invalidCorporateNumber: present(input.corporateNumber) && !corporateNumber };
}

export interface PersonMatchInput {
  email?: string | null;
  phone?: string | null;
  familyName?: string | null;
  givenName?: string | null;
  /** Used when there is no 姓/名 in kanji. */
  familyNameKana?: string | null;
  givenNameKana?: string | null;
  companyName?: string | null;
}

function personNameKey(input: PersonMatchInput): string {
  const kanji = nameKey(`${input.familyName ?? ""}${input.givenName ?? ""}`);
  return kanji || nameKey(`${input.familyNameKana ?? ""}${input.givenNameKana ?? ""}`);
}

/** People: e-mail → phone + name → name + company (uncertain: two 山田太郎 can work at one company). */
export function personMatchKeys(input: PersonMatchInput): MatchKey<PersonMatchRule>[] {
  const keys: MatchKey<PersonMatchRule>[] = [];
  const email = present(input.email) ? normalizeEmail(input.email) : null;
  if (email) keys.push({ rule: "email", key: `e:${email}`, strength: "strong" });
  const name = personNameKey(input);
  const phone = present(input.phone) ? phoneKey(input.phone) : null;
  if (phone && name) keys.push({ rule: "phone_name", key: `pn:${phone}|${name}`, strength: "strong" });
  const company = present(input.companyName) ? companyNameKey(input.companyName) : "";
  if (name && company)
    keys.push({ rule: "name_company", key: `nc:${name}|${company}`, strength: "uncertain" });
  return keys;
}

export interface MatchResult<R extends string, T> {
  rule: R;
  strength: MatchStrength;
  /** Exactly one for a strong match; more than one record sharing a key is always uncertain. */
  candidates: readonly T[];
}

/**
 * The first key (in rule order) that finds stored records decides. `lookup` answers which stored
 * records carry a key (a Map in memory, or rows a repository fetched for a batch).
 */
export function resolveMatch<R extends string, T>(
  keys: readonly MatchKey<R>[],
  lookup: (key: string) => readonly T[],
): MatchResult<R, T> | null {
  for (const key of keys) {
    const candidates = lookup(key.key);
    if (candidates.length === 0) continue;
    const strength = candidates.length === 1 ? key.strength : "uncertain";
    return { rule: key.rule, strength, candidates };
  }
  return null;
}
