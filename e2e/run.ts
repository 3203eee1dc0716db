import { existsSync, mkdirSync } from "node:fs";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";
import { runAccountJourneys } from "./account.journeys.ts";
import { runAnalyticsJourney, runPipelineJourney } from "./analytics.journeys.ts";
import { apiLogin } from "./api.ts";
import { runLoginJourney, runSessionExpiryJourney } from "./auth.journeys.ts";
import { runChannelJourney, startWebhookReceiver } from "./channels.journeys.ts";
import { runDefinitionJourneys } from "./definitions.journeys.ts";
import { runGoalJourneys } from "./goals.journeys.ts";
import { runHomeJourneys } from "./home.journeys.ts";
import {
  runBulkJourney,
  runCreateRecordsJourney,
  runExportJourney,
  runKanaSearchJourney,
  runKeyboardSearchJourney,
  runOpportunityJourneys,
  runPersonJourneys,
  runPhonePeopleJourney,
  runRecordEditJourneys,
} from "./records.journeys.ts";
import {
  runComplianceJourney,
  runHandoffJourneys,
  runPhoneInboxJourney,
  runRelaySettingsJourneys,
} from "./relay.journeys.ts";
import { runScoringJourneys } from "./scoring.journeys.ts";
import { runScreenshotJourneys } from "./screenshots.journeys.ts";
import { DEMO_PASSWORD, DEMO_USERS, type RunningServer, startServer } from "./server.ts";
import { eventually, type JourneyKit, log, navLink, PHONE, SCREENSHOTS, shoot } from "./support.ts";

/**
 * Browser journeys against a real server on the embedded database, one file per area
 * (`*.journeys.ts`); this runner starts the server and the browser, signs in, keeps the score and
 * runs the areas in order, handing what one journey made to the later ones that use it. Each
 * journey fails on any browser console error except the ones it provokes on purpose (e.g. the 401
 * of a wrong password). The last line is `N passed, M failed`; the exit code is 1 when anything failed.
 */
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
/** `E2E_ONLY=共通言語` runs only the journeys whose name matches (while working on one screen). */
const ONLY = process.env.E2E_ONLY ? new RegExp(process.env.E2E_ONLY) : null;

let server: RunningServer;
let browser: Browser;
const results: { name: string; ok: boolean; error?: string }[] = [];

