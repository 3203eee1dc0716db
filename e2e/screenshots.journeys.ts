import type { DefinitionsMade } from "./definitions.journeys.ts";
import type { GoalSummary } from "./goals.journeys.ts";
import type { Opportunity } from "./records.journeys.ts";
import { DEMO_USERS } from "./server.ts";
import type { Handoff, Person } from "./support.ts";
import { type JourneyKit, SCREENSHOTS, settle } from "./support.ts";

/** What the screenshots show that earlier journeys made. */
interface ScreenshotSubjects {
  notePerson: Person;
  toLose: Opportunity;
  toReturn: Handoff;
  demoGoal: GoalSummary | undefined;
  definitions: DefinitionsMade;
}

/** The main screens, in Japanese and then in English, as field sales and then as the admin. */
export async function runScreenshotJourneys(
  kit: JourneyKit,
  { notePerson, toLose, toReturn, demoGoal, definitions }: ScreenshotSubjects,
): Promise<void> {
  const { journey, signIn, shoot, navLink } = kit;
  const { defined, proposalId } = definitions;
  for (const locale of ["ja", "en"] as const) {
    await journey(`主な画面のスクリーンショット（${locale}）`, async (page, context) => {
      await page.goto("/login");
      if (locale === "en") await page.getByText("English", { exact: true }).click();
      await shoot(page, `${locale}-01-login`);
      await signIn(page, DEMO_USERS.field_sales);
      if (locale === "en") {
        await page.getByTestId("language-menu").click();
        await page.getByTestId("language-en").click();
        await navLink(page, "People").waitFor();
      }
      await shoot(page, `${locale}-02-home`);
      await page.goto("/people");
      await page.getByTestId("people-table").waitFor();
      await shoot(page, `${locale}-03-people`);
      await page.goto(`/people/${notePerson.id}`);
      await page.getByTestId("timeline-entry").first().waitFor();
      await shoot(page, `${locale}-04-person`);
      await page.goto("/companies");
      await shoot(page, `${locale}-05-companies`);
      await page.locator("table a[href^='/companies/']").first().click();
      await page.waitForURL("**/companies/*");
      await shoot(page, `${locale}-06-company`);
      await page.goto("/opportunities");
      await page.getByTestId("opportunity-card").first().waitFor();
      await shoot(page, `${locale}-07-pipeline`);
      await page.goto("/opportunities/list?status=all");
      await shoot(page, `${locale}-08-opportunities-list`);
      await page.goto(`/opportunities/${toLose.id}`);
      await shoot(page, `${locale}-09-opportunity`);
      await page.goto("/opportunities/new");
      await shoot(page, `${locale}-10-opportunity-new`);
      await page.goto("/handoffs");
      await page.getByTestId("sla-countdown").or(page.getByTestId("empty-state")).first().waitFor();
      await shoot(page, `${locale}-19-handoffs-inbox`);
      await page.goto("/handoffs?team=inside_sales&state=decided");
      await page.getByTestId("handoff-card").or(page.getByTestId("empty-state")).first().waitFor();
      await shoot(page, `${locale}-20-handoffs-decided`);
      await page.goto("/handoffs?view=returned&from=marketing");
      await page.getByTestId("handoff-card").or(page.getByTestId("empty-state")).first().waitFor();
      await shoot(page, `${locale}-21-handoffs-returned`);
      await page.goto(`/handoffs/${toReturn.id}`);
      await page.getByTestId("handoff-card").waitFor();
      await shoot(page, `${locale}-22-handoff`);
      await page.goto("/goals");
      await page.getByRole("link", { name: /年度/ }).first().waitFor();
      await shoot(page, `${locale}-23-goals`);
      if (demoGoal) {
        await page.goto(`/goals/${demoGoal.id}`);
        await page.getByTestId("goal-stage-table").waitFor();
        await page.getByTestId("goal-waterfall").locator("svg").first().waitFor();
        await shoot(page, `${locale}-24-goal`);
      }
      await page.goto("/analytics");
      await page.getByTestId("conversion-table").waitFor();
      await page.getByTestId("velocity-table").waitFor();
      await shoot(page, `${locale}-25-dashboard`);
      await page.getByTestId("converted-mql").click();
      await page.getByTestId("drill-table").waitFor();
      await settle(page);
      await page.screenshot({ path: `${SCREENSHOTS}${locale}-26-dashboard-records.png` });
      await page.goto("/definitions");
      await page.getByTestId("glossary-entry").first().waitFor();
      await shoot(page, `${locale}-15-definitions`);
      await page.goto(`/definitions/${defined.id}`);
      await page.getByTestId("approval-panel").waitFor();
      await shoot(page, `${locale}-16-definition`);
      await page.goto(`/definitions/${defined.id}/versions/${proposalId}/impact`);
      await page
        .getByTestId("impact-result")
        .or(page.getByTestId("empty-state"))
        .first()
        .waitFor({ timeout: 60_000 });
      await shoot(page, `${locale}-17-definition-impact`);
      await page.goto("/definitions/new");
      await shoot(page, `${locale}-18-definition-new`);
      await page.goto("/settings/profile");
      await shoot(page, `${locale}-11-settings-profile`);
      await page.goto("/settings/tokens");
      await shoot(page, `${locale}-12-settings-tokens`);
      await page.goto("/settings/users");
      await shoot(page, `${locale}-13-settings-users-forbidden`);
      if (locale === "en") {
        await page.getByTestId("language-menu").click();
        await page.getByTestId("language-ja").click();
        await navLink(page, "人物").waitFor();
      }
      await context.clearCookies();
      await signIn(page, DEMO_USERS.admin);
      if (locale === "en") {
        await page.getByTestId("language-menu").click();
        await page.getByTestId("language-en").click();
        await navLink(page, "People").waitFor();
      }
      await page.goto("/settings/users");
      await page.getByTestId("users-table").waitFor();
      await shoot(page, `${locale}-14-settings-users`);
      await page.goto("/settings/calendar");
      await page.getByTestId("company-calendar").waitFor();
      await shoot(page, `${locale}-23-settings-calendar`);
      await page.goto("/settings/sla");
      await page.getByTestId("sla-policies").waitFor();
      await shoot(page, `${locale}-24-settings-sla`);
      await page.goto("/settings/rejection-reasons");
      await page.getByTestId("rejection-reasons").waitFor();
      await shoot(page, `${locale}-25-settings-reasons`);
      await page.goto("/settings/channels");
      await page.getByTestId("channels").or(page.getByTestId("empty-state")).first().waitFor();
      await shoot(page, `${locale}-26-settings-channels`);
      if (await page.getByTestId("channel-log").count()) {
        await page.getByTestId("channel-log").first().click();
        await page.getByTestId("delivery-log").or(page.getByTestId("empty-state")).first().waitFor();
        await shoot(page, `${locale}-27-settings-delivery-log`);
        await page.keyboard.press("Escape");
      }
      await page.goto("/handoffs/compliance");
      await page.getByTestId("compliance-teams").waitFor();
      await shoot(page, `${locale}-28-sla-compliance`);
      await page.getByTestId("compliance-teams").getByTestId("count-breached").first().click();
      await page.getByTestId("records-summary").waitFor();
      await page.getByTestId("handoff-card").or(page.getByTestId("empty-state")).first().waitFor();
      await shoot(page, `${locale}-29-sla-records`);
      if (locale === "en") {
        await page.getByTestId("language-menu").click();
        await page.getByTestId("language-ja").click();
        await navLink(page, "人物").waitFor();
      }
    });
  }
}
