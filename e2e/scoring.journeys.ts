import type { Page } from "playwright-core";
import { type ApiSession, api } from "./api.ts";
import { DEMO_USERS } from "./server.ts";
import type { JourneyKit } from "./support.ts";

/** What run.ts lends the scoring journeys: the kit of every journey file, and two API sessions. */
interface ScoringKit extends JourneyKit {
  marketing: ApiSession;
  insideSales: ApiSession;
}

interface Version {
  id: string;
  number: number;
  status: string;
  salesApproval?: { comment: string | null } | null;
  config: {
    fitRules: { label: string; condition: string; points: number }[];
    engagementRules: { label: string; points: number }[];
    weights: { fit: number; engagement: number };
  };
  changeNote: string | null;
}
interface Model {
  current: Version | null;
  open: Version | null;
}
interface Counts {
  people: number;
  reachedOpportunity: number;
  won: number;
  lost: number;
}
interface Calibration {
  cohort: number;
  deciles: (Counts & { decile: number })[];
  agreement: (Counts & { band: string; temperature: string })[];
  rules: {
    evaluation: string;
    fit: { label: string; currentPoints: number; suggestedPoints: number }[];
    current: { auc: number };
    suggested: { auc: number };
  } | null;
  suggestedConfig: Version["config"] | null;
}

function assert(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(message);
}

function monthsAgo(months: number): string {
  const now = new Date(Date.now() + 9 * 3_600_000);
  const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - months, now.getUTCDate()));
  return d.toISOString().slice(0, 10);
}

async function setLanguage(page: Page, locale: "ja" | "en", kit: ScoringKit): Promise<void> {
  await page.getByTestId("language-menu").click();
  await page.getByTestId(`language-${locale}`).click();
  await kit.navLink(page, locale === "en" ? "People" : "人物").waitFor();
}

/**
 * The scoring area: the calibration report of the demo (its gap, its drill-downs, its suggestion
 * turned into a proposal), two-sided sign-off of the proposal, the model editor's live checks,
 * and the people list sorted by score; screenshots of each screen in Japanese and English.
 */
