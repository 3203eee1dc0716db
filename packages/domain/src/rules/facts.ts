import { EMPLOYEE_BAND_MINIMUM, type RuleObject } from "./vocabulary.ts";

/** What the rule language knows about one person at one moment. */
export interface RuleFacts {
  person: {
    stage: string;
    temperature: string | null;
    title: string | null;
    department: string | null;
    email: string | null;
    source: string | null;
    consentStatus: string;
    stageChangedAt: Date;
    createdAt: Date;
  };
  company: {
    name: string;
    industry: string | null;
    employeeBand: string | null;
    prefecture: string | null;
    domain: string | null;
  } | null;
  score: { fit: number; engagement: number; total: number };
  activities: readonly { type: string; campaignType: string | null; occurredAt: Date }[];
  /** Only activities after this instant count, e.g. since a person was recycled. */
  activitySince?: Date | null;
}

export const DAY_MS = 86_400_000;

/** Whole days from `from` to `to`, rounded down (negative when `from` is later). */
export function wholeDays(from: Date, to: Date): number {
  return Math.floor((to.getTime() - from.getTime()) / DAY_MS);
}

/** The vocabulary's values for one person: null text reads as "", unknown numbers as 0. */
export function vocabularyValues(
  facts: RuleFacts,
  now: Date,
): Record<RuleObject, Record<string, string | number>> {
  const p = facts.person;
  const c = facts.company;
  return {
    person: {
      stage: p.stage,
      temperature: p.temperature ?? "",
      title: p.title ?? "",
      department: p.department ?? "",
      email_domain: p.email?.toLowerCase().split("@")[1] ?? "",
      source: p.source ?? "",
      consent: p.consentStatus,
      days_in_stage: wholeDays(p.stageChangedAt, now),
      days_since_created: wholeDays(p.createdAt, now),
    },
    company: {
      name: c?.name ?? "",
      industry: c?.industry ?? "",
      employee_band: c?.employeeBand ?? "",
      employees: c?.employeeBand
        ? (EMPLOYEE_BAND_MINIMUM[c.employeeBand as keyof typeof EMPLOYEE_BAND_MINIMUM] ?? 0)
        : 0,
      prefecture: c?.prefecture ?? "",
      domain: c?.domain ?? "",
    },
    score: { fit: facts.score.fit, engagement: facts.score.engagement, total: facts.score.total },
  };
}
