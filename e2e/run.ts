import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { type LifecycleStage, STAGE_TRANSITIONS } from "@tasuki/domain";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";
import { type ApiSession, api, apiLogin } from "./api.ts";
import { runScoringJourneys } from "./scoring.journeys.ts";
import { DEMO_PASSWORD, DEMO_USERS, type RunningServer, startServer } from "./server.ts";

/**
 * Browser journeys against a real server on the embedded database. Each journey fails on any
 * browser console error except the ones it provokes on purpose (e.g. the 401 of a wrong password).
 * The last line is `N passed, M failed`; the exit code is 1 when anything failed.
 */
const SCREENSHOTS = fileURLToPath(new URL("./screenshots/", import.meta.url));
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const EXPECTED_401 = /status of 401/;
/** `E2E_ONLY=共通言語` runs only the journeys whose name matches (while working on one screen). */
const ONLY = process.env.E2E_ONLY ? new RegExp(process.env.E2E_ONLY) : null;

interface Person {
  id: string;
  name: string;
  email: string | null;
  stage: string;
  temperature: string | null;
  version: number;
  owner: { id: string } | null;
  team: { key: string } | null;
}
interface Opportunity {
  id: string;
  name: string;
  stage: string;
  outcome: string | null;
  lostReason: { id: string; key: string } | null;
  closeNote: string | null;
}
interface TimelineEntry {
  kind: string;
  activity: { type: string; body: string | null } | null;
  stageChange: { to: string; reason: string | null } | null;
}

/** Only the holder hands a person on: marketing's own or team's people, or nobody's yet. */
const marketingHolds = (person: Person) => person.owner === null || person.team?.key === "marketing";

const STAGE_LABELS_JA: Record<LifecycleStage, string> = {
  lead: "リード",
  mql: "MQL",
  sal: "SAL",
  sql: "SQL",
  opportunity: "商談",
  won: "受注",
  lost: "失注",
  customer: "顧客",
  recycled: "リサイクル",
  disqualified: "対象外",
};

interface Handoff {
  id: string;
  state: string;
  person: { id: string; name: string };
  decidedBy: { id: string } | null;
  rejectionReason: { id: string } | null;
  rejectionComment: string | null;
}
interface DefinitionVersion {
  id: string;
  number: number;
  status: string;
  expression: string;
  marketingApproval: { by: { id: string } } | null;
  salesApproval: { by: { id: string } } | null;
}
interface DefinitionDetail {
  id: string;
  key: string;
  current: DefinitionVersion | null;
  open: DefinitionVersion | null;
  versions: DefinitionVersion[];
}

const log = (line: string) => console.log(`[e2e] ${line}`);

/** A local webhook receiver for the channel journey (no outside network). */
async function startWebhookReceiver() {
  const requests: { headers: IncomingHttpHeaders; body: string }[] = [];
  const http = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (c: Buffer) => chunks.push(c));
    request.on("end", () => {
      requests.push({ headers: request.headers, body: Buffer.concat(chunks).toString("utf8") });
      response.writeHead(200).end("ok");
    });
  });
  await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(http.address() as AddressInfo).port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        http.closeAllConnections();
        http.close(() => resolve());
      }),
  };
}

let server: RunningServer;
let browser: Browser;
const results: { name: string; ok: boolean; error?: string }[] = [];

