import { addMonths, fiscalYearOf, lastDayOfMonth, periodMonths } from "@tasuki/domain";
import { sql } from "drizzle-orm";
import { recordAudit } from "../audit/audit.repository.ts";
import { type Database, queryRows } from "../db/database.ts";
import { insertComment, insertGoal, replaceMonthTargets } from "../goals/goals.repository.ts";
import type { Random } from "./random.ts";

/**
 * How a fiscal year's revenue falls across its months at a Japanese SaaS vendor (April start):
 * quiet in April and August (new year, お盆), busier in September (half-year close) and a strong
 * March (fiscal year-end budgets). The factors sum to 12, so the year's total is unchanged.
 */
const SEASON = [0.85, 0.9, 1.0, 0.95, 0.8, 1.15, 0.95, 1.0, 1.1, 0.85, 1.0, 1.45] as const;
/**
 * The plan asks for growth over the recent run rate: the won revenue of the last six closed
 * months (fewer if the history is shorter), per month, × 1.15. The demo company is growing, so a
 * target from a whole year back would be reached by autumn and show nothing worth pacing.
 */
const GROWTH = 1.15;
const RUN_RATE_MONTHS = 6;
const ROUND_TO = 100_000;

const yen = (amount: number) => `${Math.round(amount / 10_000).toLocaleString("ja-JP")}万円`;

/**
 * The demo's 年度 revenue goal: monthly targets for the fiscal year holding `today`, sized from
 * the won revenue the demo just generated (recent run rate × growth, shaped by season), plus
 * field sales' comments on the last closed month and this one, quoting the real numbers.
 */
export async function seedDemoGoal(
  database: Database,
  random: Random,
  input: { today: string; now: Date; historyMonths: number; managerId: string; salesId: string },
): Promise<void> {
  const current = input.today.slice(0, 7);
  const fiscalYear = fiscalYearOf(current);
  const months = periodMonths({ kind: "fiscal_year", fiscalYear });
  const won = await queryRows<{ month: string; deals: number; revenue: string }>(
    database.db,
    sql`select to_char(closed_on, 'YYYY-MM') as month, count(*)::int as deals, sum(amount)::text as revenue
        from opportunities where outcome = 'won'
          and closed_on >= ${`${addMonths(current, -RUN_RATE_MONTHS)}-01`}::date and closed_on < ${`${current}-01`}::date
        group by 1`,
  );
  const runRateMonths = Math.max(1, Math.min(RUN_RATE_MONTHS, input.historyMonths));
  const recent = won.reduce((sum, w) => sum + Number(w.revenue), 0);
  const monthly = (recent / runRateMonths) * GROWTH;
  const targets = months.map((month, i) => ({
    month,
    revenue: Math.max(ROUND_TO, Math.round((monthly * (SEASON[i] ?? 1)) / ROUND_TO) * ROUND_TO),
  }));
  const goalId = random.uuid();
  const at = input.now;
  await database.db.transaction(async (tx) => {
    const row = await insertGoal(tx, {
      id: goalId,
      name: `${fiscalYear}年度 全社売上目標`,
      periodKind: "fiscal_year",
      fiscalYear,
      fiscalYearStartMonth: 4,
      assumptionOverrides: {},
      createdBy: input.managerId,
      createdAt: at,
      updatedAt: at,
    });
    await replaceMonthTargets(tx, goalId, targets);
    const actor = {
      userId: input.managerId,
      tokenId: null,
      role: "manager" as const,
      teamId: null,
      via: "session" as const,
      scopes: null,
    };
    await recordAudit(tx, actor, at, {
      action: "goal.create",
      entityType: "goal",
      entityId: row.id,
      after: { ...row, monthlyTargets: targets },
    });

    const previous = addMonths(current, -1);
    const wonIn = (month: string) => won.find((w) => w.month === month);
    const targetOf = (month: string) => targets.find((t) => t.month === month)?.revenue ?? 0;
    const monthOf = (month: string) => `${Number(month.slice(5))}月`;
    const comments = [];
    if (months.includes(previous)) {
      const w = wonIn(previous);
      const revenue = Number(w?.revenue ?? 0);
      const rate = targetOf(previous) > 0 ? Math.round((revenue / targetOf(previous)) * 100) : 0;
      comments.push({
        month: previous,
        currentNumbers: `${monthOf(previous)}は受注${w?.deals ?? 0}件・${yen(revenue)}で着地（目標${yen(targetOf(previous))}の${rate}%）。`,
        nextActions:
          rate >= 100
            ? "上振れ分は来月の大型案件の稟議待ちを前倒しできたため。同じ進め方を他の提案中案件にも展開する。"
            : "決裁が翌月にずれた案件を今月の最優先に。IS からの SQL を週2件以上に増やしてもらうよう依頼済み。",
        dueOn: lastDayOfMonth(current),
      });
    }
    if (months.includes(current)) {
      comments.push({
        month: current,
        currentNumbers: `今月は提案中の商談を中心に追い込み中。目標${yen(targetOf(current))}に対し、見込みの高い案件を毎週の営業会議で確認している。`,
        nextActions:
          "交渉フェーズの案件は今週中に決裁者との面談を設定。来月分の商談化を増やすため、展示会リードへの架電をISと分担する。",
        dueOn: lastDayOfMonth(current),
      });
    }
    for (const [i, c] of comments.entries()) {
      const written = new Date(at.getTime() - (comments.length - i) * 3_600_000);
      const comment = await insertComment(tx, {
        id: random.uuid(),
        goalId,
        ...c,
        authorId: input.salesId,
        createdAt: written,
        updatedAt: written,
      });
      await recordAudit(tx, { ...actor, userId: input.salesId, role: "field_sales" as const }, written, {
        action: "goal_comment.create",
        entityType: "goal_comment",
        entityId: comment.id,
        after: comment,
      });
    }
  });
}
