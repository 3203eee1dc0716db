import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { RuleFacts } from "../rules/facts.ts";
import { scorePerson } from "./compute.ts";
import { areaUnderCurve } from "./logistic.ts";
import { checkScoringModel, type ScoringModelConfig } from "./model.ts";
import {
  isHoldout,
  type ReweightPerson,
  ruleFeatures,
  scoreFromFeatures,
  suggestRuleReweighting,
  topShareRate,
} from "./reweighting.ts";

const config: ScoringModelConfig = {
  fitRules: [
    { label: "役職: 部長", condition: "person.title == '部長'", points: 15 },
    { label: "従業員100名以上", condition: "company.employees >= 100", points: 20 },
    { label: "フリーメール", condition: "person.email_domain in freemail", points: -30 },
  ],
  engagementRules: [
    { label: "資料請求", activities: ["資料請求"], points: 20, maxPerDay: 1 },
    { label: "ページ閲覧", activities: ["ページ閲覧"], points: 2, maxPerDay: 5 },
    { label: "展示会", activities: ["展示会"], points: 10, maxPerDay: 1 },
  ],
  halfLifeDays: 30,
  weights: { fit: 2, engagement: 1 },
};
const checked = checkScoringModel(config);
if (!checked.ok) throw new Error(JSON.stringify(checked.issues));
const model = checked.model;
const now = new Date("2026-11-20T03:00:00Z");

/** A fixed-seed uniform generator (fast-check's doubles favour edge values). */
function generator(seed: number) {
  let state = seed;
  return () => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return state / 2 ** 32;
  };
}

describe("rule features", () => {
  it("scored with the model's own points they give exactly the score scorePerson gives", () => {
    const activity = fc.record({
      type: fc.constantFrom("document_request", "page_view", "webinar", "business_card_exchange"),
      campaignType: fc.constantFrom(null, "exhibition", "webinar"),
      occurredAt: fc.integer({ min: -400 * 24, max: 24 }).map((h) => new Date(now.getTime() + h * 3_600_000)),
    });
    fc.assert(
      fc.property(
        fc.array(activity, { maxLength: 40 }),
        fc.constantFrom("部長", "担当"),
        fc.constantFrom("a@maker.co.jp", "a@gmail.com"),
        fc.constantFrom("10-49", "100-299"),
        (activities, title, email, employeeBand) => {
          const facts: RuleFacts = {
            person: {
              stage: "lead",
              temperature: null,
              title,
              department: null,
              email,
              source: null,
              consentStatus: "opted_in",
              stageChangedAt: now,
              createdAt: now,
            },
            company: { name: "x", industry: null, employeeBand, prefecture: null, domain: null },
            score: { fit: 0, engagement: 0, total: 0 },
            activities,
          };
          const { fit, engagement, total } = scorePerson(model, facts, now);
          expect(scoreFromFeatures(config, ruleFeatures(model, facts, now))).toEqual({
            fit,
            engagement,
            total,
          });
        },
      ),
    );
  });
});

describe("top share rate", () => {
  it("counts people tied at the cut by the fraction of their group that fits", () => {
    // Top 20% of 10 people = 2: one scored 9 (converted), then half of the two tied at 5.
    const scores = [9, 5, 5, 1, 1, 1, 1, 1, 1, 1];
    const outcomes = [true, true, false, false, false, false, false, false, false, false];
    expect(topShareRate(scores, outcomes, 0.2)).toBeCloseTo((1 + 0.5) / 2, 10);
    expect(topShareRate([], [], 0.2)).toBeNull();
  });
});

