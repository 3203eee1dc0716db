import { readFileSync } from "node:fs";
import { type ApiSession, api } from "./api.ts";
import { DEMO_USERS } from "./server.ts";
import { assert, type JourneyKit, settle } from "./support.ts";

/**
 * The dashboard: a conversion count opens the people it counted, the SLA tile matches the API and
 * opens its handoffs, the industry filter narrows, CSV in both encodings, a failed KPI request.
 */
export async function runAnalyticsJourney(kit: JourneyKit, marketing: ApiSession): Promise<void> {
  const { journey, signIn, navLink, base } = kit;
  await journey(
    "ダッシュボード：転換数をクリックして数えた人物を確認し、業種で絞り込み、CSV を UTF-8 と Shift_JIS で保存",
    async (page) => {
      await signIn(page, DEMO_USERS.marketing);
      await navLink(page, "ダッシュボード").click();
      await page.waitForURL("**/analytics");
      await page.getByTestId("conversion-table").waitFor();
      await page.getByTestId("funnel-chart").waitFor();
      await settle(page);
      const converted = page.getByTestId("converted-mql");
      const shown = Number(((await converted.textContent()) ?? "").replace(/[^\d]/g, ""));
      assert(shown > 0, `the demo should convert some MQLs to SAL, saw ${shown}`);
      await converted.click();
      const drawer = page.getByTestId("drill-drawer");
      await drawer.getByTestId("drill-table").waitFor();
      const total = Number(
        ((await drawer.getByTestId("drill-total").textContent()) ?? "").replace(/[^\d]/g, ""),
      );
      assert(total === shown, `the drawer lists ${total} records behind the number ${shown}`);
      const firstPerson = drawer.locator("a[href^='/people/']").first();
      const personName = ((await firstPerson.textContent()) ?? "").trim();
      await firstPerson.click();
      await page.waitForURL("**/people/*");
      await page.getByRole("heading", { name: personName }).first().waitFor();
      await page.goBack();
      await page.getByTestId("conversion-table").waitFor();

      // SLA tile: the dashboard period's compliance as a percentage, the same as the API's, and the
      // number opens the handoffs it counted.
      const slaRate = page.getByTestId("kpi-sla").getByTestId("kpi-sla-rate");
      await slaRate.waitFor();
      const rateText = ((await slaRate.textContent()) ?? "").trim();
      assert(/^\d{1,3}\.\d%$/.test(rateText), `the SLA tile shows ${rateText}, not a percentage`);
      const slaHref = new URL((await slaRate.getAttribute("href")) ?? "", base);
      const slaPeriod = `from=${slaHref.searchParams.get("from")}&to=${slaHref.searchParams.get("to")}`;
      const sla = await api<{ teams: { counts: { withinSla: number; breached: number } }[] }>(
        marketing,
        "GET",
        `/sla-compliance?${slaPeriod}`,
      );
      const met = sla.teams.reduce((n, row) => n + row.counts.withinSla, 0);
      const judged = met + sla.teams.reduce((n, row) => n + row.counts.breached, 0);
      const apiRate = `${(Math.round((met / judged) * 1000) / 10).toFixed(1)}%`;
      assert(rateText === apiRate, `the SLA tile shows ${rateText}, the API ${apiRate}`);
      await slaRate.click();
      await page.waitForURL("**/handoffs?view=records*");
      await page.getByTestId("records-summary").waitFor();
      await page.waitForFunction(
        (n) => document.querySelectorAll("[data-testid=handoff-card]").length === n,
        Math.min(judged, 25),
      );
      await page.goBack();
      await page.getByTestId("conversion-table").waitFor();

      // Industry filter: the URL carries it, and the number shrinks to that industry's people.
      const allLeads = Number(
        ((await page.getByTestId("entered-lead").textContent()) ?? "").replace(/[^\d]/g, ""),
      );
      await page.getByTestId("filter-industry").click();
      await page.getByRole("option", { name: "製造業" }).click();
      await page.waitForURL(/industry=manufacturing/);
      await page.waitForFunction(
        (before) =>
          Number(document.querySelector("[data-testid=entered-lead]")?.textContent?.replace(/[^\d]/g, "")) <
          before,
        allLeads,
      );

      // CSV: UTF-8 with a BOM, and Shift_JIS without one.
      for (const [item, bom] of [
        ["csv-conversion-utf8", true],
        ["csv-conversion-sjis", false],
      ] as const) {
        await page.getByTestId("csv-conversion").click();
        const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId(item).click()]);
        const path = await download.path();
        const bytes = readFileSync(path);
        const hasBom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
        assert(hasBom === bom, `${item}: BOM ${hasBom ? "present" : "missing"}`);
        const text = bom ? bytes.toString("utf8") : new TextDecoder("shift_jis").decode(bytes);
        assert(text.includes("MQL") && text.includes("転換"), `${item}: unexpected CSV ${text.slice(0, 80)}`);
      }

      // A failed KPI request shows its error with a retry, and the SLA tile (its own request) stays.
      await page.route("**/api/v1/analytics/marketing-kpis*", (route) =>
        route.fulfill({
          status: 503,
          contentType: "application/json",
          body: JSON.stringify({ error: { code: "unavailable", message: "一時的に利用できません" } }),
        }),
      );
      await page.reload();
      await page.getByRole("alert").filter({ hasText: "一時的に利用できません" }).waitFor();
      await page.getByTestId("kpi-sla").getByTestId("kpi-sla-rate").waitFor();
      await page.unroute("**/api/v1/analytics/marketing-kpis*");
      await page.getByRole("alert").getByRole("button").click();
      await page.getByTestId("kpi-inquiries").waitFor();
    },
    // The KPI failure above is made on purpose.
    { allowConsole: [/status of 503 .*marketing-kpis/] },
  );
}