async function journey(
  name: string,
  fn: (page: Page, context: BrowserContext) => Promise<void>,
  options: { allowConsole?: RegExp[]; phone?: boolean } = {},
): Promise<void> {
  if (ONLY && !ONLY.test(name)) return;
  const context = await browser.newContext({
    // A phone is 390×844 (iPhone 12–15) with touch; otherwise a laptop screen.
    ...(options.phone
      ? { viewport: PHONE, isMobile: true, hasTouch: true, deviceScaleFactor: 2 }
      : { viewport: { width: 1440, height: 900 } }),
    locale: "ja-JP",
    timezoneId: "Asia/Tokyo",
    baseURL: server.base,
    // Charts honour prefers-reduced-motion and draw at once, so screenshots show them finished.
    reducedMotion: "reduce",
  });
  context.setDefaultTimeout(15_000);
  const page = await context.newPage();
  const consoleErrors: string[] = [];
  const record = (text: string) => {
    // A refused sign-in (429) is waited out by signIn; it is not an error of the journey.
    const allowed = [...(options.allowConsole ?? []), /status of 429/];
    if (!allowed.some((pattern) => pattern.test(text))) consoleErrors.push(text);
  };
  page.on("console", (message) => {
    if (message.type() === "error") record(`${message.text()} (${message.location().url})`);
  });
  page.on("pageerror", (error) => record(`page error: ${error.message}`));
  const started = Date.now();
  try {
    await fn(page, context);
    if (consoleErrors.length > 0) throw new Error(`browser console errors:\n  ${consoleErrors.join("\n  ")}`);
    results.push({ name, ok: true });
    log(`✓ ${name} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    results.push({ name, ok: false, error: message });
    log(`✗ ${name}\n${message}`);
    await page
      .screenshot({ path: `${SCREENSHOTS}failure-${results.length}.png`, fullPage: true })
      .catch(() => undefined);
  } finally {
    await context.close();
  }
}

async function signIn(page: Page, email: string): Promise<void> {
  // Sign-in is limited to 20 a minute per account and address (300 per address): the journeys
  // sign in often from 127.0.0.1, mostly as different people, so a refusal is unlikely; if one
  // comes, wait out the window once, as a person would, and try again.
  for (let attempt = 1; ; attempt++) {
    await page.goto("/login");
    await page.getByLabel(/メールアドレス|Email address/).fill(email);
    await page.getByLabel(/パスワード|Password/).fill(DEMO_PASSWORD);
    const answer = page.waitForResponse((r) => r.url().endsWith("/api/v1/auth/login"));
    await page.getByRole("button", { name: /^(ログイン|Sign in)$/ }).click();
    if ((await answer).status() === 429 && attempt === 1) {
      await page.waitForTimeout(61_000);
      continue;
    }
    break;
  }
  await page.waitForURL((url) => !url.pathname.startsWith("/login"));
  await page.getByRole("navigation", { name: /メインメニュー|Main navigation/ }).waitFor();
}

async function main(): Promise<number> {
  if (!existsSync(CHROMIUM)) {
    console.error(
      `Chromium not found at ${CHROMIUM}. Install it with: apt-get install -y chromium fonts-noto-cjk (or set CHROMIUM_PATH).`,
    );
    return 1;
  }
  mkdirSync(SCREENSHOTS, { recursive: true });
  server = await startServer(log);
  log(`server at ${server.base} (data: ${server.seededBy})`);
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
    ],
  });
  const fieldSales = await apiLogin(server.base, DEMO_USERS.field_sales, DEMO_PASSWORD);

  const kit: JourneyKit = { journey, signIn, shoot, navLink, eventually, base: server.base, fieldSales };

  await runLoginJourney(kit);
  const notePerson = await runPersonJourneys(kit);
  const toLose = await runOpportunityJourneys(kit);
  await runAccountJourneys(kit);
  await runHomeJourneys(kit);
  await runCreateRecordsJourney(kit);
  await runRecordEditJourneys(kit, notePerson);
  await runKeyboardSearchJourney(kit, notePerson);
  await runExportJourney(kit);
  await runBulkJourney(kit);
  await runKanaSearchJourney(kit, notePerson);
  await runSessionExpiryJourney(kit);

  const marketing = await apiLogin(server.base, DEMO_USERS.marketing, DEMO_PASSWORD);
  const insideSales = await apiLogin(server.base, DEMO_USERS.inside_sales, DEMO_PASSWORD);
  const definitions = await runDefinitionJourneys(kit, { marketing, insideSales });
  const { toReturn, teamIdOf } = await runHandoffJourneys(kit, { marketing, insideSales });
  await runPhoneInboxJourney(kit, { marketing, insideSales, teamIdOf });
  await runPhonePeopleJourney(kit, marketing);
  const demoGoal = await runGoalJourneys(kit);

  // Relay settings and SLA compliance, as the manager (relay.manage).
  const manager = await apiLogin(server.base, DEMO_USERS.manager, DEMO_PASSWORD);
  const receiver = await startWebhookReceiver();
  await runRelaySettingsJourneys(kit, { manager, insideSales });
  await runChannelJourney(kit, { marketing, teamIdOf, receiver });
  await runComplianceJourney(kit, manager);
  await receiver.close();

  await runAnalyticsJourney(kit, marketing);
  await runPipelineJourney(kit);
  await runScreenshotJourneys(kit, { notePerson, toLose, toReturn, demoGoal, definitions });
  await runScoringJourneys({ ...kit, marketing, insideSales });

  await browser.close();
  await server.stop();
  const passed = results.filter((r) => r.ok).length;
  const failed = results.length - passed;
  for (const r of results.filter((x) => !x.ok)) log(`FAILED: ${r.name}\n${r.error}`);
  // The prefixed line is the form .ci/run sums over runners; the last line is the plain total.
  console.log(`e2e: ${passed} passed, ${failed} failed`);
  console.log(`${passed} passed, ${failed} failed`);
  return failed === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  async (error: unknown) => {
    console.error(error);
    await browser?.close().catch(() => undefined);
    await server?.stop().catch(() => undefined);
    const passed = results.filter((r) => r.ok).length;
    console.log(`e2e: ${passed} passed, ${results.length - passed + 1} failed`);
    console.log(`${passed} passed, ${results.length - passed + 1} failed`);
    process.exit(1);
  },
);
