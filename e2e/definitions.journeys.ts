import { type ApiSession, api } from "./api.ts";
import { DEMO_USERS } from "./server.ts";
import { assert, type JourneyKit, SCREENSHOTS } from "./support.ts";

// The shared language (definitions): a rule fixed by marketing and signed by both sides.

interface DefinitionVersion {
  id: string;
  number: number;
  status: string;
  expression: string;
  marketingApproval: { by: { id: string }; proseMatchesRule: boolean } | null;
  salesApproval: { by: { id: string }; proseMatchesRule: boolean } | null;
}
interface DefinitionDetail {
  id: string;
  key: string;
  current: DefinitionVersion | null;
  open: DefinitionVersion | null;
  versions: DefinitionVersion[];
}

/** Creates a definition through the API and has both sides sign v1, so it is in force. */
async function createApprovedDefinition(
  marketing: ApiSession,
  sales: ApiSession,
  input: { key: string; nameJa: string; nameEn: string; description: string; expression: string },
): Promise<DefinitionDetail> {
  const created = await api<DefinitionDetail>(marketing, "POST", "/definitions", {
    ...input,
    targetStage: null,
    autoAdvance: false,
    marketingOwnerId: marketing.userId,
    salesOwnerId: sales.userId,
  });
  const proposed = await api<DefinitionDetail>(marketing, "POST", `/definitions/${created.id}/versions`, {
    expression: input.expression,
    changeNote: "最初の版（E2E）",
  });
  const versionId = proposed.open!.id;
  const confirm = { proseMatchesRule: true };
  await api(marketing, "POST", `/definitions/${created.id}/versions/${versionId}/approve`, confirm);
  await api(sales, "POST", `/definitions/${created.id}/versions/${versionId}/approve`, confirm);
  return api<DefinitionDetail>(marketing, "GET", `/definitions/${created.id}`);
}

/** What the definition journeys leave for the screenshots: our definition and its proposed v3. */
export interface DefinitionsMade {
  defined: DefinitionDetail;
  proposalId: string;
}

/**
 * Marketing corrects a rule the live check underlines, proposes a new version and signs it; inside
 * sales signs it into force. Then a v3 is proposed (and left open) for the screenshots.
 */