const yen = (n: number) =>
  `¥${new Intl.NumberFormat("ja-JP", { maximumFractionDigits: 0 }).format(Math.round(n))}`;

/**
 * パイプライン金額 is one figure: the dashboard tile, the board's header and column totals, and the
 * home page all show getPipeline's open deals; and the board works on a phone (390 px).
 */
export async function runPipelineJourney(kit: JourneyKit): Promise<void> {
  const { journey, signIn, fieldSales, shoot } = kit;
  await journey(
    "パイプライン金額：ダッシュボード・商談ボード・ホームが同じ定義（進行中の商談）で、スマホでも読める",
    async (page) => {
      type Pipeline = { count: number; amount: number; stages: { stage: string; amount: number }[] };
      const all = await api<Pipeline>(fieldSales, "GET", "/analytics/pipeline");
      assert(all.count > 0, "the demo has no open deals");
      const me = await api<{ id: string }>(fieldSales, "GET", "/me");
      await signIn(page, DEMO_USERS.field_sales);

      await page.goto("/analytics");
      const tile = page.getByTestId("kpi-pipelineAmount");
      await tile.waitFor();
      const tileText = ((await tile.textContent()) ?? "").trim();
      assert(tileText === yen(all.amount), `the tile shows ${tileText}, getPipeline ${yen(all.amount)}`);
      await tile.click();
      const drawer = page.getByTestId("drill-drawer");
      await drawer.getByTestId("drill-table").waitFor();
      const listed = Number(
        ((await drawer.getByTestId("drill-total").textContent()) ?? "").replace(/[^\d]/g, ""),
      );
      assert(
        listed === all.count,
        `the tile's drill-down lists ${listed} deals, the pipeline has ${all.count}`,
      );
      await page.keyboard.press("Escape");

      await page.goto("/opportunities");
      const header = page.getByTestId("board-pipeline-amount");
      await header.waitFor();
      assert(((await header.textContent()) ?? "").trim() === yen(all.amount), "the board's pipeline differs");
      for (const s of all.stages) {
        const column = (
          (await page.getByTestId(`board-column-amount-${s.stage}`).textContent()) ?? ""
        ).trim();
        assert(
          column === yen(s.amount),
          `${s.stage}: the column shows ${column}, getPipeline ${yen(s.amount)}`,
        );
      }

      {
        const mine = await api<Pipeline>(fieldSales, "GET", `/analytics/pipeline?dealOwnerId=${me.id}`);
        await page.goto("/");
        await page.getByText("パイプライン金額").first().waitFor();
        await page.getByText(yen(mine.amount), { exact: true }).first().waitFor();
      }

      // On a phone the board header and the board itself stay within the screen (columns scroll).
      await page.setViewportSize({ width: 390, height: 844 });
      await page.goto("/opportunities");
      await page.getByTestId("board-pipeline-amount").waitFor();
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert(overflow <= 0, `the board overflows a 390 px screen by ${overflow} px`);
      await shoot(page, "ja-phone-pipeline-board");
    },
  );
}