export async function runScoringJourneys(kit: ScoringKit): Promise<void> {
  const { journey, signIn, shoot, eventually, marketing, insideSales } = kit;
  const range = { from: monthsAgo(12), to: monthsAgo(3) };

  await journey(
    "スコアの較正：デシル・温度感マトリクスの数字から人物をたどり、提案の配点を新しい版にする",
    async (page) => {
      const report = await api<Calibration>(
        marketing,
        "GET",
        `/scoring/calibration?from=${range.from}&to=${range.to}`,
      );
      assert(report.cohort > 1000, `the demo cohort is only ${report.cohort} people`);
      assert(report.rules, "no per-rule suggestion for the demo");
      // The demo's explainable gap: enterprises (1,000+) get points today but rarely close.
      const enterprise = report.rules.fit.find((r) => r.label.includes("1,000"));
      assert(
        enterprise && enterprise.suggestedPoints < 0 && enterprise.currentPoints > 0,
        `the 1,000+ rule shows no gap: ${JSON.stringify(enterprise)}`,
      );
      assert(report.rules.suggested.auc > report.rules.current.auc, "the suggestion does not rank better");

      await signIn(page, DEMO_USERS.marketing);
      await kit.navLink(page, "スコアリング").click();
      await page.getByTestId("calibration-link").click();
      await page.getByTestId("calibration-result").waitFor({ timeout: 60_000 });
      const cohortText = (await page.getByTestId("calibration-cohort").textContent()) ?? "";
      assert(
        cohortText.replace(/[,人\s]/g, "") === String(report.cohort),
        `page shows ${cohortText}, API ${report.cohort}`,
      );
      await page.getByTestId("decile-chart").locator("svg").first().waitFor();
      await page.getByTestId("calibration-gaps").getByText("従業員1,000名以上").waitFor();

      // Dates read 2026/01/05 whatever the browser's locale, and a date typed the Japanese way
      // (全角, 年月日) is understood: the same window, so the same report.
      const fromInput = page.getByTestId("calibration-from");
      const shown = range.from.replaceAll("-", "/");
      assert((await fromInput.inputValue()) === shown, `from shows ${await fromInput.inputValue()}`);
      const [year, month, day] = range.from.split("-").map(Number);
      const fullWidth = `${year}年${month}月${day}日`.replace(/[0-9]/g, (c) =>
        String.fromCharCode(c.charCodeAt(0) + 0xfee0),
      );
      await fromInput.fill(fullWidth);
      await fromInput.press("Tab");
      await eventually(
        () => fromInput.inputValue(),
        (value) => value === shown,
        `the typed ${fullWidth} shown as ${shown}`,
      );
      await page.getByTestId("calibration-result").waitFor();
      // A date that does not exist is refused with a reason, and the window stays as it was.
      await fromInput.fill("2026/2/30");
      await fromInput.press("Tab");
      await page.getByText("「2026/2/30」は日付として読めません").waitFor();
      assert((await fromInput.inputValue()) === shown, `from shows ${await fromInput.inputValue()}`);

      // A matrix cell lists exactly the people it counts.
      const cell = report.agreement
        .filter((a) => a.temperature !== "none" && a.people > 0)
        .sort((a, b) => b.people - a.people)[0];
      assert(cell, "no rated people in the matrix");
      await page.getByTestId(`matrix-${cell.band}-${cell.temperature}`).getByRole("button").click();
      const drawer = page.getByRole("dialog");
      await drawer.getByTestId("calibration-people-count").waitFor();
      const listed = (await drawer.getByTestId("calibration-people-count").textContent()) ?? "";
      assert(
        listed.replace(/[,人\s]/g, "") === String(cell.people),
        `cell lists ${listed}, counts ${cell.people}`,
      );
      await shoot(page, "ja-30-calibration-drilldown");
      await page.keyboard.press("Escape");
      await drawer.waitFor({ state: "hidden" });

      // So does a decile's opportunity count.
      const top = report.deciles.find((d) => d.decile === 10)!;
      await page
        .getByTestId("decile-table")
        .getByRole("button", { name: "デシル10 商談化の人物を一覧" })
        .click();
      await drawer.getByTestId("calibration-people-count").waitFor();
      const topListed = (await drawer.getByTestId("calibration-people-count").textContent()) ?? "";
      assert(
        topListed.replace(/[,人\s]/g, "") === String(top.reachedOpportunity),
        `decile 10 lists ${topListed}, counts ${top.reachedOpportunity}`,
      );
      await page.keyboard.press("Escape");
      await drawer.waitFor({ state: "hidden" });
      await shoot(page, "ja-31-calibration");

      // The suggestion becomes a proposal, never the model in force.
      await page.getByTestId("propose-suggestion").click();
      await page.waitForURL(/\/scoring\/edit$/);
      const note = await page.getByTestId("change-note-input").inputValue();
      assert(note.includes("AUC"), `change note not prefilled: ${note}`);
      await shoot(page, "ja-32-scoring-editor-suggestion");
      await page.getByTestId("model-propose").click();
      await page.waitForURL(/\/scoring$/);
      await page.getByTestId("open-version").waitFor();
      const model = await eventually(
        () => api<Model>(marketing, "GET", "/scoring/model"),
        (m) => m.open?.status === "proposed",
        "the suggestion proposed",
      );
      assert(model.current?.number === 1, "proposing changed the model in force");
      assert(
        JSON.stringify(model.open!.config.fitRules.map((r) => r.points)) ===
          JSON.stringify(report.suggestedConfig!.fitRules.map((r) => r.points)),
        "the proposal is not the suggestion",
      );
      await shoot(page, "ja-33-scoring-proposal");
    },
  );

  await journey(
    "スコアリングモデルの提案に両側が署名すると運用が始まり、全員が再計算される",
    async (page, context) => {
      const before = await api<Model>(marketing, "GET", "/scoring/model");
      assert(before.open?.status === "proposed", "no proposal to sign (the calibration journey makes it)");
      await signIn(page, DEMO_USERS.marketing);
      await page.goto("/scoring");
      await page.getByTestId("approve-version").click();
      await page.getByTestId("decision-submit").click();
      await page.getByTestId("approval-marketing").and(page.locator("[data-signed=true]")).waitFor();
      const signedOnce = await api<Model>(marketing, "GET", "/scoring/model");
      assert(signedOnce.current?.number === 1, "one signature applied the model");

      await context.clearCookies();
      await signIn(page, DEMO_USERS.inside_sales);
      await page.goto("/scoring");
      await page.getByTestId("approve-version").click();
      const comment = "営業側でも大企業は決まりにくい実感と合う";
      await page.getByTestId("decision-comment").fill(comment);
      await page.getByTestId("decision-submit").click();
      await page.getByText(`v${before.open.number} 運用中`).first().waitFor();
      await page.getByTestId("rescore-progress").waitFor();
      const after = await eventually(
        () => api<Model>(insideSales, "GET", "/scoring/model"),
        (m) => m.current?.number === before.open!.number,
        "the proposal in force",
      );
      assert(after.open === null, "an open version is left behind");
      assert(after.current?.salesApproval?.comment === comment, "the approval comment was not kept");
      await page.getByText(/完了：/).waitFor({ timeout: 120_000 });
      // The signer's comment shows under their signature in the version history.
      await page.getByTestId("version-item").first().locator("button").first().click();
      await page.getByTestId("signature-sales-comment").getByText(comment).waitFor();
      await shoot(page, "ja-34-scoring-model");
    },
  );

  await journey(
    "モデル編集：条件の誤りはその場で示され、直すと提案でき、却下もできる",
    async (page, context) => {
      await signIn(page, DEMO_USERS.marketing);
      await page.goto("/scoring");
      await page.getByTestId("model-new-version").click();
      await page.waitForURL(/\/scoring\/edit$/);
      await page.getByTestId("add-fit-rule").click();
      const row = page.getByTestId("fit-rule").last();
      await row.getByRole("textbox", { name: /名前/ }).fill("業種: 製造・建設・物流");
      const condition = row.getByTestId("expression-input");
      await condition.fill("company.industry in ['manufacturing', 'construction', 'logistics'");
      await row.getByTestId("expression-errors").getByRole("button").first().waitFor();
      await condition.fill("count('資料請求', days(30)) > 0");
      await row.getByTestId("expression-errors").getByText("適合度ルールでは活動の関数").waitFor();
      const propose = page.getByTestId("model-propose");
      await propose.click();
      assert(await propose.isDisabled(), "a fit rule with behaviour could be proposed");
      await shoot(page, "ja-35-scoring-editor-errors");
      // Sales' temperature is what calibration compares the score with: not a profile field.
      await condition.fill("company.employees >= 100 && person.temperature == 'hot'");
      await row.getByTestId("expression-errors").getByText("ステージ・温度感").waitFor();
      await shoot(page, "ja-35b-scoring-editor-temperature");
      await condition.fill("company.industry in ['manufacturing', 'construction', 'logistics']");
      await row.getByTestId("expression-valid").waitFor();
      await row.getByRole("textbox", { name: /配点/ }).fill("15");
      await page.getByTestId("half-life").fill("21");
      await page.getByTestId("change-note-input").fill("製造・建設・物流は受注率が高い（E2E）");
      await propose.click();
      await page.waitForURL(/\/scoring$/);
      const proposed = await eventually(
        () => api<Model>(marketing, "GET", "/scoring/model"),
        (m) => m.open?.status === "proposed",
        "the edited version proposed",
      );
      const added = proposed.open!.config.fitRules.at(-1)!;
      assert(
        added.points === 15 && added.condition.includes("logistics"),
        `proposed ${JSON.stringify(added)}`,
      );

      await context.clearCookies();
      await signIn(page, DEMO_USERS.inside_sales);
      await page.goto("/scoring");
      await page.getByTestId("reject-version").click();
      await page.getByTestId("decision-comment").fill("業種の加点は次の月次連携MTGで決めたい");
      await page.getByTestId("decision-submit").click();
      const rejected = await eventually(
        () => api<Model>(insideSales, "GET", "/scoring/model"),
        (m) => m.open === null,
        "the proposal rejected",
      );
      assert(rejected.current?.number !== proposed.open!.number, "the rejected version is in force");
    },
  );

  await journey("人物一覧をスコアの列で並べ替える（高い順・低い順、次のページも）", async (page) => {
    await signIn(page, DEMO_USERS.marketing);
    await page.goto("/people");
    await page.getByTestId("people-table").waitFor();
    await page.getByTestId("sort-by-score").click();
    await page.waitForURL(/sort=scoreTotal%3Adesc|sort=scoreTotal:desc/);
    const expected = await api<{ items: { name: string; score: { total: number } | null }[] }>(
      marketing,
      "GET",
      "/people?sort=scoreTotal&order=desc&limit=50",
    );
    await page
      .getByTestId("people-table")
      .getByRole("link", { name: expected.items[0]!.name })
      .first()
      .waitFor();
    const shown = await page.getByTestId("person-score-total").allTextContents();
    const totals = shown.map(Number);
    assert(totals.length > 10, "no scores in the list");
    assert(
      totals.every((v, i) => i === 0 || v <= totals[i - 1]!),
      `scores not descending: ${totals.slice(0, 10).join(",")}`,
    );
    assert(totals[0] === expected.items[0]!.score?.total, "the top score differs from the API");
    await page.getByTestId("sort-by-score").click();
    await page.waitForURL(/scoreTotal%3Aasc|scoreTotal:asc/);
    const lowest = await api<{ items: { score: { total: number } | null }[] }>(
      marketing,
      "GET",
      "/people?sort=scoreTotal&order=asc&limit=1",
    );
    await page.waitForFunction(
      (total) =>
        document.querySelector("[data-testid=people-table]")?.getAttribute("aria-busy") === "false" &&
        document.querySelector("[data-testid=person-score-total]")?.textContent === String(total),
      lowest.items[0]?.score?.total,
    );
    const ascending = (await page.getByTestId("person-score-total").allTextContents()).map(Number);
    assert(
      ascending.every((v, i) => i === 0 || v >= ascending[i - 1]!),
      `scores not ascending: ${ascending.slice(0, 10).join(",")}`,
    );
    await shoot(page, "ja-36-people-by-score");
  });

  await journey("スコアリングの画面（英語）", async (page) => {
    await signIn(page, DEMO_USERS.marketing);
    await setLanguage(page, "en", kit);
    try {
      await page.goto("/scoring");
      await page.getByTestId("current-model").waitFor();
      await shoot(page, "en-34-scoring-model");
      await page.goto("/scoring/calibration");
      await page.getByTestId("calibration-result").waitFor({ timeout: 60_000 });
      await page.getByTestId("decile-chart").locator("svg").first().waitFor();
      await shoot(page, "en-31-calibration");
      await page.getByTestId("propose-suggestion").click();
      await page.waitForURL(/\/scoring\/edit$/);
      await shoot(page, "en-32-scoring-editor-suggestion");
      await page.goto("/people?sort=scoreTotal:desc");
      await page.getByTestId("person-score-total").first().waitFor();
      await shoot(page, "en-36-people-by-score");
    } finally {
      await setLanguage(page, "ja", kit);
    }
  });
}
