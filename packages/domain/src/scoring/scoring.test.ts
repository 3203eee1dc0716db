import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { RuleFacts } from "../rules/facts.ts";
import { calibrate } from "./calibration.ts";
import { decayFactor, scorePerson } from "./compute.ts";
import { areaUnderCurve, fitLogistic } from "./logistic.ts";
import { checkScoringModel, engagementBasis, findBehaviour, type ScoringModelConfig } from "./model.ts";

const config: ScoringModelConfig = {
  fitRules: [
    { label: "役職: 部長以上", condition: "person.title in ['部長', '本部長', '取締役']", points: 15 },
    { label: "従業員100名以上", condition: "company.employees >= 100", points: 20 },
    { label: "フリーメール", condition: "person.email_domain in freemail", points: -30 },
  ],
  engagementRules: [
    { label: "資料請求", activities: ["資料請求"], points: 20, maxPerDay: 1 },
    { label: "ページ閲覧", activities: ["ページ閲覧"], points: 2, maxPerDay: 5 },
    { label: "展示会", activities: ["展示会"], points: 10, maxPerDay: 1 },
  ],
  halfLifeDays: 30,
  weights: { fit: 1, engagement: 1 },
};
const checked = checkScoringModel(config);
if (!checked.ok) throw new Error(JSON.stringify(checked.issues));
const model = checked.model;
const now = new Date("2026-11-20T03:00:00Z");
const DAY = 86_400_000;

function facts(activities: RuleFacts["activities"], title = "部長"): RuleFacts {
  return {
    person: {
      stage: "lead",
      temperature: null,
      title,
      department: null,
      email: "a@maker.co.jp",
      source: null,
      consentStatus: "opted_in",
      stageChangedAt: now,
      createdAt: now,
    },
    company: { name: "x", industry: null, employeeBand: "100-299", prefecture: null, domain: null },
    score: { fit: 0, engagement: 0, total: 0 },
    activities,
  };
}

const activity = fc.record({
  type: fc.constantFrom("document_request", "page_view", "webinar", "business_card_exchange"),
  campaignType: fc.constantFrom(null, "exhibition", "webinar"),
  occurredAt: fc.integer({ min: -400 * 24, max: 24 }).map((h) => new Date(now.getTime() + h * 3_600_000)),
});

describe("decay", () => {
  it("is exactly ½ at the half-life, 1 at age 0, ¼ at two half-lives", () => {
    expect(decayFactor(30, 30)).toBe(0.5);
    expect(decayFactor(0, 30)).toBe(1);
    expect(decayFactor(60, 30)).toBe(0.25);
  });

  it("never negative, never above 1, monotone non-increasing with age", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 5000, noNaN: true }),
        fc.double({ min: 0, max: 5000, noNaN: true }),
        fc.integer({ min: 1, max: 365 }),
        (a, b, h) => {
          const [young, old] = a <= b ? [a, b] : [b, a];
          expect(decayFactor(old, h)).toBeGreaterThanOrEqual(0);
          expect(decayFactor(young, h)).toBeLessThanOrEqual(1);
          expect(decayFactor(old, h)).toBeLessThanOrEqual(decayFactor(young, h));
        },
      ),
    );
  });

  it("without new activity a score never rises as time passes", () => {
    fc.assert(
      fc.property(
        fc.array(activity, { maxLength: 25 }),
        fc.integer({ min: 1, max: 200 }),
        (acts, laterDays) => {
          const past = acts.filter((a) => a.occurredAt <= now);
          const before = scorePerson(model, facts(past), now);
          const after = scorePerson(model, facts(past), new Date(now.getTime() + laterDays * DAY));
          expect(after.engagement).toBeLessThanOrEqual(before.engagement);
          expect(after.engagement).toBeGreaterThanOrEqual(0);
        },
      ),
    );
  });
});

