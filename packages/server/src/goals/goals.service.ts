import type {
  CreateGoalInput,
  goalAssumptionsSchema,
  goalCommentSchema,
  goalPacingSchema,
  goalPlanSchema,
  goalRecordPageSchema,
  goalSchema,
  goalSummarySchema,
  goalViewSchema,
  UpdateGoalInput,
} from "@tasuki/contracts";
import {
  averageBusinessDaysPerMonth,
  canActOnOwned,
  fiscalYearOf,
  formatPersonName,
  type GoalAssumptions,
  type GoalPeriod,
  jstMonthOf,
  type MonthKey,
  PLAN_STEPS,
  type PlanStage,
  type PlanStep,
  paceGoal,
  periodMonths,
  planReverseFunnel,
  spreadEvenly,
} from "@tasuki/domain";
import type { z } from "zod";
import { recordAudit } from "../audit/audit.repository.ts";
import { loadCalendars, loadTeamCalendar } from "../calendar/calendar.service.ts";
import { withQueryTimeout } from "../db/statement-timeout.ts";
import { AppError, forbidden, notFound, versionConflict } from "../http/app-error.ts";
import type { Actor, Deps } from "../http/types.ts";
import { findTeamById } from "../users/users.repository.ts";
import { assertUserExists } from "../users/users.service.ts";
import {
  type HistoricalAssumptions,
  listActualRecords,
  loadActuals,
  loadHistoricalAssumptions,
} from "./goal-metrics.ts";
import {
  findComment,
  findCommentView,
  findGoal,
  findGoalView,
  type GoalCommentView,
  type GoalRow,
  type GoalView,
  insertComment,
  insertGoal,
  listCommentViews,
  listGoalViews,
  listMonthTargets,
  replaceMonthTargets,
  updateCommentRow,
  updateGoalRow,
} from "./goals.repository.ts";

type GoalSummaryResponse = z.infer<typeof goalSummarySchema>;
type GoalResponse = z.infer<typeof goalSchema>;
type GoalAssumptionsResponse = z.infer<typeof goalAssumptionsSchema>;
type GoalPlanResponse = z.infer<typeof goalPlanSchema>;
type GoalPacingResponse = z.infer<typeof goalPacingSchema>;
type GoalViewResponse = z.infer<typeof goalViewSchema>;
type GoalCommentResponse = z.infer<typeof goalCommentSchema>;
type GoalRecordPage = z.infer<typeof goalRecordPageSchema>;

/** Stored sparse: only what the goal overrides; everything else is the historical value. */
export interface AssumptionOverrides {
  averageDealSize?: number | null;
  conversionRates?: Partial<Record<PlanStep, number | null>>;
  lagBusinessDays?: Partial<Record<PlanStep, number | null>>;
}

const GOAL_LIST_LIMIT = 500;

function compactOverrides(input: AssumptionOverrides | undefined): AssumptionOverrides {
  const out: AssumptionOverrides = {};
  if (input?.averageDealSize != null) out.averageDealSize = input.averageDealSize;
  for (const key of ["conversionRates", "lagBusinessDays"] as const) {
    const values: Partial<Record<PlanStep, number>> = {};
    for (const step of PLAN_STEPS) {
      const value = input?.[key]?.[step];
      if (value != null) values[step] = value;
    }
    if (Object.keys(values).length > 0) out[key] = values;
  }
  return out;
}

function goalMonths(
  goal: Pick<GoalRow, "periodKind" | "fiscalYear" | "quarter" | "month" | "fiscalYearStartMonth">,
) {
  const kind = goal.periodKind as GoalPeriod;
  const period =
    kind === "month"
      ? { kind, month: goal.month ?? "" }
      : kind === "quarter"
        ? { kind, fiscalYear: goal.fiscalYear, quarter: goal.quarter ?? 0 }
        : { kind, fiscalYear: goal.fiscalYear };
  return periodMonths(period, goal.fiscalYearStartMonth);
}