describe("suggested points per rule", () => {
  // The truth: 部長 +1.2, 100名以上 −0.8 log-odds, each fresh 資料請求 +0.6, page views nothing.
  const truth = { intercept: -1.6, fit: [1.2, -0.8, -0.5], engagement: [0.6, 0, 0.3] };
  const u = generator(4242);
  const people: ReweightPerson[] = Array.from({ length: 8000 }, (_, i) => {
    const fit = [u() < 0.35 ? 1 : 0, u() < 0.5 ? 1 : 0, u() < 0.1 ? 1 : 0];
    const engagement = [u() * 3, u() * 8, u() < 0.3 ? u() * 2 : 0];
    const z =
      truth.intercept +
      fit.reduce((s, x, j) => s + x * truth.fit[j]!, 0) +
      engagement.reduce((s, x, j) => s + x * truth.engagement[j]!, 0);
    const converted = u() < 1 / (1 + Math.exp(-z));
    return { features: { fit, engagement }, converted, won: converted && u() < 0.3, holdout: i % 4 === 0 };
  });
  const result = suggestRuleReweighting(people, config)!;

  it("recovers the known log-odds of every rule from synthetic outcomes", () => {
    expect(result.converged).toBe(true);
    expect(result.intercept).toBeCloseTo(truth.intercept, 0);
    for (const [j, r] of result.fit.entries())
      expect(Math.abs(r.coefficient - truth.fit[j]!)).toBeLessThan(0.2);
    // ~2 standard errors at this sample size (the sparse 展示会 feature is the loosest).
    for (const [j, r] of result.engagement.entries())
      expect(Math.abs(r.coefficient - truth.engagement[j]!)).toBeLessThan(0.2);
  });

  it("turns them into integer points in the same order, measured on the held-out quarter", () => {
    expect(result.evaluation).toBe("held_out");
    expect(result.evaluatedPeople).toBe(2000);
    expect(result.trainPeople).toBe(6000);
    const [title, large] = result.fit;
    expect(title!.suggestedPoints).toBeGreaterThan(0);
    expect(large!.suggestedPoints).toBeLessThan(0);
    for (const r of [...result.fit, ...result.engagement]) {
      expect(Number.isInteger(r.suggestedPoints)).toBe(true);
      expect(Math.abs(r.suggestedPoints)).toBeLessThanOrEqual(100);
    }
    expect(result.config.fitRules.map((r) => r.points)).toEqual(result.fit.map((r) => r.suggestedPoints));
    expect(result.config.weights).toEqual({ fit: 1, engagement: 1 });
    // The model in force rewards 100名以上 and page views; the fitted points rank better.
    expect(result.suggested.auc!).toBeGreaterThan(result.current.auc! + 0.03);
    expect(result.suggested.topConversion!).toBeGreaterThan(result.current.topConversion!);
  });

  it("measures the model in force on everyone — the calibration headline's AUC — and the proposal held out", () => {
    const totals = people.map((p) => scoreFromFeatures(config, p.features).total);
    expect(result.current.auc).toBe(
      areaUnderCurve(
        totals,
        people.map((p) => (p.converted ? 1 : 0)),
      ),
    );
    const held = people.filter((p) => p.holdout);
    expect(result.suggested.auc).toBe(
      areaUnderCurve(
        held.map((p) => scoreFromFeatures(result.config, p.features).total),
        held.map((p) => (p.converted ? 1 : 0)),
      ),
    );
  });

  it("keeps the points of a rule that never applied, and says it had no evidence", () => {
    const none = people.map((p) => ({
      ...p,
      features: { fit: [p.features.fit[0]!, p.features.fit[1]!, 0], engagement: p.features.engagement },
    }));
    const r = suggestRuleReweighting(none, config)!;
    expect(r.fit[2]).toMatchObject({ evidence: false, suggestedPoints: -30, coefficient: 0 });
  });

  it("falls back to in-sample when too few converted to hold any out, and to nothing without outcomes", () => {
    const small = people.slice(0, 120);
    expect(suggestRuleReweighting(small, config)!.evaluation).toBe("in_sample");
    expect(
      suggestRuleReweighting(
        people.map((p) => ({ ...p, converted: false })),
        config,
      ),
    ).toBeNull();
  });

  it("holds out about a quarter of ids, the same ones every time", () => {
    const u2 = generator(99);
    const ids = Array.from({ length: 4000 }, () =>
      Array.from({ length: 32 }, () => Math.floor(u2() * 16).toString(16)).join(""),
    );
    const share = ids.filter(isHoldout).length / ids.length;
    expect(share).toBeGreaterThan(0.22);
    expect(share).toBeLessThan(0.28);
    expect(ids.filter(isHoldout)).toEqual(ids.filter(isHoldout));
  });
});