describe("explanation", () => {
  it("its lines add up to each part, every score stays within 0–100", () => {
    fc.assert(
      fc.property(fc.array(activity, { maxLength: 40 }), fc.constantFrom("部長", "担当"), (acts, title) => {
        const score = scorePerson(model, facts(acts, title), now);
        const sum = (part: string) =>
          score.lines.filter((l) => l.part === part).reduce((n, l) => n + l.points, 0);
        expect(sum("fit")).toBe(score.fit);
        expect(sum("engagement")).toBe(score.engagement);
        for (const value of [score.fit, score.engagement, score.total]) {
          expect(value).toBeGreaterThanOrEqual(0);
          expect(value).toBeLessThanOrEqual(100);
          expect(Number.isInteger(value)).toBe(true);
        }
      }),
    );
  });

  it("reads like a person would explain it", () => {
    const score = scorePerson(
      model,
      facts([
        { type: "document_request", campaignType: null, occurredAt: new Date(now.getTime() - 3 * DAY) },
        {
          type: "document_request",
          campaignType: null,
          occurredAt: new Date(now.getTime() - 3 * DAY + 60_000),
        },
        { type: "page_view", campaignType: null, occurredAt: new Date(now.getTime() - 30 * DAY) },
      ]),
      now,
    );
    expect(score.lines).toEqual([
      { part: "fit", kind: "rule", label: "役職: 部長以上", points: 15 },
      { part: "fit", kind: "rule", label: "従業員100名以上", points: 20 },
      { part: "engagement", kind: "activity", label: "資料請求", points: 20, ageDays: 3 },
      { part: "engagement", kind: "activity", label: "ページ閲覧", points: 2, ageDays: 30 },
      { part: "engagement", kind: "decay", label: "経過による減衰", points: -2 },
    ]);
    // Engagement: 20·½^(3/30) + 2·½^(30/30) = 18.66 + 1 = 19.66 → 20, i.e. the 22 points earned minus 2 of decay.
    expect(score.engagement).toBe(20);
    expect(score.fit).toBe(35);
  });

  it("caps repeated activities per JST day", () => {
    const burst = Array.from({ length: 12 }, (_, i) => ({
      type: "page_view",
      campaignType: null,
      occurredAt: new Date(now.getTime() - i * 60_000),
    }));
    const score = scorePerson(model, facts(burst), now);
    expect(score.lines.filter((l) => l.kind === "activity")).toHaveLength(5);
  });
});

describe("logistic regression", () => {
  it("recovers known weights from synthetic data", () => {
    const truth = { intercept: -1.5, coefficients: [2, -1, 0.5] };
    // Uniform draws from a fixed-seed generator (fast-check's doubles favour edge values).
    let state = 12345;
    const uniform = () => {
      state = (Math.imul(state, 1103515245) + 12345) >>> 0;
      return state / 2 ** 32;
    };
    const rng = Array.from(
      { length: 6000 },
      () => [uniform() * 4 - 2, uniform() * 4 - 2, uniform() < 0.5 ? 0 : 1, uniform()] as const,
    );
    const rows = rng.map(([a, b, c]) => [a, b, c]);
    const outcomes = rng.map(([a, b, c, u]) => {
      const z =
        truth.intercept +
        truth.coefficients[0]! * a +
        truth.coefficients[1]! * b +
        truth.coefficients[2]! * c;
      return (u < 1 / (1 + Math.exp(-z)) ? 1 : 0) as 0 | 1;
    });
    const fitted = fitLogistic(rows, outcomes);
    expect(fitted.converged).toBe(true);
    expect(fitted.intercept).toBeCloseTo(truth.intercept, 0);
    for (const [i, c] of fitted.coefficients.entries()) {
      expect(Math.abs(c - truth.coefficients[i]!)).toBeLessThan(0.25);
    }
  });

  it("AUC is 1 for a perfect ranking, 0.5 for ties, null without both outcomes", () => {
    expect(areaUnderCurve([1, 2, 3, 4], [0, 0, 1, 1])).toBe(1);
    expect(areaUnderCurve([1, 1, 1, 1], [0, 1, 0, 1])).toBe(0.5);
    expect(areaUnderCurve([1, 2], [1, 1])).toBeNull();
  });
});

describe("model checks", () => {
  it("refuses behaviour in fit rules, unknown activity words and bad numbers, naming the path", () => {
    const result = checkScoringModel({
      fitRules: [{ label: "x", condition: "count('資料請求', days(30)) > 0", points: 5 }],
      engagementRules: [{ label: "y", activities: ["FAX"], points: 1, maxPerDay: 1 }],
      halfLifeDays: 0,
      weights: { fit: 0, engagement: 0 },
    });
    expect(result.ok).toBe(false);
    if (!result.ok)
      expect(result.issues.map((i) => i.path)).toEqual([
        "fitRules.0.condition",
        "engagementRules.0.activities",
        "halfLifeDays",
        "weights",
      ]);
  });

  it.each([
    "person.stage == 'sql'",
    "person.temperature in ['hot', 'warm']",
    "person.days_in_stage > 30",
    "score.total >= 60",
    "last('問い合わせ') <= 7",
  ])("refuses a fit rule that reads more than the profile: %s", (condition) => {
    const result = checkScoringModel({ ...config, fitRules: [{ label: "x", condition, points: 5 }] });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.issues.map((i) => i.path)).toEqual(["fitRules.0.condition"]);
      expect(result.issues[0]!.message.ja).toContain("ステージ・温度感");
    }
    expect(findBehaviour(`company.employees >= 100 && ${condition}`)?.start).toBe(
      "company.employees >= 100 && ".length,
    );
  });

  it("accepts profile fields, including days since the person was created and names that only contain a word", () => {
    for (const condition of [
      "person.days_since_created <= 14",
      "person.title == 'stage manager'",
      "company.industry == 'manufacturing' && person.department.contains('営業')",
    ]) {
      expect(checkScoringModel({ ...config, fitRules: [{ label: "x", condition, points: 5 }] }).ok).toBe(
        true,
      );
      expect(findBehaviour(condition)).toBeNull();
    }
  });
});