function toGoalSummary(view: GoalView, targets: { month: string; revenue: number }[]): GoalSummaryResponse {
  const g = view.goal;
  return {
    id: g.id,
    name: g.name,
    periodKind: g.periodKind as GoalPeriod,
    fiscalYear: g.fiscalYear,
    fiscalYearStartMonth: g.fiscalYearStartMonth,
    quarter: g.quarter,
    month: g.month,
    months: goalMonths(g),
    monthlyTargets: targets.map((t) => ({ month: t.month, revenue: t.revenue })),
    totalTarget: targets.reduce((sum, t) => sum + t.revenue, 0),
    team: g.teamId ? { id: g.teamId, key: view.teamKey ?? "", name: view.teamName ?? "" } : null,
    owner: g.ownerId
      ? { id: g.ownerId, name: formatPersonName(view.ownerFamilyName ?? "", view.ownerGivenName) }
      : null,
    createdBy: g.createdBy
      ? { id: g.createdBy, name: formatPersonName(view.creatorFamilyName ?? "", view.creatorGivenName) }
      : null,
    createdAt: g.createdAt.toISOString(),
    updatedAt: g.updatedAt.toISOString(),
    version: g.version,
  };
}

function toCommentResponse(view: GoalCommentView): GoalCommentResponse {
  const c = view.comment;
  return {
    id: c.id,
    goalId: c.goalId,
    month: c.month,
    currentNumbers: c.currentNumbers,
    nextActions: c.nextActions,
    dueOn: c.dueOn,
    author: c.authorId
      ? { id: c.authorId, name: formatPersonName(view.authorFamilyName ?? "", view.authorGivenName) }
      : null,
    createdAt: c.createdAt.toISOString(),
    updatedAt: c.updatedAt.toISOString(),
    version: c.version,
  };
}

/** Each assumption with the historical value beside it and which one is in effect. */
function toAssumptions(
  overrides: AssumptionOverrides,
  history: HistoricalAssumptions,
): GoalAssumptionsResponse {
  const value = (
    override: number | null | undefined,
    historical: { value: number | null; sampleSize: number | null },
  ) => {
    const own = override ?? null;
    const effective = own ?? historical.value;
    return {
      override: own,
      historical: historical.value,
      sampleSize: historical.sampleSize,
      effective,
      source:
        own !== null
          ? ("override" as const)
          : historical.value !== null
            ? ("historical" as const)
            : ("missing" as const),
    };
  };
  const perStep = (key: "conversionRates" | "lagBusinessDays") =>
    Object.fromEntries(
      PLAN_STEPS.map((step) => [step, value(overrides[key]?.[step], history[key][step])]),
    ) as Record<PlanStep, ReturnType<typeof value>>;
  return {
    averageDealSize: value(overrides.averageDealSize, history.averageDealSize),
    conversionRates: perStep("conversionRates"),
    lagBusinessDays: perStep("lagBusinessDays"),
    historicalWindow: history.window,
  };
}

/** The values the plan runs on; a missing one (no override, no history) is a clear 422 naming it. */
function effectiveAssumptions(assumptions: GoalAssumptionsResponse): GoalAssumptions {
  const need = (field: string, v: { effective: number | null }) => {
    if (v.effective === null) throw new AppError("goal_assumption_missing", { field });
    return v.effective;
  };
  const perStep = (key: "conversionRates" | "lagBusinessDays") =>
    Object.fromEntries(
      PLAN_STEPS.map((step) => [step, need(`${key}.${step}`, assumptions[key][step])]),
    ) as Record<PlanStep, number>;
  return {
    averageDealSize: need("averageDealSize", assumptions.averageDealSize),
    conversionRates: perStep("conversionRates"),
    lagBusinessDays: perStep("lagBusinessDays"),
  };
}

async function loadGoal(deps: Deps, id: string) {
  const view = await findGoalView(deps.db, id);
  if (!view) throw notFound("goal");
  const targets = await listMonthTargets(deps.db, [id]);
  return { view, summary: toGoalSummary(view, targets) };
}

const scopeOf = (goal: GoalRow) => ({ teamId: goal.teamId, ownerId: goal.ownerId });