async function journey(
  name: string,
  fn: (page: Page, context: BrowserContext) => Promise<void>,
  options: { allowConsole?: RegExp[] } = {},
): Promise<void> {
  if (ONLY && !ONLY.test(name)) return;
  const context = await browser.newContext({
    viewport: { width: 1440, height: 900 },
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

/** Types into the board's search and waits until only matching cards are left. */
async function searchBoard(page: Page, name: string): Promise<void> {
  await page.getByRole("textbox", { name: "商談を検索" }).fill(name);
  await page.waitForFunction((text) => {
    const cards = [...document.querySelectorAll("[data-testid=opportunity-card]")];
    return cards.length > 0 && cards.every((card) => card.textContent?.includes(text));
  }, name);
  await page.waitForLoadState("networkidle");
}

/** A link in the left navigation, by its label. */
function navLink(page: Page, name: string) {
  return page
    .getByRole("navigation", { name: /メインメニュー|Main navigation/ })
    .getByRole("link", { name, exact: true });
}

/** Waits until no skeleton placeholder is left, so screenshots show data. */
async function settle(page: Page): Promise<void> {
  await page.waitForLoadState("networkidle");
  await page.waitForFunction(() => document.querySelectorAll(".mantine-Skeleton-root").length === 0, null, {
    timeout: 15_000,
  });
  await page.waitForTimeout(150);
}

async function shoot(page: Page, name: string): Promise<void> {
  await settle(page);
  await page.screenshot({ path: `${SCREENSHOTS}${name}.png`, fullPage: true });
}

/** Polls the API until `check` holds (the UI may still be finishing its request). */
async function eventually<T>(read: () => Promise<T>, check: (value: T) => boolean, what: string): Promise<T> {
  const deadline = Date.now() + 10_000;
  let last: T | undefined;
  while (Date.now() < deadline) {
    last = await read();
    if (check(last)) return last;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`API never showed ${what}; last value: ${JSON.stringify(last)}`);
}

function assert(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(message);
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
  });
  const versionId = proposed.open!.id;
  await api(marketing, "POST", `/definitions/${created.id}/versions/${versionId}/approve`, {});
  await api(sales, "POST", `/definitions/${created.id}/versions/${versionId}/approve`, {});
  return api<DefinitionDetail>(marketing, "GET", `/definitions/${created.id}`);
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
  const fsId = fieldSales.userId;

  await journey(
    "ログイン：誤ったパスワードは分かる言葉で伝え、正しければホームへ",
    async (page) => {
      await page.goto("/");
      await page.waitForURL("**/login");
      await page.getByLabel("メールアドレス").fill(DEMO_USERS.field_sales);
      await page.getByLabel("パスワード").fill("wrong-password");
      await page.getByRole("button", { name: "ログイン" }).click();
      const error = page.getByTestId("login-error");
      await error.waitFor();
      const text = (await error.textContent()) ?? "";
      assert(
        text.includes("メールアドレスまたはパスワードが正しくありません"),
        `unexpected login error: ${text}`,
      );
      await page.getByLabel("パスワード").fill(DEMO_PASSWORD);
      await page.getByRole("button", { name: "ログイン" }).click();
      await page.waitForURL((url) => url.pathname === "/");
      await page.getByTestId("home-today").waitFor();
      // A reload keeps the session and recovers the CSRF token: a write must still work.
      await page.reload();
      await page.getByTestId("home-today").waitFor();
      await page.getByTestId("user-menu").click();
      await page.getByTestId("logout").click();
      await page.waitForURL("**/login");
    },
    { allowConsole: [EXPECTED_401] },
  );

  // A person field sales owns (so may edit), with an email to search for and a stage that can move.
  const owned = await api<{ items: Person[] }>(fieldSales, "GET", `/people?ownerId=${fsId}&limit=200`);
  const movable = owned.items.filter(
    (p) => p.email && STAGE_TRANSITIONS[p.stage as LifecycleStage].length > 0,
  );
  // Prefer a move a field sales rep makes every day (SQL → 商談, 受注 → 顧客) over an odd one (商談 → 受注).
  const preferred = ["sql", "won", "sal", "mql", "lead", "recycled"];
  const notePerson = preferred.flatMap((stage) => movable.filter((p) => p.stage === stage))[0] ?? movable[0];
  assert(notePerson?.email, "field sales owns no person with an email whose stage can move");
  const nextStage = STAGE_TRANSITIONS[notePerson.stage as LifecycleStage][0]!;

  await journey("人物を検索して開き、Markdown のメモを追加（HTML は実行されない）", async (page) => {
    await signIn(page, DEMO_USERS.field_sales);
    await navLink(page, "人物").click();
    await page.getByTestId("people-search").fill(notePerson.email!);
    const link = page.locator(`[data-testid=people-table] a[href="/people/${notePerson.id}"]`);
    await link.waitFor();
    await link.click();
    await page.getByTestId("person-name").waitFor();
    assert(
      (await page.getByTestId("person-name").textContent()) === notePerson.name,
      "opened the wrong person",
    );
    const note = `**次回アクション**: 9月末までに見積もりを提示\n\n- 決裁者は営業本部長\n\n<script>window.__xss = 1</script><img src=x onerror="window.__xss = 2">`;
    await page.getByTestId("note-body").fill(note);
    await page.getByTestId("note-submit").click();
    await page.locator("[data-testid=timeline] strong", { hasText: "次回アクション" }).first().waitFor();
    const injected = await page.evaluate(() => (window as unknown as { __xss?: number }).__xss);
    assert(injected === undefined, "HTML in a note ran in the browser");
    assert(
      (await page.locator("[data-testid=timeline] script, [data-testid=timeline] img").count()) === 0,
      "HTML was rendered",
    );
    await page.locator("[data-testid=timeline]", { hasText: "<script>" }).waitFor();
    const timeline = await api<{ items: TimelineEntry[] }>(
      fieldSales,
      "GET",
      `/people/${notePerson.id}/timeline?limit=5`,
    );
    const first = timeline.items[0];
    assert(
      first?.activity?.type === "note" && first.activity.body === note,
      "the API does not show the note first",
    );
  });

  await journey("温度感を設定し、有効な遷移だけからステージを変更（理由は必須）", async (page) => {
    await signIn(page, DEMO_USERS.field_sales);
    await page.goto(`/people/${notePerson.id}`);
    await page.getByTestId("person-name").waitFor();
    const target = notePerson.temperature === "hot" ? "ウォーム" : "ホット";
    await page.getByTestId("temperature-control").getByText(target, { exact: true }).click();
    await eventually(
      () => api<Person>(fieldSales, "GET", `/people/${notePerson.id}`),
      (p) => p.temperature === (target === "ホット" ? "hot" : "warm"),
      "the new temperature",
    );
    await page.getByTestId("change-stage").click();
    await page.getByTestId("stage-submit").click();
    await page.getByText("変更後のステージを選んでください").waitFor();
    await page.getByTestId("stage-select").click();
    const offered = await page.getByRole("option").count();
    const allowed = STAGE_TRANSITIONS[notePerson.stage as LifecycleStage];
    assert(
      offered === allowed.length,
      `offered ${offered} stages, the transition table allows ${allowed.length}`,
    );
    await page.getByRole("option", { name: STAGE_LABELS_JA[nextStage], exact: true }).click();
    await page.getByTestId("stage-reason").fill("顧客と要件を確認し、次のステージへ（E2E）");
    await page.getByTestId("stage-submit").click();
    await page.getByTestId("stage-history").getByText("顧客と要件を確認し、次のステージへ（E2E）").waitFor();
    const person = await api<Person>(fieldSales, "GET", `/people/${notePerson.id}`);
    assert(person.stage === nextStage, `stage is ${person.stage}, expected ${nextStage}`);
  });

  const open = await api<{ items: Opportunity[] }>(
    fieldSales,
    "GET",
    `/opportunities?ownerId=${fsId}&status=open&limit=200&sort=createdAt&order=asc`,
  );
  const toMove = open.items.find((o) => o.stage === "discovery" || o.stage === "proposal");
  const toLose = open.items.find((o) => o.id !== toMove?.id);
  assert(toMove && toLose, "need two open opportunities owned by field sales");
  const later = toMove.stage === "discovery" ? "proposal" : "negotiation";
  const toDrag = open.items.find(
    (o) => o.id !== toMove.id && o.id !== toLose.id && o.stage !== "contracting",
  );
  assert(toDrag, "need a third open opportunity to drag");
  const dragTarget =
    toDrag.stage === "discovery" ? "proposal" : toDrag.stage === "proposal" ? "negotiation" : "contracting";

  await journey("商談ボードで商談を後のステージへ移動（メニューとドラッグ）", async (page) => {
    await signIn(page, DEMO_USERS.field_sales);
    await navLink(page, "商談").click();
    await searchBoard(page, toMove.name);
    const card = page.locator(`[data-opportunity-id="${toMove.id}"]`);
    await card.getByTestId("opportunity-menu").click();
    await page.getByTestId(`move-to-${later}`).click();
    await page.locator(`[data-testid=board-column-${later}] [data-opportunity-id="${toMove.id}"]`).waitFor();
    await eventually(
      () => api<Opportunity>(fieldSales, "GET", `/opportunities/${toMove.id}`),
      (o) => o.stage === later,
      `stage ${later}`,
    );
    // The same move by drag and drop.
    await searchBoard(page, toDrag.name);
    await page
      .locator(`[data-opportunity-id="${toDrag.id}"]`)
      .dragTo(page.getByTestId(`board-column-${dragTarget}`));
    await page
      .locator(`[data-testid=board-column-${dragTarget}] [data-opportunity-id="${toDrag.id}"]`)
      .waitFor();
    await eventually(
      () => api<Opportunity>(fieldSales, "GET", `/opportunities/${toDrag.id}`),
      (o) => o.stage === dragTarget,
      `dragged stage ${dragTarget}`,
    );
  });

  const reasons = await api<{ items: { id: string; key: string; labelJa: string }[] }>(
    fieldSales,
    "GET",
    "/lost-reasons",
  );
  const reason = reasons.items.find((r) => r.key === "competitor") ?? reasons.items[0];
  assert(reason, "no lost reasons");

  await journey("別の商談を失注理由つきで失注にする", async (page) => {
    await signIn(page, DEMO_USERS.field_sales);
    await page.goto("/opportunities");
    await searchBoard(page, toLose.name);
    const card = page.locator(`[data-opportunity-id="${toLose.id}"]`);
    await card.getByTestId("opportunity-menu").click();
    await page.getByTestId("mark-lost").click();
    await page.getByTestId("close-submit").click();
    await page.getByText("失注理由を選んでください").first().waitFor();
    await page.getByTestId("lost-reason").click();
    await page.getByRole("option", { name: reason.labelJa }).click();
    await page.getByTestId("close-note").fill("価格比較で競合に決定（E2E）");
    await page.getByTestId("close-submit").click();
    await card.waitFor({ state: "detached" });
    const closed = await eventually(
      () => api<Opportunity>(fieldSales, "GET", `/opportunities/${toLose.id}`),
      (o) => o.outcome === "lost",
      "outcome lost",
    );
    assert(closed.lostReason?.id === reason.id, "wrong lost reason stored");
    assert(closed.closeNote === "価格比較で競合に決定（E2E）", "close note not stored");
  });

  await journey("英語に切り替えて戻す（ユーザーごとに記憶される）", async (page) => {
    try {
      await signIn(page, DEMO_USERS.field_sales);
      await page.getByTestId("language-menu").click();
      await page.getByTestId("language-en").click();
      await navLink(page, "People").waitFor();
      await eventually(
        () => api<{ locale: string }>(fieldSales, "GET", "/me"),
        (me) => me.locale === "en",
        "locale en",
      );
      await page.reload();
      await navLink(page, "Opportunities").waitFor();
      await page.getByTestId("language-menu").click();
      await page.getByTestId("language-ja").click();
      await navLink(page, "人物").waitFor();
      await eventually(
        () => api<{ locale: string }>(fieldSales, "GET", "/me"),
        (me) => me.locale === "ja",
        "locale ja",
      );
    } finally {
      // Later journeys expect field sales in Japanese, whatever happened here.
      await api(fieldSales, "PATCH", "/me", { locale: "ja" });
    }
  });

  await journey("管理者以外はユーザー設定を開けず、管理者は開ける", async (page, context) => {
    await signIn(page, DEMO_USERS.field_sales);
    await navLink(page, "設定").click();
    await page.getByRole("tab", { name: "プロフィール" }).waitFor();
    assert(
      (await page.getByRole("tab", { name: "ユーザーと権限" }).count()) === 0,
      "non-admin sees the users tab",
    );
    await page.goto("/settings/users");
    await page.getByTestId("forbidden").waitFor();
    assert((await page.getByTestId("users-table").count()) === 0, "non-admin sees the users table");
    const response = await fetch(`${server.base}/api/v1/users`, {
      method: "POST",
      headers: {
        cookie: fieldSales.cookie,
        "x-csrf-token": fieldSales.csrfToken,
        "content-type": "application/json",
      },
      body: JSON.stringify({
        email: "x@example.com",
        familyName: "X",
        givenName: "Y",
        role: "admin",
        password: "long-enough-1",
      }),
    });
    assert(response.status === 403, `API let field sales create a user (${response.status})`);
    await context.clearCookies();
    await signIn(page, DEMO_USERS.admin);
    await page.goto("/settings/users");
    await page.getByTestId("users-table").getByText(DEMO_USERS.field_sales).waitFor();
  });

  await journey("人物と商談を新規作成し、API トークンを発行・無効化する", async (page) => {
    await signIn(page, DEMO_USERS.field_sales);
    await navLink(page, "人物").click();
    await page.getByTestId("person-create").click();
    const dialog = page.getByRole("dialog");
    await dialog.getByRole("textbox", { name: /^姓/ }).fill("大和田");
    await dialog.getByRole("textbox", { name: /^名/ }).fill("紗希");
    await dialog.getByLabel("セイ（フリガナ）").fill("おおわだ");
    await dialog.getByLabel("メイ（フリガナ）").fill("さき");
    await dialog.getByLabel("メールアドレス").fill("owada.saki@e2e.example.jp");
    await dialog.getByLabel("電話番号").fill("０３－１２３４－５６７８");
    await dialog.getByRole("button", { name: "登録する" }).click();
    await page.waitForURL(/\/people\/[0-9a-f-]{36}$/);
    const personId = page.url().split("/").pop()!;
    const person = await api<Person & { familyNameKana: string; phone: string }>(
      fieldSales,
      "GET",
      `/people/${personId}`,
    );
    assert(
      person.name === "大和田 紗希" && person.familyNameKana === "オオワダ",
      "person not stored as entered",
    );
    assert(
      person.phone === "+81312345678" && person.stage === "lead",
      `unexpected person ${JSON.stringify(person)}`,
    );
    await page.getByText("オオワダ サキ").waitFor();

    const company = (
      await api<{ items: { id: string; name: string }[] }>(
        fieldSales,
        "GET",
        "/companies?limit=1&sort=kana&order=asc",
      )
    ).items[0]!;
    await page.goto("/opportunities/new");
    await page.getByLabel("商談名").fill("E2E 全社展開プロジェクト");
    await page.getByRole("combobox", { name: "企業" }).fill(company.name);
    await page.getByRole("option", { name: company.name, exact: true }).first().click();
    await page.getByLabel("金額").fill("1500000");
    await page.getByRole("button", { name: "商談を作成" }).click();
    await page.waitForURL(/\/opportunities\/[0-9a-f-]{36}$/);
    const id = page.url().split("/").pop()!;
    const created = await api<Opportunity & { amount: number; company: { name: string } }>(
      fieldSales,
      "GET",
      `/opportunities/${id}`,
    );
    assert(
      created.amount === 1_500_000 && created.company.name === company.name,
      "opportunity not stored as entered",
    );
    await page.getByText("¥1,500,000").first().waitFor();

    await page.goto("/settings/tokens");
    await page.getByTestId("token-create").click();
    await page.getByLabel("トークン名").fill("E2E 連携");
    await page.getByRole("button", { name: "発行する" }).click();
    const secret = (await page.getByTestId("token-secret").textContent()) ?? "";
    assert(secret.startsWith("tsk_"), "the token secret was not shown");
    const viaToken = await fetch(`${server.base}/api/v1/me`, {
      headers: { authorization: `Bearer ${secret}` },
    });
    assert(viaToken.status === 200, `the new token does not work (${viaToken.status})`);
    await page.getByRole("button", { name: "閉じる" }).click();
    await page.getByTestId("tokens-table").getByText("E2E 連携").waitFor();
    await page.getByRole("button", { name: "無効化" }).first().click();
    await page.getByRole("dialog").getByRole("button", { name: "無効化" }).click();
    await page.getByTestId("tokens-table").getByText("無効化済み").waitFor();
    const revoked = await fetch(`${server.base}/api/v1/me`, {
      headers: { authorization: `Bearer ${secret}` },
    });
    assert(revoked.status === 401, `a revoked token still works (${revoked.status})`);
  });

  await journey("キーボードだけで検索から人物を開ける（フォーカスが見える）", async (page) => {
    await page.goto("/login");
    await page.getByLabel("メールアドレス").focus();
    await page.keyboard.type(DEMO_USERS.field_sales);
    await page.keyboard.press("Tab");
    await page.keyboard.type(DEMO_PASSWORD);
    await page.keyboard.press("Enter");
    await page.waitForURL((url) => url.pathname === "/");
    await page.goto("/people");
    await page.getByTestId("people-search").focus();
    await page.keyboard.type(notePerson.email!);
    // Wait for the search to settle (debounced into the URL, answer in): the person may already be
    // in the unfiltered first page, and a focus reached there can vanish when the results replace it.
    await page.waitForURL((url) => url.searchParams.get("q") === notePerson.email);
    await page.locator('[data-testid=people-table][aria-busy="false"]').waitFor();
    await page.locator(`[data-testid=people-table] a[href="/people/${notePerson.id}"]`).waitFor();
    // The header and the nav come first (their number grows with each area), so allow plenty of stops.
    let reached = false;
    for (let i = 0; i < 150 && !reached; i++) {
      await page.keyboard.press("Tab");
      const href = await page.evaluate(() => document.activeElement?.getAttribute("href") ?? "");
      reached = href === `/people/${notePerson.id}`;
    }
    assert(reached, "Tab never reached the person's link in the results");
    const outline = await page.evaluate(() => {
      const active = document.activeElement;
      return active ? getComputedStyle(active).outlineStyle : "none";
    });
    assert(outline !== "none", "the focused link has no visible focus outline");
    await page.keyboard.press("Enter");
    await page.getByTestId("person-name").waitFor();
  });

  await journey(
    "セッションが切れたらログイン画面に戻る",
    async (page, context) => {
      await signIn(page, DEMO_USERS.field_sales);
      await context.clearCookies();
      // The bell's polling may hit the 401 first and take us to the login page before the click.
      await navLink(page, "企業")
        .click({ timeout: 5_000 })
        .catch(() => undefined);
      await page.waitForURL("**/login");
      await page.getByText("セッションの有効期限が切れました").waitFor();
    },
    { allowConsole: [EXPECTED_401] },
  );

  // A definition of our own (the demo may or may not sign MQL, SAL, SQL …): v1 approved by both sides.
  const marketing = await apiLogin(server.base, DEMO_USERS.marketing, DEMO_PASSWORD);
  const insideSales = await apiLogin(server.base, DEMO_USERS.inside_sales, DEMO_PASSWORD);
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
      await page
        .getByTestId("definition-change-note")
        .fill("小規模企業の商談化率が低いため、従業員数の条件を100名に上げる（E2E）");
      await page.getByTestId("version-propose").click();
      await page.getByTestId("approval-panel").waitFor();
      await page.getByTestId("approve-version").click();
      await page.getByTestId("decision-comment").fill("マーケティング側で確認しました（E2E）");
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
      await page.getByTestId("decision-submit").click();
      await page.getByText("v2 運用中").first().waitFor();
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
        approved.current?.marketingApproval && approved.current.salesApproval,
        "v2 lacks a signature on one side",
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

  // Two handoffs from marketing to the inside sales demo user, made through the API.
  const rejectionReasons = await api<{
    items: { id: string; key: string; labelJa: string; disqualifies: boolean }[];
  }>(insideSales, "GET", "/rejection-reasons");
  const rejectReason =
    rejectionReasons.items.find((r) => r.key === "no_budget") ??
    rejectionReasons.items.find((r) => !r.disqualifies);
  assert(rejectReason, "no rejection reasons");
  const teams = await api<{ items: { id: string; key: string }[] }>(marketing, "GET", "/teams");
  const teamIdOf = (key: string) => teams.items.find((t) => t.key === key)!.id;
  const candidates = await api<{ items: Person[] }>(
    marketing,
    "GET",
    `/people?stage=lead,mql&limit=100&sort=updatedAt&order=desc`,
  );
  const handoffs: Handoff[] = [];
  for (const person of candidates.items) {
    if (handoffs.length === 2) break;
    if (!marketingHolds(person)) continue;
    const pendingOnes = await api<{ items: Handoff[] }>(
      marketing,
      "GET",
      `/handoffs?personId=${person.id}&state=pending,expired_escalated&limit=1`,
    );
    if (pendingOnes.items.length > 0) continue;
    handoffs.push(
      await api<Handoff>(marketing, "POST", "/handoffs", {
        personId: person.id,
        toTeamId: teamIdOf("inside_sales"),
        whyNow: `料金ページを3回閲覧、導入時期の相談あり（E2E ${handoffs.length + 1}）`,
        temperature: "warm",
        assigneeId: insideSales.userId,
      }),
    );
  }
  const [toAccept, toReturn] = handoffs;
  assert(toAccept && toReturn, "could not find two people to hand over");

  await journey(
    "引き渡し：インサイドセールスが受信トレイで1件を受け入れ、1件を理由つきで差し戻す",
    async (page) => {
      await signIn(page, DEMO_USERS.inside_sales);
      await navLink(page, "引き渡し").click();
      await page.getByTestId("inbox-mine").click();
      await page.getByRole("combobox", { name: "表示件数" }).click();
      await page.getByRole("option", { name: "200件" }).click();
      const findCard = async (id: string) => {
        const card = page.locator(`[data-testid=handoff-card][data-handoff-id="${id}"]`);
        // The newest handoffs are due last: page forward until the card shows up.
        for (let i = 0; i < 50 && (await card.count()) === 0; i++) {
          await page.getByTestId("handoff-list").waitFor();
          if ((await card.count()) > 0) break;
          const next = page.getByRole("button", { name: "次へ" });
          if (await next.isDisabled()) break;
          await next.click();
          await page.waitForLoadState("networkidle");
        }
        await card.waitFor();
        return card;
      };
      const accepted = await findCard(toAccept.id);
      assert(
        ((await accepted.getByTestId("baton-note").textContent()) ?? "").includes("E2E 1"),
        "the baton note is not shown on the card",
      );
      await accepted.getByTestId("sla-badge").waitFor();
      // Accept with the keyboard only: focus the button, Enter opens the dialog, Enter confirms.
      await accepted.getByTestId("handoff-accept").focus();
      await page.keyboard.press("Enter");
      await page.getByTestId("accept-submit").waitFor();
      await page.waitForFunction(
        () => document.activeElement?.getAttribute("data-testid") === "accept-submit",
      );
      await page.keyboard.press("Enter");
      await accepted.waitFor({ state: "detached" });
      const returned = await findCard(toReturn.id);
      await returned.getByTestId("handoff-reject").click();
      await page.getByTestId("reject-submit").click();
      await page.getByText("差し戻し理由を選んでください").waitFor();
      await page.getByTestId("reject-reason").click();
      await page.getByRole("option", { name: rejectReason.labelJa }).click();
      await page
        .getByTestId("reject-comment")
        .fill("来期まで予算化の予定なし。半年後に再アプローチを（E2E）");
      await page.getByTestId("reject-submit").click();
      await returned.waitFor({ state: "detached" });
      const a = await eventually(
        () => api<Handoff>(insideSales, "GET", `/handoffs/${toAccept.id}`),
        (h) => h.state === "accepted",
        "the first handoff accepted",
      );
      assert(a.decidedBy?.id === insideSales.userId, "accepted by someone else");
      const r = await eventually(
        () => api<Handoff>(insideSales, "GET", `/handoffs/${toReturn.id}`),
        (h) => h.state === "rejected",
        "the second handoff returned",
      );
      assert(r.rejectionReason?.id === rejectReason.id, "wrong rejection reason stored");
      assert(
        r.rejectionComment === "来期まで予算化の予定なし。半年後に再アプローチを（E2E）",
        "comment not stored",
      );
    },
  );

  await journey("差し戻し：マーケティングが理由を読み、ベルの通知から引き渡しを開く", async (page) => {
    await signIn(page, DEMO_USERS.marketing);
    await page.goto("/handoffs?view=returned&from=marketing");
    const card = page.locator(`[data-testid=handoff-card][data-handoff-id="${toReturn.id}"]`);
    await card.getByText(rejectReason.labelJa).waitFor();
    await card
      .getByTestId("rejection-comment")
      .getByText("来期まで予算化の予定なし", { exact: false })
      .waitFor();
    await page.getByTestId("notification-bell").click();
    const item = page
      .getByTestId("notification-item")
      .filter({ hasText: toReturn.person.name })
      .filter({ hasText: rejectReason.labelJa })
      .first();
    await item.click();
    await page.waitForURL(`**/handoffs/${toReturn.id}`);
    // The returned view lists many cards (the demo has rejections too); the detail page shows only this one.
    await eventually(
      async () => page.getByTestId("handoff-card").count(),
      (count) => count === 1,
      "the handoff page with its one card",
    );
    await page.locator(`[data-testid=handoff-card][data-handoff-id="${toReturn.id}"]`).waitFor();
  });

  // Inside sales hands the accepted person on to field sales, so the screenshots show a live countdown,
  // unless a handoff is already pending for them (an approved definition may have opened one on
  // acceptance, or the journey above failed and the first one is still pending).
  const pendingForAccepted = await api<{ items: Handoff[] }>(
    insideSales,
    "GET",
    `/handoffs?personId=${toAccept.person.id}&state=pending&limit=1`,
  );
  if (pendingForAccepted.items.length === 0) {
    await api(insideSales, "POST", "/handoffs", {
      personId: toAccept.person.id,
      toTeamId: teamIdOf("field_sales"),
      whyNow: "予算と決裁者を確認済み。来月の役員会で導入判断の予定（E2E）",
      temperature: "hot",
      note: "競合A社と比較中。価格より導入支援を重視",
    }).catch((error: unknown) => log(`no handoff to field sales for the screenshots: ${String(error)}`));
  }

  interface GoalSummary {
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
      const manager = await apiLogin(server.base, DEMO_USERS.manager, DEMO_PASSWORD);
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

  // Relay settings and SLA compliance, as the manager (relay.manage).
  const manager = await apiLogin(server.base, DEMO_USERS.manager, DEMO_PASSWORD);
  const receiver = await startWebhookReceiver();

  await journey(
    "設定：営業カレンダーで年末年始と会社の休日を編集し、チームの営業時間を上書きする",
    async (page) => {
      await signIn(page, DEMO_USERS.manager);
      await page.goto("/settings");
      await page.getByTestId("settings-calendar").click();
      const company = page.getByTestId("company-calendar");
      await company.waitFor();
      // Drop 12/31 from 年末年始, then put the whole break back with one button.
      const row = company
        .getByTestId("company-holidays")
        .locator("tr")
        .filter({
          has: page.locator("input[value='12-31']"),
        });
      await row.getByTestId("holiday-remove").click();
      await company.getByRole("button", { name: /年末年始（12\/29〜1\/3）を追加/ }).click();
      await company.getByTestId("holiday-add").click();
      await company.getByTestId("holiday-date").last().fill("2027-05-06");
      await company.getByTestId("holiday-name").last().fill("創立記念日（E2E）");
      await company.getByTestId("company-calendar-save").click();
      const saved = await eventually(
        () =>
          api<{ company: { companyHolidays: { date: string; name: string }[] } }>(
            manager,
            "GET",
            "/business-calendar",
          ),
        (c) => c.company.companyHolidays.some((h) => h.date === "2027-05-06"),
        "the new company holiday",
      );
      const dates = saved.company.companyHolidays.map((h) => h.date);
      for (const d of ["12-29", "12-30", "12-31", "01-01", "01-02", "01-03"])
        assert(dates.includes(d), `年末年始 lost ${d}`);
      // A bad date is refused with the reason, and nothing is saved.
      await company.getByTestId("holiday-add").click();
      await company.getByTestId("holiday-date").last().fill("5月6日");
      await company.getByTestId("holiday-name").last().fill("誤入力");
      await company.getByTestId("company-calendar-save").click();
      await company.getByTestId("calendar-error").getByText("MM-DD").first().waitFor();
      await company.getByTestId("holiday-remove").last().click();
      // Customer success works Saturdays too.
      const cs = page.locator("[data-testid=team-calendar][data-team=customer_success]");
      await cs.getByTestId("team-own-hours").click();
      await cs.getByTestId("workday-6").click();
      await cs.getByTestId("team-calendar-save").click();
      await cs.getByText("独自の営業時間").waitFor();
      await eventually(
        () =>
          api<{ teams: { team: { key: string }; effective: { workdays: number[] } }[] }>(
            manager,
            "GET",
            "/business-calendar",
          ),
        (c) =>
          c.teams.find((t) => t.team.key === "customer_success")?.effective.workdays.includes(6) === true,
        "customer success working Saturdays",
      );
    },
    // The mistyped date is refused on purpose (400).
    { allowConsole: [/status of 400/] },
  );

  await journey("設定：SLA を変更し、差し戻し理由を追加・名称変更・無効化する", async (page) => {
    await signIn(page, DEMO_USERS.manager);
    await page.goto("/settings/sla");
    const edge = page.locator("[data-testid=sla-policy][data-edge=field_sales-customer_success]");
    await edge.getByTestId("sla-hours").fill("12");
    await page.getByTestId("sla-save").click();
    await eventually(
      () =>
        api<{ items: { fromTeam: { key: string }; toTeam: { key: string }; businessMinutes: number }[] }>(
          manager,
          "GET",
          "/sla-policies",
        ),
      (r) => r.items.find((p) => p.toTeam.key === "customer_success")?.businessMinutes === 720,
      "FS → CS SLA of 12 business hours",
    );
    await page.goto("/settings/rejection-reasons");
    await page.getByTestId("reason-create").click();
    await page.getByTestId("reason-label-ja").fill("時期尚早（E2E）");
    await page.getByTestId("reason-label-en").fill("Too early E2E");
    await page.getByTestId("reason-save").click();
    const row = page.locator("[data-testid=reason-row][data-key=too_early_e2e]");
    await row.waitFor();
    await row.getByTestId("reason-edit").click();
    await page.getByTestId("reason-label-ja").fill("検討時期が先（E2E）");
    await page.getByTestId("reason-save").click();
    await row.getByText("検討時期が先（E2E）").waitFor();
    // Mantine's switch hides its input: toggle it from the keyboard, as a user can.
    await row.getByTestId("reason-active").focus();
    await page.keyboard.press("Space");
    const reasons = await eventually(
      () => api<{ items: { key: string }[] }>(insideSales, "GET", "/rejection-reasons"),
      (r) => !r.items.some((x) => x.key === "too_early_e2e"),
      "the deactivated reason gone from the reject dialog's list",
    );
    assert(reasons.items.length >= 8, "the default reasons should stay");
  });

  await journey("設定：Webhook チャネルを追加し、テスト送信して配信ログを見る", async (page) => {
    await signIn(page, DEMO_USERS.manager);
    await page.goto("/settings/channels");
    await page.getByTestId("channel-create").click();
    await page.getByTestId("channel-kind").getByText("Webhook").click();
    await page.getByTestId("channel-name").fill("基幹連携（E2E）");
    await page.getByTestId("channel-url").fill(`${receiver.url}/hook`);
    await page.getByRole("checkbox", { name: "引き渡しの受信" }).check();
    await page.getByTestId("channel-save").click();
    const secret = (await page.getByTestId("signing-secret").textContent())?.trim() ?? "";
    assert(secret.startsWith("whsec_"), `no signing secret shown: ${secret}`);
    await page.getByRole("button", { name: "閉じる" }).click();
    const row = page.locator("[data-testid=channel-row][data-name='基幹連携（E2E）']");
    await row.getByTestId("channel-test").click();
    await page.getByText("「基幹連携（E2E）」にテスト送信しました").waitFor();
    const test = receiver.requests.find((r) => r.body.includes('"test":true'));
    assert(test?.headers["webhook-signature"], "the test send was not signed");
    // A handoff made now is delivered by the job runner and shows in the log.
    const lead = (await api<{ items: Person[] }>(marketing, "GET", "/people?stage=lead&limit=50")).items;
    let made = false;
    for (const person of lead) {
      if (!marketingHolds(person)) continue;
      const open = await api<{ items: Handoff[] }>(
        marketing,
        "GET",
        `/handoffs?personId=${person.id}&state=pending,expired_escalated`,
      );
      if (open.items.length) continue;
      await api(marketing, "POST", "/handoffs", {
        personId: person.id,
        toTeamId: teamIdOf("inside_sales"),
        whyNow: "配信ログ確認用（E2E）",
      });
      made = true;
      break;
    }
    assert(made, "no lead to hand on");
    const deadline = Date.now() + 60_000;
    while (!receiver.requests.some((r) => r.body.includes("配信ログ確認用（E2E）")) && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 500));
    await row.getByTestId("channel-log").click();
    const delivered = page.getByTestId("delivery-row").filter({ hasText: "配信済み" }).first();
    for (let i = 0; i < 20 && !(await delivered.isVisible()); i++) {
      await page.keyboard.press("Escape");
      await page.waitForTimeout(1000);
      await row.getByTestId("channel-log").click();
    }
    await delivered.waitFor();
  });

  await journey("SLA遵守状況：チームと担当者の数字から、その数に含まれる引き渡しを開く", async (page) => {
    await signIn(page, DEMO_USERS.manager);
    await page.goto("/handoffs");
    await page.getByTestId("open-compliance").click();
    await page.waitForURL("**/handoffs/compliance");
    const is = page.locator(
      "[data-testid=compliance-teams] [data-testid=compliance-row][data-team=inside_sales]",
    );
    await is.waitFor();
    const compliance = await api<{
      teams: {
        team: { key: string };
        counts: { total: number; decided: number };
        filter: Record<string, string>;
      }[];
    }>(manager, "GET", "/sla-compliance");
    const isRow = compliance.teams.find((t) => t.team.key === "inside_sales")!;
    assert(isRow.counts.total > 0, "inside sales received nothing this month");
    const shown = (await is.getByTestId("count-total").textContent())?.replace(/,/g, "");
    assert(Number(shown) === isRow.counts.total, `table shows ${shown}, API ${isRow.counts.total}`);
    // The decided count opens exactly those handoffs.
    const count = isRow.counts.decided > 0 ? "decided" : "total";
    await is.getByTestId(`count-${count}`).click();
    await page.waitForURL("**/handoffs?view=records*");
    await page.getByTestId("records-summary").waitFor();
    await page.getByTestId("handoff-list").waitFor();
    const expected = Math.min(isRow.counts[count], 25);
    await page.waitForFunction(
      (n) => document.querySelectorAll("[data-testid=handoff-card]").length === n,
      expected,
    );
    const cards = page.getByTestId("handoff-card");
    if (count === "decided")
      for (const state of await cards.evaluateAll((els) => els.map((e) => e.getAttribute("data-state"))))
        assert(
          state === "accepted" || state === "rejected",
          `an undecided handoff (${state}) in the decided list`,
        );
    await page.getByRole("link", { name: "SLA遵守状況に戻る" }).click();
    await page.getByTestId("compliance-people").waitFor();
  });
  await receiver.close();

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
      const slaHref = new URL((await slaRate.getAttribute("href")) ?? "", server.base);
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

  await runScoringJourneys({ journey, signIn, shoot, navLink, eventually, marketing, insideSales });

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

export type { ApiSession };
