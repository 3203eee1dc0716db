import { type EmployeeBand, formatPersonName } from "@tasuki/domain";
import { PAINS } from "./catalog.ts";
import { landline, mobile } from "./company.generator.ts";
import { buyingSignals, nurture } from "./engagement.ts";
import { DEPARTMENTS, type Department, FAMILY_NAMES, GIVEN_NAMES, type Title } from "./japanese-names.ts";
import { ORIGIN_LABEL, PersonStory, pickOwner } from "./person-story.ts";
import { engagementLevel, latentPropensity, type PersonTraits, perceivedTemperature } from "./propensity.ts";
import { type Random, Weighted, weighted } from "./random.ts";
import { iso, type RowSink, SALES_STAGES, type World } from "./rows.ts";

/** Common family names are common: weight by frequency rank. */
const FAMILY_WEIGHTS = new Weighted(FAMILY_NAMES.map((name, rank) => [name, 1 / (rank + 3) ** 0.8] as const));

/** Small companies are met through their owners; big ones through managers and staff. */
const TITLE_BY_BAND: Record<EmployeeBand, Weighted<Title>> = (() => {
  const small = weighted<Title>({
    代表取締役: 35,
    取締役: 15,
    部長: 5,
    次長: 0,
    課長: 5,
    係長: 0,
    主任: 5,
    担当: 35,
  });
  const lower = weighted<Title>({
    代表取締役: 12,
    取締役: 10,
    部長: 15,
    次長: 2,
    課長: 15,
    係長: 8,
    主任: 10,
    担当: 28,
  });
  const mid = weighted<Title>({
    代表取締役: 3,
    取締役: 6,
    部長: 18,
    次長: 5,
    課長: 22,
    係長: 12,
    主任: 12,
    担当: 22,
  });
  const large = weighted<Title>({
    代表取締役: 0.3,
    取締役: 2,
    部長: 12,
    次長: 6,
    課長: 22,
    係長: 15,
    主任: 15,
    担当: 28,
  });
  return {
    "1-9": small,
    "10-49": lower,
    "50-99": mid,
    "100-299": mid,
    "300-999": large,
    "1000-4999": large,
    "5000+": large,
  };
})();

/** The buyers of 勤怠・経費 software sit in HR, accounting and general affairs; some leads do not. */
const DEPARTMENT_SHARE: Record<Department, number> = {
  人事部: 18,
  経理部: 14,
  総務部: 14,
  情報システム部: 10,
  経営企画部: 6,
  管理部: 6,
  人事総務部: 6,
  財務経理部: 4,
  営業部: 8,
  製造部: 4,
  開発部: 5,
  マーケティング部: 5,
};
const DEPARTMENT_WEIGHTS = new Weighted<Department>(DEPARTMENTS.map((d) => [d, DEPARTMENT_SHARE[d]]));

/** Who signs for a 勤怠・経費 system: senior titles at companies of 100 and more. */
const DECIDERS = new Set<Title>(["代表取締役", "取締役", "部長"]);
const SMALL_BANDS = new Set<EmployeeBand>(["1-9", "10-49", "50-99"]);

/** Simulates one person from first touch to today and appends all their rows to the sink. */
export function simulatePerson(world: World, bornAt: number, sink: RowSink): void {
  const r = world.random;
  const { companies } = world;
  const companyIndex = companies.pick(r);
  const band = companies.bands[companyIndex]!;
  const title = TITLE_BY_BAND[band].sample(r);
  const traits: PersonTraits = {
    industry: companies.industries[companyIndex]!,
    band,
    title,
    department: pickDepartment(r, title, band),
    interest: r.normal(),
    curiosity: r.normal(),
  };
  const family = FAMILY_WEIGHTS.sample(r);
  const given = r.pick(GIVEN_NAMES);
  const email = uniqueEmail(world, companyIndex, given[2], family[2]);
  const story = new PersonStory(world, sink, {
    name: formatPersonName(family[0], given[0]),
    email,
    companyIndex,
    traits,
    latent: latentPropensity(traits),
    pain: r.pick(PAINS),
    marketer: pickOwner(r, world.reps.marketing),
  });
  story.enter(bornAt);
  // Background engagement is known before the funnel runs, so the definitions see it as it happens.
  story.engageAhead(() => {
    nurture(story, engagementLevel(traits));
    buyingSignals(story, {
      interest: traits.interest,
      decides: DECIDERS.has(title) && !SMALL_BANDS.has(band),
    });
  });
  story.walkFunnel();
  story.writeEngagement();

  const phoneRoll = r.next();
  const phone =
    phoneRoll < 0.45
      ? landline(r, companies.prefectures[companyIndex]!)
      : phoneRoll < 0.75
        ? mobile(r)
        : phoneRoll < 0.95
          ? companies.mainPhones[companyIndex]!
          : null;
  sink.people.push([
    story.id,
    family[0],
    given[0],
    family[1],
    given[1],
    email,
    phone,
    traits.department,
    title,
    story.companyId,
    story.owner,
    world.teamIds[story.team],
    story.stage,
    iso(story.at),
    SALES_STAGES.includes(story.stage) ? perceivedTemperature(traits, r.normal()) : null,
    story.consent,
    ORIGIN_LABEL[story.origin],
    iso(story.createdAt),
    iso(story.at),
    story.changes,
  ]);
}

function pickDepartment(r: Random, title: Title, band: EmployeeBand): Department | null {
  if (title === "代表取締役") return r.chance(0.8) ? null : "経営企画部";
  if (title === "取締役" && r.chance(0.4)) return null;
  if ((band === "1-9" || band === "10-49") && r.chance(0.3)) return "管理部";
  return DEPARTMENT_WEIGHTS.sample(r);
}

/** How the company writes addresses (t.sato, taro.sato, sato.taro, sato, tsato, sato-t). */
const LOCAL_PARTS: ((given: string, family: string) => string)[] = [
  (g, f) => `${g[0]}.${f}`,
  (g, f) => `${g}.${f}`,
  (g, f) => `${f}.${g}`,
  (_g, f) => f,
  (g, f) => `${g[0]}${f}`,
  (g, f) => `${f}-${g[0]}`,
];

function uniqueEmail(world: World, companyIndex: number, given: string, family: string): string {
  const domain = world.companies.domains[companyIndex]!;
  const local = LOCAL_PARTS[world.companies.emailStyles[companyIndex]! % LOCAL_PARTS.length]!(given, family);
  for (let n = 1; ; n++) {
    const email = `${n === 1 ? local : `${local}${n}`}@${domain}`;
    const hash = emailHash(email);
    if (!world.emailHashes.has(hash)) {
      world.emailHashes.add(hash);
      return email;
    }
  }
}

/** Two 26-bit FNV-style hashes in one number: a collision only costs a digit, never a duplicate. */
function emailHash(text: string): number {
  let a = 0x811c9dc5;
  let b = 0x01000193;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995) ^ (b >>> 13);
  }
  return (a >>> 6) * 67_108_864 + (b >>> 6);
}