export async function listGoals(deps: Deps): Promise<{ items: GoalSummaryResponse[] }> {
  const views = await listGoalViews(deps.db, GOAL_LIST_LIMIT);
  const targets = await listMonthTargets(
    deps.db,
    views.map((v) => v.goal.id),
  );
  return {
    items: views.map((view) =>
      toGoalSummary(
        view,
        targets.filter((t) => t.goalId === view.goal.id),
      ),
    ),
  };
}

/** A goal with its assumptions beside the history they default to (no timeout: see getGoal). */
async function readGoal(deps: Deps, id: string): Promise<GoalResponse> {
  const { view, summary } = await loadGoal(deps, id);
  const history = await loadHistoricalAssumptions(deps, scopeOf(view.goal), deps.clock.now());
  return {
    ...summary,
    assumptions: toAssumptions(view.goal.assumptionOverrides as AssumptionOverrides, history),
  };
}

function targetsFor(
  months: MonthKey[],
  input: { totalTarget?: number; monthlyTargets?: { month: string; revenue: number }[] },
): { month: string; revenue: number }[] {
  if (input.monthlyTargets === undefined)
    return spreadEvenly(input.totalTarget ?? 0, months).map((s) => ({ month: s.month, revenue: s.amount }));
  const given = input.monthlyTargets.map((t) => t.month);
  const same =
    given.length === months.length &&
    new Set(given).size === given.length &&
    given.every((m) => months.includes(m));
  if (!same) {
    throw new AppError("validation_failed", {}, [
      {
        path: "monthlyTargets",
        message: `月別目標は期間の各月（${months[0]}〜${months[months.length - 1]}）に1つずつ入力してください / give one target for each month of the period (${months[0]} to ${months[months.length - 1]})`,
      },
    ]);
  }
  return [...input.monthlyTargets].sort((a, b) => a.month.localeCompare(b.month));
}

async function assertScope(deps: Deps, scope: { teamId?: string | null; ownerId?: string | null }) {
  if (scope.teamId && !(await findTeamById(deps.db, scope.teamId))) throw notFound("team");
  if (scope.ownerId) await assertUserExists(deps, scope.ownerId);
}

export async function createGoal(deps: Deps, actor: Actor, input: CreateGoalInput): Promise<GoalResponse> {
  await assertScope(deps, input);
  const period = {
    periodKind: input.periodKind,
    fiscalYearStartMonth: input.fiscalYearStartMonth,
    // A month goal belongs to the fiscal year of its month, whatever was sent.
    fiscalYear:
      input.periodKind === "month" && input.month
        ? fiscalYearOf(input.month, input.fiscalYearStartMonth)
        : input.fiscalYear,
    quarter: input.periodKind === "quarter" ? (input.quarter ?? null) : null,
    month: input.periodKind === "month" ? (input.month ?? null) : null,
  };
  const targets = targetsFor(goalMonths(period), input);
  const now = deps.clock.now();
  const id = await deps.db.transaction(async (tx) => {
    const row = await insertGoal(tx, {
      name: input.name,
      ...period,
      teamId: input.teamId ?? null,
      ownerId: input.ownerId ?? null,
      assumptionOverrides: compactOverrides(input.assumptions),
      createdBy: actor.userId,
      createdAt: now,
      updatedAt: now,
    });
    await replaceMonthTargets(tx, row.id, targets);
    await recordAudit(tx, actor, now, {
      action: "goal.create",
      entityType: "goal",
      entityId: row.id,
      after: { ...row, monthlyTargets: targets },
    });
    return row.id;
  });
  return readGoal(deps, id);
}