export async function runDefinitionJourneys(
  kit: JourneyKit,
  { marketing, insideSales }: { marketing: ApiSession; insideSales: ApiSession },
): Promise<DefinitionsMade> {
  const { journey, signIn, navLink, eventually } = kit;
  // A definition of our own (the demo may or may not sign MQL, SAL, SQL …): v1 approved by both sides.
  const defined = await createApprovedDefinition(marketing, insideSales, {
    key: `e2e_${Date.now().toString(36)}`,
    nameJa: "E2E 大口リード",
    nameEn: "E2E large lead",
    description: "従業員50名以上の企業で、直近30日に資料請求があった人。",
    expression: "company.employees >= 50 && count('資料請求', days(30)) >= 1",
  });

  await journey(
    "共通言語：マーケが誤りを直して新しい版を提案し、両側の署名で運用される",
    async (page, context) => {
      await signIn(page, DEMO_USERS.marketing);
      await navLink(page, "共通言語").click();
      await page
        .locator(`[data-testid=glossary-entry][data-key="${defined.key}"]`)
        .getByRole("link", { name: "E2E 大口リード", exact: true })
        .click();
      await page.getByTestId("definition-name").waitFor();
      await page.getByTestId("new-version").click();
      const input = page.getByTestId("expression-input");
      await input.fill("company.employes >= 100 && count('資料請求', days(30)) >= 1");
      // The live check underlines the unknown field and says what is wrong.
      await page.getByTestId("expression-errors").getByText("employes").waitFor();
      const marked = await page.locator(".tasuki-expr-backdrop mark").textContent();
      assert(marked === "employes", `underlined "${marked}" instead of the unknown field`);
      assert(await page.getByTestId("version-propose").isDisabled(), "could propose an invalid expression");
      await input.fill("company.employees >= 100 && count('資料請求', days(30)) >= 1");
      await page.getByTestId("expression-valid").waitFor();
      // The plain words must say the same as the rule: the editor reminds us, and we update them.
      await page.getByTestId("description-unchanged").waitFor();
      await page
        .getByTestId("definition-description")
        .fill("従業員100名以上の企業で、直近30日に資料請求があった人。");
      await page.getByTestId("description-unchanged").waitFor({ state: "detached" });
      assert(
        (await page.locator(".tasuki-expr-backdrop mark").count()) === 0,
        "a fixed expression is still underlined",
      );
      // Proposing without saying why is refused at the field.
      await page.getByTestId("version-propose").click();
      await page.getByText("承認を依頼するには、変更の理由を書いてください").waitFor();
      // 影響を確認: the draft is saved and backtested before anyone is asked to sign.
      await page.getByTestId("version-check-impact").click();
      await page.waitForURL(/\/versions\/[^/]+\/impact$/);
      await page.getByTestId("impact-result").waitFor({ timeout: 30_000 });
      const drafted = await api<DefinitionDetail>(marketing, "GET", `/definitions/${defined.id}`);
      assert(
        drafted.open?.status === "draft",
        `the backtested version is ${drafted.open?.status}, not a draft`,
      );
      assert(page.url().includes(drafted.open.id), "the backtest is not of the saved draft");
      await page.goto(`/definitions/${defined.id}/edit`);
      await page.getByTestId("expression-valid").waitFor();
      assert(
        (await page.getByTestId("definition-description").inputValue()).includes("100名以上"),
        "the draft lost its description",
      );
      await page
        .getByTestId("definition-change-note")
        .fill("小規模企業の商談化率が低いため、従業員数の条件を100名に上げる（E2E）");
      await page.getByTestId("version-propose").click();
      await page.getByTestId("approval-panel").waitFor();
      await page.getByTestId("approve-version").click();
      // The dialog shows the plain words' changes beside the rule's, and asks the signer to confirm.
      await page.getByTestId("review-prose").getByText("100", { exact: false }).first().waitFor();
      await page.getByTestId("review-rule").getByText("100", { exact: false }).first().waitFor();
      await page.getByTestId("decision-comment").fill("マーケティング側で確認しました（E2E）");
      await page.getByTestId("decision-submit").click();
      await page
        .getByText("承認するには、文章とルールが一致していることを確認してチェックしてください")
        .waitFor();
      await page.screenshot({ path: `${SCREENSHOTS}definition-approval-dialog.png` });
      await page.getByLabel("文章とルールが一致していることを確認しました").check();
      await page.getByTestId("decision-submit").click();
      await page.locator("[data-testid=approval-marketing][data-signed=true]").waitFor();
      const proposed = await eventually(
        () => api<DefinitionDetail>(marketing, "GET", `/definitions/${defined.id}`),
        (d) => d.open?.status === "proposed" && d.open.marketingApproval !== null,
        "v2 proposed and signed by marketing",
      );
      assert(proposed.open?.number === 2, `expected v2, got v${proposed.open?.number}`);
      assert(proposed.current?.number === 1, "v1 stopped being in force before sales signed");

      await context.clearCookies();
      await signIn(page, DEMO_USERS.inside_sales);
      await page.goto(`/definitions/${defined.id}`);
      await page.getByTestId("approve-version").click();
      await page.getByLabel("文章とルールが一致していることを確認しました").check();
      await page.getByTestId("decision-submit").click();
      await page.getByText("v2 運用中").first().waitFor();
      // The history says each signer confirmed that the words and the rule match.
      await page
        .getByTestId("version-history")
        .getByTestId("signature-sales")
        .getByText("文章とルールの一致を確認済み")
        .first()
        .waitFor();
      const approved = await eventually(
        () => api<DefinitionDetail>(insideSales, "GET", `/definitions/${defined.id}`),
        (d) => d.current?.number === 2,
        "v2 in force",
      );
      assert(approved.current?.status === "approved", `v2 is ${approved.current?.status}`);
      assert(
        approved.current?.expression === "company.employees >= 100 && count('資料請求', days(30)) >= 1",
        "the approved expression is not the corrected one",
      );
      assert(
        approved.current?.marketingApproval?.proseMatchesRule &&
          approved.current.salesApproval?.proseMatchesRule,
        "v2 lacks a confirmed signature on one side",
      );
      assert(approved.open === null, "an open version is left behind");
      assert(approved.versions.find((v) => v.number === 1)?.status === "superseded", "v1 was not superseded");
    },
  );

  // A proposed v3 so the screenshots show the sign-off panel, the diff and the backtest.
  const withProposal = await api<DefinitionDetail>(marketing, "POST", `/definitions/${defined.id}/versions`, {
    expression: "company.employees >= 100 && count_any(['資料請求', 'ウェビナー'], days(60)) >= 1",
    description: "従業員100名以上の企業で、直近60日に資料請求かウェビナー参加があった人。",
    changeNote: "ウェビナー参加者も対象にする（E2E）",
  });
  const proposalId = withProposal.open!.id;
  return { defined, proposalId };
}
