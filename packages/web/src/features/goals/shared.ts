import type { TFunction } from "i18next";
import type { GoalSummary } from "../../api/types.ts";

const MONTH_NAMES_EN = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** `2026-04` as 2026年4月 / Apr 2026 (short: 2026/4 / Apr 26). */
export function monthLabel(month: string, t: TFunction, short = false): string {
  const [year, m] = month.split("-").map(Number) as [number, number];
  const values = { year, month: m, monthName: MONTH_NAMES_EN[m - 1], shortYear: String(year).slice(2) };
  return short ? t("goals.monthShort", values) : t("goals.monthLong", values);
}

/** 2026年度 / 2026年度 第1四半期 / 2026年6月 (and FY2026, FY2026 Q1, Jun 2026). */
export function periodLabel(
  goal: Pick<GoalSummary, "periodKind" | "fiscalYear" | "quarter" | "month">,
  t: TFunction,
): string {
  if (goal.periodKind === "month" && goal.month) return monthLabel(goal.month, t);
  const year = t("goals.fiscalYear", { year: goal.fiscalYear });
  return goal.periodKind === "quarter" ? t("goals.quarterOf", { year, quarter: goal.quarter }) : year;
}

/** The scope as words: 全社, a team, or an owner. */
export function scopeLabel(goal: Pick<GoalSummary, "team" | "owner">, t: TFunction): string {
  if (goal.owner) return t("goals.scopeOwner", { name: goal.owner.name });
  if (goal.team)
    return t("goals.scopeTeam", { name: t(`team.${goal.team.key}`, { defaultValue: goal.team.name }) });
  return t("goals.scopeCompany");
}

export const PLAN_STAGE_ORDER = ["lead", "mql", "sal", "sql", "opportunity", "won"] as const;
export type PlanStageKey = (typeof PLAN_STAGE_ORDER)[number];
export const PLAN_STEP_ORDER = ["lead", "mql", "sal", "sql", "opportunity"] as const;
export type PlanStepKey = (typeof PLAN_STEP_ORDER)[number];

/** 12.3% from a 0–1 rate. */
export function formatRate(rate: number | null | undefined): string {
  if (rate === null || rate === undefined) return "—";
  return `${(Math.round(rate * 1000) / 10).toLocaleString("ja-JP")}%`;
}

/** Whole numbers with separators; fractions to one decimal. */
export function formatCount(value: number | null | undefined): string {
  if (value === null || value === undefined) return "—";
  return value.toLocaleString("ja-JP", { maximumFractionDigits: 1 });
}