export async function updateGoal(
  deps: Deps,
  actor: Actor,
  id: string,
  input: UpdateGoalInput,
): Promise<GoalResponse> {
  await assertScope(deps, input);
  const now = deps.clock.now();
  await deps.db.transaction(async (tx) => {
    const before = await findGoal(tx, id, true);
    if (!before) throw notFound("goal");
    if (!canActOnOwned(actor, { ownerId: before.ownerId, teamId: before.teamId })) throw forbidden();
    if (before.version !== input.version) throw versionConflict(before.version);
    const beforeTargets = await listMonthTargets(tx, [id]);
    const targets = input.monthlyTargets ? targetsFor(goalMonths(before), input) : null;
    const after = await updateGoalRow(tx, id, {
      ...(input.name !== undefined ? { name: input.name } : {}),
      ...(input.teamId !== undefined ? { teamId: input.teamId } : {}),
      ...(input.ownerId !== undefined ? { ownerId: input.ownerId } : {}),
      ...(input.assumptions !== undefined
        ? { assumptionOverrides: compactOverrides(input.assumptions) }
        : {}),
      updatedAt: now,
    });
    if (targets) await replaceMonthTargets(tx, id, targets);
    await recordAudit(tx, actor, now, {
      action: "goal.update",
      entityType: "goal",
      entityId: id,
      before: {
        ...before,
        monthlyTargets: beforeTargets.map((t) => ({ month: t.month, revenue: t.revenue })),
      },
      after: {
        ...after,
        monthlyTargets: targets ?? beforeTargets.map((t) => ({ month: t.month, revenue: t.revenue })),
      },
    });
  });
  return readGoal(deps, id);
}

/** Business days in an average month of the goal's period, on the goal team's calendar (or the company's). */
async function businessDaysPerMonthFor(deps: Deps, goal: GoalRow, months: MonthKey[]): Promise<number> {
  const calendar = goal.teamId
    ? await loadTeamCalendar(deps.db, goal.teamId)
    : (await loadCalendars(deps.db))("");
  return averageBusinessDaysPerMonth(months, calendar);
}

async function buildPlan(deps: Deps, id: string) {
  const goal = await readGoal(deps, id);
  const row = await findGoal(deps.db, id);
  if (!row) throw notFound("goal");
  const now = deps.clock.now();
  const businessDaysPerMonth = await businessDaysPerMonthFor(deps, row, goal.months);
  const plan = planReverseFunnel({
    targets: goal.monthlyTargets,
    assumptions: effectiveAssumptions(goal.assumptions),
    businessDaysPerMonth,
    currentMonth: jstMonthOf(now),
  });
  return { goal, row, plan, businessDaysPerMonth };
}

type BuiltPlan = Awaited<ReturnType<typeof buildPlan>>;

function toPlanResponse({ goal, plan, businessDaysPerMonth }: BuiltPlan): GoalPlanResponse {
  return {
    goalId: goal.id,
    currentMonth: plan.currentMonth,
    months: plan.months,
    revenue: plan.revenue,
    totalRevenue: plan.totalRevenue,
    stages: plan.stages,
    businessDaysPerMonth,
    assumptions: goal.assumptions,
  };
}

async function pacingFor(deps: Deps, { goal, row, plan }: BuiltPlan): Promise<GoalPacingResponse> {
  const actuals = await loadActuals(deps, scopeOf(row), plan.months);
  const pacing = paceGoal({
    plan,
    actualRevenue: actuals.revenue,
    actualCounts: actuals.counts,
    currentMonth: plan.currentMonth,
    firstDataMonth: actuals.firstDataMonth,
  });
  const comments = await listCommentViews(deps.db, goal.id);
  return { goalId: goal.id, ...pacing, comments: comments.map(toCommentResponse) };
}

/**
 * Reading a goal reads twelve months of history, so the read operations below run within the
 * query timeout; creating and updating a goal read it back without one (the write is committed).
 */
export function getGoal(deps: Deps, id: string): Promise<GoalResponse> {
  return withQueryTimeout(deps, (d) => readGoal(d, id));
}

export function getGoalPlan(deps: Deps, id: string): Promise<GoalPlanResponse> {
  return withQueryTimeout(deps, async (d) => toPlanResponse(await buildPlan(d, id)));
}

export function getGoalPacing(deps: Deps, id: string): Promise<GoalPacingResponse> {
  return withQueryTimeout(deps, async (d) => pacingFor(d, await buildPlan(d, id)));
}

