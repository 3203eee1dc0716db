import { readFileSync } from "node:fs";
import { api, apiLogin } from "./api.ts";
import { DEMO_PASSWORD, DEMO_USERS } from "./server.ts";
import { assert, type JourneyKit } from "./support.ts";

export interface GoalSummary {
  id: string;
  name: string;
  months: string[];
  totalTarget: number;
  version: number;
}
interface GoalPacing {
  currentMonth: string;
  revenue: { month: string; status: string; actual: number | null }[];
  stages: { stage: string; cells: { month: string; actual: number | null }[] }[];
  comments: { month: string; currentNumbers: string; author: { id: string } | null }[];
}

/**
 * Goals: field sales reads the demo's fiscal-year goal (pacing, the records behind a number, a
 * comment, CSV for Excel); the manager creates a quarterly goal and overrides an assumption.
 * Returns the demo's goal (if the demo has one) for the screenshots.
 */
export async function runGoalJourneys(kit: JourneyKit): Promise<GoalSummary | undefined> {
  const { journey, signIn, shoot, navLink, eventually, base, fieldSales } = kit;
  const fsId = fieldSales.userId;
  const goals = await api<{ items: GoalSummary[] }>(fieldSales, "GET", "/goals");
  const demoGoal = goals.items.find((g) => g.name.endsWith("年度 全社売上目標"));

  await journey(
    "目標：年度目標の逆算と進捗を読み、内訳を開き、営業コメントを書き、CSV を出す",
    async (page) => {
      assert(demoGoal, "the demo ships a fiscal-year goal");
      await signIn(page, DEMO_USERS.field_sales);
      await navLink(page, "目標").click();
      await page.getByRole("link", { name: demoGoal.name }).click();
      await page.waitForURL(`**/goals/${demoGoal.id}`);
      await page.getByTestId("goal-waterfall").waitFor();
      await page.getByTestId("goal-stage-table").waitFor();
      const kpis = (await page.getByTestId("goal-kpis").textContent()) ?? "";
      assert(
        kpis.includes("着地見込み") && kpis.includes("¥"),
        `KPIs show target, actual and projection: ${kpis}`,
      );
      // The last closed month's won deals: the number opens the deals it counted.
      const pacing = await api<GoalPacing>(fieldSales, "GET", `/goals/${demoGoal.id}/pacing`);
      const closed = pacing.revenue.filter((r) => r.status === "closed").at(-1);
      assert(closed, "the demo's fiscal year has a closed month");
      const wonCount =
        pacing.stages.find((s) => s.stage === "won")?.cells.find((c) => c.month === closed.month)?.actual ??
        0;
      const [year, month] = closed.month.split("-").map(Number);
      await page
        .getByRole("button", { name: `${year}年${month}月の受注の内訳を表示` })
        .first()
        .click();
      await page
        .getByTestId("goal-records-total")
        .filter({ hasText: `${wonCount}件` })
        .waitFor();
      if (wonCount > 0) {
        const first = page.getByTestId("goal-records").locator("a[href^='/opportunities/']").first();
        await first.waitFor();
      }
      await page.keyboard.press("Escape");
      // Sales' status beside this month.
      const row = page.getByTestId("goal-pacing-table").locator(`tr[data-month="${pacing.currentMonth}"]`);
      await row.getByRole("button", { name: "コメントを書く" }).click();
      await page.getByLabel("今の数字").fill("受注1件、提案中2件（E2E）");
      await page.getByLabel("必要な動き").fill("C社の決裁者面談を今週中に設定");
      await page.getByLabel("いつまでに").fill(`${pacing.currentMonth}-25`);
      await page.getByRole("button", { name: "投稿" }).click();
      await row.getByTestId("goal-comment").filter({ hasText: "受注1件、提案中2件（E2E）" }).waitFor();
      await eventually(
        () => api<GoalPacing>(fieldSales, "GET", `/goals/${demoGoal.id}/pacing`),
        (p) =>
          p.comments.some((c) => c.currentNumbers === "受注1件、提案中2件（E2E）" && c.author?.id === fsId),
        "the comment by field sales",
      );
      // CSV for Excel: Shift_JIS has no BOM and starts with 目標 (0x96DA 0x9557); UTF-8 has the BOM.
      for (const [label, head] of [
        ["CSV（Shift_JIS・旧Excel向け）", [0x96, 0xda, 0x95, 0x57]],
        ["CSV（UTF-8 BOM付き・Excel 2016以降）", [0xef, 0xbb, 0xbf]],
      ] as const) {
        await page.getByRole("button", { name: "CSVエクスポート" }).click();
        const [download] = await Promise.all([
          page.waitForEvent("download"),
          page.getByRole("menuitem", { name: label }).click(),
        ]);
        const path = await download.path();
        const bytes = [...readFileSync(path).subarray(0, head.length)];
        assert(JSON.stringify(bytes) === JSON.stringify(head), `${label} starts with ${head}: ${bytes}`);
      }
    },
  );

  await journey(
    "目標：マネージャーが四半期目標を作り、前提を上書きすると計画が変わる",
    async (page, context) => {
      await signIn(page, DEMO_USERS.marketing);
      await navLink(page, "目標").click();
      await page
        .getByTestId("goal-stage-table")
        .or(page.getByRole("heading", { name: "目標" }))
        .first()
        .waitFor();
      assert(
        (await page.getByRole("link", { name: "新しい目標" }).count()) === 0,
        "marketing sees no create button",
      );
      await context.clearCookies();
      await signIn(page, DEMO_USERS.manager);
      await page.goto("/goals");
      await page.getByRole("link", { name: "新しい目標" }).click();
      await page.getByLabel("目標名").fill("E2E 四半期目標");
      await page.getByText("四半期", { exact: true }).click();
      await page.getByLabel("期間の目標額").fill("30000000");
      await shoot(page, "ja-25-goal-new");
      await page.getByRole("button", { name: "目標を作成" }).click();
      // Earlier journeys leave background jobs (the definition sweep) running on the one embedded
      // connection; creating the goal waits behind them, so allow more than the default 15 s.
      await page.waitForURL(/\/goals\/[0-9a-f-]{36}$/, { timeout: 60_000 });
      const id = page.url().split("/").at(-1) ?? "";
      await page.getByTestId("goal-assumptions").waitFor();
      await page.getByRole("textbox", { name: "平均受注単価" }).fill("1500000");
      await page.getByRole("button", { name: "前提を保存" }).click();
      const manager = await apiLogin(base, DEMO_USERS.manager, DEMO_PASSWORD);
      const plan = await eventually(
        () => api<{ stages: { stage: string; totalCount: number }[] }>(manager, "GET", `/goals/${id}/plan`),
        (p) => p.stages.find((s) => s.stage === "won")?.totalCount === 20,
        "30,000,000 ÷ 1,500,000 = 20 won deals",
      );
      assert(plan, "plan");
      await page
        .getByTestId("goal-stage-table")
        .locator('tr[data-stage="won"]')
        .filter({ hasText: "20" })
        .waitFor();
    },
  );
  return demoGoal;
}
