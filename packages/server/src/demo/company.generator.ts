import {
  corporateNumberCheckDigit,
  type EmployeeBand,
  type Industry,
  PREFECTURES,
  type Prefecture,
} from "@tasuki/domain";
import { AREA_CODES, COMPANY_STEMS, COMPANY_SUFFIXES, FAMILY_NAMES, type Reading } from "./japanese-names.ts";
import { type Random, Weighted, weighted } from "./random.ts";

/** Prospects of a 勤怠/経費 SaaS: mostly manufacturing, trade and services; few public bodies. */
const INDUSTRY_WEIGHTS = weighted<Industry>({
  manufacturing: 20,
  wholesale_retail: 14,
  it_software: 11,
  construction: 10,
  professional_services: 8,
  healthcare: 7,
  logistics: 6,
  information_communication: 5,
  real_estate: 4,
  finance_insurance: 4,
  hospitality: 4,
  education: 3,
  public_sector: 1.5,
  other: 2.5,
});

const BAND_WEIGHTS = weighted<EmployeeBand>({
  "1-9": 10,
  "10-49": 28,
  "50-99": 20,
  "100-299": 20,
  "300-999": 13,
  "1000-4999": 7,
  "5000+": 2,
});

/** Bigger companies have more contacts in the database. */
const PEOPLE_PER_BAND: Record<EmployeeBand, number> = {
  "1-9": 1,
  "10-49": 1.5,
  "50-99": 2,
  "100-299": 3,
  "300-999": 4.5,
  "1000-4999": 7,
  "5000+": 10,
};

const BIG_PREFECTURES: Partial<Record<Prefecture, number>> = {
  東京都: 30,
  大阪府: 9,
  神奈川県: 7,
  愛知県: 7,
  福岡県: 4,
  埼玉県: 4,
  千葉県: 3.5,
  兵庫県: 3.5,
  北海道: 3,
  京都府: 2,
  静岡県: 2,
  広島県: 2,
  宮城県: 1.8,
  茨城県: 1.2,
  新潟県: 1.2,
};
const PREFECTURE_WEIGHTS = new Weighted<Prefecture>(PREFECTURES.map((p) => [p, BIG_PREFECTURES[p] ?? 0.5]));

const REGION_PREFIXES: readonly Reading[] = [
  ["東日本", "ヒガシニホン", "higashinihon"],
  ["西日本", "ニシニホン", "nishinihon"],
  ["中部", "チュウブ", "chubu"],
  ["北陸", "ホクリク", "hokuriku"],
  ["ジャパン", "ジャパン", "japan"],
  ["新", "シン", "shin"],
];

/** mod 10^12 with a multiplier coprime to 10 is a bijection: unique 法人番号 without remembering them. */
const CORPORATE_MULTIPLIER = 982_451_653n;
const TWELVE_DIGITS = 1_000_000_000_000n;

export const EMAIL_STYLES = 6;

/** Every prospect company, generated up front as columns (compact enough for 200,000 companies). */
export class CompanyPool {
  readonly count: number;
  readonly ids: string[] = [];
  readonly names: string[] = [];
  readonly kana: string[] = [];
  readonly corporateNumbers: string[] = [];
  readonly industries: Industry[] = [];
  readonly bands: EmployeeBand[] = [];
  readonly prefectures: Prefecture[] = [];
  readonly domains: string[] = [];
  readonly mainPhones: string[] = [];
  readonly emailStyles: Uint8Array;
  /** The field-sales rep for the account (index into the team); named accounts also record it as owner. */
  readonly fieldSalesRep: Uint8Array;
  readonly ownerIds: (string | null)[] = [];
  /** When the company first appeared (its first contact, or the list import); NaN until known. */
  readonly createdAt: Float64Array;
  private readonly cumulative: Float64Array;