/**
 * The goal page: the goal, its plan and its pacing as the three operations above return them, but
 * from one read of the history (twelve months of funnel, velocity and won deals), which is most of
 * the work of each of them.
 */
export function getGoalView(deps: Deps, id: string): Promise<GoalViewResponse> {
  return withQueryTimeout(deps, async (d) => {
    const built = await buildPlan(d, id);
    return { goal: built.goal, plan: toPlanResponse(built), pacing: await pacingFor(d, built) };
  });
}

/** The records behind one pacing actual: won deals for `won`, people's first arrivals otherwise. */
export function listGoalRecords(
  deps: Deps,
  id: string,
  query: { stage: PlanStage; month: MonthKey; limit: number; cursor?: string },
): Promise<GoalRecordPage> {
  return withQueryTimeout(deps, (d) => readGoalRecords(d, id, query));
}

async function readGoalRecords(
  deps: Deps,
  id: string,
  query: { stage: PlanStage; month: MonthKey; limit: number; cursor?: string },
): Promise<GoalRecordPage> {
  const row = await findGoal(deps.db, id);
  if (!row) throw notFound("goal");
  const page = await listActualRecords(
    deps,
    scopeOf(row),
    query.stage,
    query.month,
    query.limit,
    query.cursor,
  );
  return { stage: query.stage, month: query.month, ...page };
}

export async function createGoalComment(
  deps: Deps,
  actor: Actor,
  goalId: string,
  input: { month: string; currentNumbers: string; nextActions: string; dueOn?: string | null },
): Promise<GoalCommentResponse> {
  const goal = await findGoal(deps.db, goalId);
  if (!goal) throw notFound("goal");
  if (!goalMonths(goal).includes(input.month)) {
    throw new AppError("validation_failed", {}, [
      {
        path: "month",
        message: "目標の期間内の月を選んでください / choose a month inside the goal's period",
      },
    ]);
  }
  const now = deps.clock.now();
  const id = await deps.db.transaction(async (tx) => {
    const row = await insertComment(tx, {
      goalId,
      month: input.month,
      currentNumbers: input.currentNumbers,
      nextActions: input.nextActions,
      dueOn: input.dueOn ?? null,
      authorId: actor.userId,
      createdAt: now,
      updatedAt: now,
    });
    await recordAudit(tx, actor, now, {
      action: "goal_comment.create",
      entityType: "goal_comment",
      entityId: row.id,
      after: row,
    });
    return row.id;
  });
  const view = await findCommentView(deps.db, id);
  if (!view) throw notFound("goal_comment");
  return toCommentResponse(view);
}

export async function updateGoalComment(
  deps: Deps,
  actor: Actor,
  goalId: string,
  commentId: string,
  input: { currentNumbers?: string; nextActions?: string; dueOn?: string | null; version: number },
): Promise<GoalCommentResponse> {
  const now = deps.clock.now();
  await deps.db.transaction(async (tx) => {
    const before = await findComment(tx, commentId, true);
    if (!before || before.goalId !== goalId) throw notFound("goal_comment");
    // The author's own words: only they (or a manager or admin) may change them.
    if (!canActOnOwned(actor, { ownerId: before.authorId })) throw forbidden();
    if (before.version !== input.version) throw versionConflict(before.version);
    const after = await updateCommentRow(tx, commentId, {
      ...(input.currentNumbers !== undefined ? { currentNumbers: input.currentNumbers } : {}),
      ...(input.nextActions !== undefined ? { nextActions: input.nextActions } : {}),
      ...(input.dueOn !== undefined ? { dueOn: input.dueOn } : {}),
      updatedAt: now,
    });
    await recordAudit(tx, actor, now, {
      action: "goal_comment.update",
      entityType: "goal_comment",
      entityId: commentId,
      before,
      after,
    });
  });
  const view = await findCommentView(deps.db, commentId);
  if (!view) throw notFound("goal_comment");
  return toCommentResponse(view);
}