describe("engagement basis", () => {
  const basisOf = (c: ScoringModelConfig) => {
    const result = checkScoringModel(c);
    if (!result.ok) throw new Error(JSON.stringify(result.issues));
    return engagementBasis(result.model);
  };
  it("ignores points, weights and fit rules: those models reuse the stored per-rule units", () => {
    const reweighted: ScoringModelConfig = {
      ...config,
      fitRules: [config.fitRules[0]!],
      engagementRules: config.engagementRules.map((r) => ({
        ...r,
        points: r.points * 2,
        label: `${r.label}!`,
      })),
      weights: { fit: 3, engagement: 1 },
    };
    expect(basisOf(reweighted)).toBe(basisOf(config));
  });
  it("changes with the half-life, a cap, what a rule matches, or the order of the rules", () => {
    const base = basisOf(config);
    const rules = config.engagementRules;
    expect(basisOf({ ...config, halfLifeDays: 45 })).not.toBe(base);
    expect(
      basisOf({ ...config, engagementRules: rules.map((r, i) => (i === 1 ? { ...r, maxPerDay: 3 } : r)) }),
    ).not.toBe(base);
    expect(
      basisOf({
        ...config,
        engagementRules: rules.map((r, i) => (i === 0 ? { ...r, activities: ["問い合わせ"] } : r)),
      }),
    ).not.toBe(base);
    expect(basisOf({ ...config, engagementRules: [...rules].reverse() })).not.toBe(base);
    expect(basisOf({ ...config, engagementRules: rules.slice(1) })).not.toBe(base);
  });
});

describe("calibration", () => {
  const person = (
    fit: number,
    engagement: number,
    opp: boolean,
    temperature: string | null = null,
    won = false,
    lost = false,
  ) => ({
    fit,
    engagement,
    total: Math.round((fit + engagement) / 2),
    temperature,
    reachedSql: opp,
    reachedOpportunity: opp,
    won,
    lost,
  });

  it("counts deciles and the agreement matrix from the records, closed deals only in win rates", () => {
    const people = [
      ...Array.from({ length: 50 }, (_, i) =>
        person(80, 40 + (i % 10), i % 2 === 0, "hot", i % 4 === 0, i % 4 === 2),
      ),
      ...Array.from({ length: 50 }, (_, i) => person(10, i % 10, i === 0, "cold")),
    ];
    const c = calibrate(people, { fit: 1, engagement: 1 });
    expect(c.cohort).toBe(100);
    expect(c.deciles).toHaveLength(10);
    expect(c.deciles.reduce((n, d) => n + d.people, 0)).toBe(100);
    const top = c.deciles[9]!;
    expect(top.reachedOpportunity).toBeGreaterThan(c.deciles[0]!.reachedOpportunity);
    // Bands by decile: 高 = the top 30 people (all hot here), 中 = the next 40 (20 hot, 20 cold), 低 = 30 cold.
    const cell = (band: string, temperature: string) =>
      c.agreement.find((a) => a.band === band && a.temperature === temperature)!;
    expect(cell("high", "hot").people).toBe(30);
    expect(cell("middle", "hot").people).toBe(20);
    expect(cell("middle", "cold").people).toBe(20);
    expect(cell("low", "hot").people).toBe(0);
    expect(c.bands.map((b) => b.people)).toEqual([30, 40, 30]);
    const hot = c.agreement.filter((a) => a.temperature === "hot");
    expect(hot.reduce((n, a) => n + a.won, 0)).toBe(13);
    expect(hot.reduce((n, a) => n + a.lost, 0)).toBe(12);
    for (const a of c.agreement) expect(a.winRate).toBe(a.won + a.lost > 0 ? a.won / (a.won + a.lost) : null);
  });

  it("suggests more weight on the part that predicts outcomes, and never ranks worse in-sample", () => {
    // Outcomes follow engagement only; fit is noise.
    let state = 7;
    const u = () => {
      state = (Math.imul(state, 1103515245) + 12345) >>> 0;
      return state / 2 ** 32;
    };
    const people = Array.from({ length: 2000 }, () => {
      const fit = Math.floor(u() * 100);
      const engagement = Math.floor(u() * 100);
      return person(fit, engagement, u() < 1 / (1 + Math.exp(-(engagement - 50) / 10)));
    });
    const c = calibrate(people, { fit: 1, engagement: 1 });
    expect(c.suggested!.weights.engagement).toBeGreaterThan(c.suggested!.weights.fit);
    expect(c.suggested!.weights.fit + c.suggested!.weights.engagement).toBeCloseTo(2, 1);
    expect(c.suggested!.auc!).toBeGreaterThanOrEqual(c.current.auc!);
  });
});