  constructor(random: Random, count: number, fieldSalesReps: readonly string[]) {
    this.count = count;
    this.emailStyles = new Uint8Array(count);
    this.fieldSalesRep = new Uint8Array(count);
    this.createdAt = new Float64Array(count).fill(Number.NaN);
    this.cumulative = new Float64Array(count);
    const domainCounts = new Map<string, number>();
    const corporateOffset = BigInt(random.uint32()) * 1_000n + BigInt(random.int(0, 999));
    let total = 0;
    for (let i = 0; i < count; i++) {
      const industry = INDUSTRY_WEIGHTS.sample(random);
      const band = BAND_WEIGHTS.sample(random);
      const prefecture = PREFECTURE_WEIGHTS.sample(random);
      const { name, kana, slug } = companyName(random, industry, band);
      const used = domainCounts.get(slug) ?? 0;
      domainCounts.set(slug, used + 1);
      const base12 = ((CORPORATE_MULTIPLIER * BigInt(i + 1) + corporateOffset) % TWELVE_DIGITS)
        .toString()
        .padStart(12, "0");
      const rep = random.int(0, fieldSalesReps.length - 1);
      this.ids.push(random.uuid());
      this.names.push(name);
      this.kana.push(kana);
      this.corporateNumbers.push(`${corporateNumberCheckDigit(base12)}${base12}`);
      this.industries.push(industry);
      this.bands.push(band);
      this.prefectures.push(prefecture);
      this.domains.push(`${slug}${used === 0 ? "" : used + 1}.example`);
      this.mainPhones.push(landline(random, prefecture));
      this.emailStyles[i] = random.int(0, EMAIL_STYLES - 1);
      this.fieldSalesRep[i] = rep;
      const named = band === "300-999" || band === "1000-4999" || band === "5000+";
      this.ownerIds.push(named ? fieldSalesReps[rep]! : null);
      total += PEOPLE_PER_BAND[band] * random.between(0.5, 1.5);
      this.cumulative[i] = total;
    }
  }

  /** A company for a new contact, bigger companies more often. */
  pick(random: Random): number {
    const target = random.next() * this.cumulative[this.count - 1]!;
    let low = 0;
    let high = this.count - 1;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (this.cumulative[mid]! > target) high = mid;
      else low = mid + 1;
    }
    return low;
  }

  /** COPY row for the companies table (search_text is generated by the database). */
  row(i: number): unknown[] {
    const created = new Date(this.createdAt[i]!).toISOString();
    return [
      this.ids[i],
      this.names[i],
      this.kana[i],
      this.corporateNumbers[i],
      this.industries[i],
      this.bands[i],
      this.prefectures[i],
      this.domains[i],
      this.ownerIds[i],
      created,
      created,
      1,
    ];
  }
}

export const COMPANY_COLUMNS = [
  "id",
  "name",
  "name_kana",
  "corporate_number",
  "industry",
  "employee_band",
  "prefecture",
  "domain",
  "owner_id",
  "created_at",
  "updated_at",
  "version",
] as const;

function companyName(
  random: Random,
  industry: Industry,
  band: EmployeeBand,
): { name: string; kana: string; slug: string } {
  const stem = random.chance(0.7) ? random.pick(COMPANY_STEMS) : random.pick(FAMILY_NAMES.slice(0, 80));
  const suffix = random.pick(COMPANY_SUFFIXES[industry]!);
  const region = random.chance(0.12) ? random.pick(REGION_PREFIXES) : null;
  const core = `${region?.[0] ?? ""}${stem[0]}${suffix[0]}`;
  const kana = `${region?.[1] ?? ""}${stem[1]}${suffix[1]}`;
  const slug = [region?.[2], stem[2], suffix[2]].filter(Boolean).join("-");
  if (industry === "public_sector") {
    return { name: `${random.chance(0.6) ? "一般財団法人" : "公益社団法人"}${core}`, kana, slug };
  }
  const small = band === "1-9" || band === "10-49";
  const form = small && random.chance(0.12) ? "有限会社" : random.chance(0.06) ? "合同会社" : "株式会社";
  // 前株 (株式会社〇〇) and 後株 (〇〇株式会社) both occur; 後株 a little more often.
  const name = random.chance(0.45) ? `${form}${core}` : `${core}${form}`;
  return { name, kana, slug };
}

/** A landline in the prefecture's main city, as E.164 (+81 + area code + subscriber number). */
export function landline(random: Random, prefecture: Prefecture): string {
  const area = AREA_CODES[prefecture] ?? "3";
  let digits = area === "3" ? String(random.int(3, 6)) : area === "6" ? "6" : String(random.int(2, 9));
  while (digits.length < 9 - area.length) digits += String(random.int(0, 9));
  return `+81${area}${digits}`;
}

/** A mobile number (090/080/070) as E.164. */
export function mobile(random: Random): string {
  let digits = random.pick(["90", "80", "70"]) + String(random.int(1, 9));
  while (digits.length < 10) digits += String(random.int(0, 9));
  return `+81${digits}`;
}
