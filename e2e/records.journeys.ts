import {
  corporateNumberCheckDigit,
  foldSearchText,
  type LifecycleStage,
  STAGE_TRANSITIONS,
  searchRomaji,
} from "@tasuki/domain";
import { parse } from "csv-parse/sync";
import type { Page } from "playwright-core";
import { type ApiSession, api } from "./api.ts";
import { DEMO_PASSWORD, DEMO_USERS } from "./server.ts";
import {
  assert,
  assertInViewport,
  assertNoSidewaysScroll,
  type JourneyKit,
  marketingHolds,
  type Person,
  SCREENSHOTS,
} from "./support.ts";

// People, companies and opportunities: the records field sales works on every day.

export interface Opportunity {
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
/** Types into the board's search and waits until only matching cards are left. */
async function searchBoard(page: Page, name: string): Promise<void> {
  await page.getByRole("textbox", { name: "商談を検索" }).fill(name);
  await page.waitForFunction((text) => {
    const cards = [...document.querySelectorAll("[data-testid=opportunity-card]")];
    return cards.length > 0 && cards.every((card) => card.textContent?.includes(text));
  }, name);
  await page.waitForLoadState("networkidle");
}

/**
 * A person field sales owns: found by email, a Markdown note (its HTML never runs), the temperature
 * and a stage move among the allowed ones. Returns that person for the later journeys.
 */
export async function runPersonJourneys(kit: JourneyKit): Promise<Person> {
  const { journey, signIn, navLink, eventually, fieldSales } = kit;
  const fsId = fieldSales.userId;
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
  return notePerson;
}

/** The pipeline board: a move by menu and by drag, and a loss with its reason. Returns the lost one. */
export async function runOpportunityJourneys(kit: JourneyKit): Promise<Opportunity> {
  const { journey, signIn, navLink, eventually, fieldSales } = kit;
  const fsId = fieldSales.userId;
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
  return toLose;
}

/** A new person and a new opportunity from their forms, then an API token issued and revoked. */
export async function runCreateRecordsJourney(kit: JourneyKit): Promise<void> {
  const { journey, signIn, navLink, base, fieldSales } = kit;
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
    const viaToken = await fetch(`${base}/api/v1/me`, {
      headers: { authorization: `Bearer ${secret}` },
    });
    assert(viaToken.status === 200, `the new token does not work (${viaToken.status})`);
    await page.getByRole("button", { name: "閉じる" }).click();
    await page.getByTestId("tokens-table").getByText("E2E 連携").waitFor();
    await page.getByRole("button", { name: "無効化" }).first().click();
    await page.getByRole("dialog").getByRole("button", { name: "無効化" }).click();
    await page.getByTestId("tokens-table").getByText("無効化済み").waitFor();
    const revoked = await fetch(`${base}/api/v1/me`, {
      headers: { authorization: `Bearer ${secret}` },
    });
    assert(revoked.status === 401, `a revoked token still works (${revoked.status})`);
  });
}

/** Signing in and opening a person from the search with the keyboard only, the focus visible. */
export async function runKeyboardSearchJourney(kit: JourneyKit, notePerson: Person): Promise<void> {
  const { journey } = kit;
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
}

/**
 * People on a phone (390×844): marketing filters the people list to MQL, opens a person marketing
 * does not hold (「引き渡す」 is disabled and says why) and one it holds; nothing is cut off.
 */
export async function runPhonePeopleJourney(kit: JourneyKit, marketing: ApiSession): Promise<void> {
  const { journey, signIn, shoot } = kit;
  const sample = await api<{ items: Person[] }>(
    marketing,
    "GET",
    "/people?limit=200&sort=updatedAt&order=desc",
  );
  const notHeld = sample.items.find((p) => !marketingHolds(p));
  const held = sample.items.find((p) => marketingHolds(p));
  assert(notHeld && held, "need a person marketing holds and one it does not");

  await journey(
    "スマホ：人物一覧を絞り込み、担当外の人物では「引き渡す」が理由つきで使えない",
    async (page) => {
      await signIn(page, DEMO_USERS.marketing);
      await page.goto("/people");
      await page.getByTestId("people-table").waitFor();
      await assertNoSidewaysScroll(page, "the people list");
      await assertInViewport(page, page.getByTestId("user-menu"), "the user menu");
      // The filters fold away on a phone; opened, each fits the screen's width.
      await page.getByTestId("people-filters-toggle").click();
      const filters = page.getByTestId("people-filters");
      await filters.getByLabel("ステージ", { exact: true }).click();
      await page.getByRole("option", { name: "MQL", exact: true }).click();
      await page.keyboard.press("Escape");
      await page.waitForURL(/stage=mql/);
      for (const name of ["ステージ", "温度感", "業種", "チーム", "担当者"]) {
        const box = await filters.getByLabel(name, { exact: true }).boundingBox();
        assert(box && box.x >= 0 && box.x + box.width <= 390, `the ${name} filter does not fit the width`);
      }
      await assertNoSidewaysScroll(page, "the people list with its filters open");
      await page.getByTestId("people-table").locator("tbody tr").first().waitFor();
      await page.screenshot({ path: `${SCREENSHOTS}phone-04-people-filters.png` });

      await page.goto(`/people/${notHeld.id}`);
      await page.getByTestId("person-name").waitFor();
      const handOff = page.getByTestId("handoff-create");
      await handOff.waitFor();
      assert(await handOff.isDisabled(), "「引き渡す」 is offered for a person marketing does not hold");
      await page.getByTestId("handoff-not-holder").getByText("引き渡せません", { exact: false }).waitFor();
      await assertNoSidewaysScroll(page, "the person page");
      await assertInViewport(page, page.getByTestId("change-stage"), "the stage button");
      await page.getByTestId("handoff-not-holder").scrollIntoViewIfNeeded();
      await page.screenshot({ path: `${SCREENSHOTS}phone-05-person-not-held.png` });
      await shoot(page, "phone-05-person-not-held-full");

      await page.goto(`/people/${held.id}`);
      await page.getByTestId("person-name").waitFor();
      await page.getByTestId("handoff-create").waitFor();
      assert(
        (await page.getByTestId("handoff-not-holder").count()) === 0,
        "the not-holder reason shows for a person marketing holds",
      );
      await assertNoSidewaysScroll(page, "the person page");
    },
    { phone: true },
  );
}

/** A valid 法人番号 nobody has yet: twelve random digits behind their check digit. */
function freshCorporateNumber(): string {
  const base = Array.from({ length: 12 }, () => Math.floor(Math.random() * 10)).join("");
  return `${corporateNumberCheckDigit(base)}${base}`;
}

/**
 * Correcting records: a person's profile on a phone (a field error at the field, and a change
 * someone else saved first is not overwritten), a company added and edited (法人番号 checked as
 * typed) and one created from the new-person form, and a deal edited (a minus sign refused) and
 * reopened after it was won.
 */
export async function runRecordEditJourneys(kit: JourneyKit, notePerson: Person): Promise<void> {
  const { journey, signIn, eventually, fieldSales } = kit;
  const fsId = fieldSales.userId;
  type Profile = Person & { title: string | null; email: string | null; department: string | null };

  await journey(
    "人物の基本情報を編集（スマホ幅、項目ごとのエラー、他の人の変更を上書きしない）",
    async (page) => {
      const owned = await api<{ items: Profile[] }>(fieldSales, "GET", `/people?ownerId=${fsId}&limit=50`);
      const person = owned.items.find((p) => p.id !== notePerson.id);
      assert(person, "field sales owns no second person to edit");
      await page.setViewportSize({ width: 390, height: 844 });
      await signIn(page, DEMO_USERS.field_sales);
      await page.goto(`/people/${person.id}`);
      await page.getByTestId("person-name").waitFor();
      await page.getByTestId("edit-person").click();
      const dialog = page.getByRole("dialog");
      const box = await dialog.boundingBox();
      assert(box && box.width <= 390, `the edit dialog is wider than the phone (${box?.width} px)`);
      await dialog.getByTestId("person-email").fill("not-an-email");
      await dialog.getByTestId("person-title").fill("営業企画部長（E2E）");
      await dialog.getByTestId("person-save").click();
      await dialog.locator('[data-testid=person-email][aria-invalid="true"]').waitFor();
      await dialog.getByTestId("person-email").fill("edited.person@e2e.example.jp");

      // Someone else saves first: the save is refused in words and their change can be loaded.
      const current = await api<Profile>(fieldSales, "GET", `/people/${person.id}`);
      await api(fieldSales, "PATCH", `/people/${person.id}`, {
        department: "他の人が変えた部署（E2E）",
        version: current.version,
      });
      await dialog.getByTestId("person-save").click();
      await dialog.getByText("他の人が先に変更しました").waitFor();
      await dialog.getByTestId("conflict-reload").click();
      await eventually(
        () => dialog.getByTestId("person-department").inputValue(),
        (value) => value === "他の人が変えた部署（E2E）",
        "the other person's department in the reloaded form",
      );
      await dialog.getByTestId("person-email").fill("edited.person@e2e.example.jp");
      await dialog.getByTestId("person-title").fill("営業企画部長（E2E）");
      await dialog.getByTestId("person-save").click();
      await dialog.waitFor({ state: "detached" });
      const saved = await eventually(
        () => api<Profile>(fieldSales, "GET", `/people/${person.id}`),
        (p) => p.title === "営業企画部長（E2E）",
        "the edited title",
      );
      assert(
        saved.email === "edited.person@e2e.example.jp" && saved.department === "他の人が変えた部署（E2E）",
        `profile not saved as edited: ${JSON.stringify(saved)}`,
      );
      await page.getByText("営業企画部長（E2E）").first().waitFor();
      // On a phone the page does not scroll sideways.
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert(overflow <= 0, `the person page is ${overflow} px wider than the phone`);
    },
    { allowConsole: [/status of 400/, /status of 409/] },
  );

  await journey(
    "企業を追加・編集（法人番号のチェックデジット）し、人物の登録から企業を作る",
    async (page) => {
      const suffix = Date.now().toString(36);
      const name = `E2E テスト商事 ${suffix}`;
      await page.setViewportSize({ width: 390, height: 844 });
      await signIn(page, DEMO_USERS.field_sales);
      await page.goto("/companies");
      await page.getByTestId("add-company").click();
      const dialog = page.getByRole("dialog");
      await dialog.getByTestId("company-name").fill(name);
      await dialog.getByTestId("company-corporate-number").fill("1234567890123");
      await dialog.getByText("法人番号が正しくありません").waitFor();
      const corporateNumber = freshCorporateNumber();
      await dialog.getByTestId("company-corporate-number").fill(corporateNumber);
      await dialog.getByTestId("company-domain").fill(`${suffix}.e2e.example.jp`);
      await dialog.getByTestId("company-prefecture").fill("大阪");
      await page.getByRole("option", { name: "大阪府", exact: true }).click();
      await dialog.getByTestId("company-address").fill("大阪市北区梅田1-1-1");
      await dialog.getByTestId("company-save").click();
      await page.waitForURL(/\/companies\/[0-9a-f-]{36}$/);
      const companyId = page.url().split("/").pop()!;
      type Company = { name: string; corporateNumber: string; prefecture: string; address: string | null };
      const created = await api<Company>(fieldSales, "GET", `/companies/${companyId}`);
      assert(
        created.name === name &&
          created.corporateNumber === corporateNumber &&
          created.prefecture === "大阪府",
        `company not stored as entered: ${JSON.stringify(created)}`,
      );
      await page.getByTestId("edit-company").click();
      await page.getByRole("dialog").getByTestId("company-address").fill("大阪市北区梅田2-2-2 梅田ビル5F");
      await page.getByRole("dialog").getByTestId("company-save").click();
      await page.getByText("大阪市北区梅田2-2-2 梅田ビル5F").waitFor();
      // On a phone the page does not scroll sideways.
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert(overflow <= 0, `the company page is ${overflow} px wider than the phone`);
      await eventually(
        () => api<Company>(fieldSales, "GET", `/companies/${companyId}`),
        (c) => c.address === "大阪市北区梅田2-2-2 梅田ビル5F",
        "the edited address",
      );

      // The new-person form offers to create a company nobody has yet, and picks it.
      const newCompany = `E2E 新規企業 ${suffix}`;
      await page.goto("/people");
      await page.getByTestId("person-create").click();
      const form = page.getByRole("dialog");
      await form.getByRole("textbox", { name: /^姓/ }).fill("新井");
      await form.getByRole("combobox", { name: "企業" }).fill(newCompany);
      await page.getByRole("option", { name: `「${newCompany}」を企業として追加` }).click();
      const nested = page.getByRole("dialog", { name: "企業を追加" });
      assert(
        (await nested.getByTestId("company-name").inputValue()) === newCompany,
        "the typed name is not carried over",
      );
      await nested.getByTestId("company-save").click();
      await nested.waitFor({ state: "detached" });
      await page.getByRole("dialog").getByRole("button", { name: "登録する" }).click();
      await page.waitForURL(/\/people\/[0-9a-f-]{36}$/);
      const person = await api<Person & { company: { name: string } | null }>(
        fieldSales,
        "GET",
        `/people/${page.url().split("/").pop()}`,
      );
      assert(person.company?.name === newCompany, `the new person's company is ${person.company?.name}`);
    },
  );

  await journey("商談を編集（マイナス金額は拒否）し、受注後に理由を添えて再開する", async (page) => {
    const company = (
      await api<{ items: { id: string }[] }>(fieldSales, "GET", "/companies?limit=1&sort=kana&order=asc")
    ).items[0]!;
    const deal = await api<Opportunity & { version: number }>(fieldSales, "POST", "/opportunities", {
      name: "E2E 再開する商談",
      companyId: company.id,
      amount: 1_000_000,
    });
    await page.setViewportSize({ width: 390, height: 844 });
    await signIn(page, DEMO_USERS.field_sales);
    await page.goto(`/opportunities/${deal.id}`);
    await page.getByTestId("edit-opportunity").click();
    const dialog = page.getByRole("dialog");
    await dialog.getByTestId("opportunity-amount").fill("-5000");
    await dialog.getByTestId("opportunity-save").click();
    await dialog.getByText("金額にマイナスは使えません").waitFor();
    await dialog.getByTestId("opportunity-amount").fill("2400000");
    await dialog.getByTestId("opportunity-name").fill("E2E 再開する商談（300ID）");
    await dialog.getByTestId("opportunity-save").click();
    await dialog.waitFor({ state: "detached" });
    const edited = await eventually(
      () =>
        api<Opportunity & { amount: number; version: number }>(
          fieldSales,
          "GET",
          `/opportunities/${deal.id}`,
        ),
      (o) => o.amount === 2_400_000,
      "the edited amount",
    );
    assert(edited.name === "E2E 再開する商談（300ID）", `name is ${edited.name}`);

    await api(fieldSales, "POST", `/opportunities/${deal.id}/close`, {
      outcome: "won",
      version: edited.version,
    });
    await page.reload();
    await page.getByTestId("reopen-opportunity").click();
    await page.getByTestId("reopen-submit").click();
    await page.getByText("再開する理由を入力してください").waitFor();
    await page.getByTestId("reopen-reason").fill("先方の稟議が差し戻しになった（E2E）");
    await page.getByTestId("reopen-submit").click();
    await page.getByRole("dialog").waitFor({ state: "detached" });
    const reopened = await eventually(
      () => api<Opportunity & { closedOn: string | null }>(fieldSales, "GET", `/opportunities/${deal.id}`),
      (o) => o.outcome === null,
      "the reopened deal",
    );
    assert(reopened.closedOn === null, "a reopened deal keeps its close date");
    await page.getByTestId("edit-opportunity").waitFor();
    // On a phone the page does not scroll sideways.
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert(overflow <= 0, `the deal page is ${overflow} px wider than the phone`);
  });
}

/** Reads the CSV with an independent, well-kept parser (csv-parse), not the exporter's own code. */
function parseCsv(text: string): string[][] {
  return parse(text, { record_delimiter: "\r\n" }) as string[][];
}

/**
 * Field sales filters the people list to their own hot leads and exports it in Shift_JIS for
 * Excel: the downloaded bytes decode as Shift_JIS, the headers are Japanese, and every row is
 * one of the filtered people.
 */
export async function runExportJourney(kit: JourneyKit): Promise<void> {
  const { journey, signIn, navLink, fieldSales } = kit;
  const fsId = fieldSales.userId;
  const expected: Person[] = [];
  let cursor: string | null = null;
  do {
    const page: { items: Person[]; nextCursor: string | null } = await api(
      fieldSales,
      "GET",
      `/people?ownerId=${fsId}&temperature=hot&limit=200${cursor ? `&cursor=${cursor}` : ""}`,
    );
    expected.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  const sample = expected[0];
  assert(sample, "field sales owns no hot person to export");

  await journey("絞り込んだ人物一覧を Shift_JIS の CSV で出力（Excel 向け）", async (page) => {
    await signIn(page, DEMO_USERS.field_sales);
    await navLink(page, "人物").click();
    await page.getByTestId("people-table").waitFor();
    // The filter as the list keeps it in the URL: my people, 温度感 = ホット.
    await page.goto(`/people?ownerId=${fsId}&temperature=hot`);
    await page.getByTestId("people-table").waitFor();
    await page.getByTestId("people-export").click();
    const download = page.waitForEvent("download");
    await page.getByTestId("people-export-shift_jis").click();
    const file = await download;
    assert(/^人物-\d{8}\.csv$/.test(file.suggestedFilename()), `file name: ${file.suggestedFilename()}`);
    const stream = await file.createReadStream();
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    const bytes = Buffer.concat(chunks);
    assert(bytes[0] !== 0xef, "a Shift_JIS file must not start with a UTF-8 BOM");
    const rows = parseCsv(new TextDecoder("shift_jis", { fatal: true }).decode(bytes));
    assert(rows[0]?.[1] === "姓" && rows[0]?.[12] === "温度感", `headers: ${rows[0]?.join(",")}`);
    const body = rows.slice(1);
    assert(body.length === expected.length, `rows: ${body.length}, expected ${expected.length}`);
    assert(
      body.every((row) => row[12] === "hot"),
      "a row outside the filter (温度感 not hot) was exported",
    );
    const row = body.find((r) => r[0] === sample.id);
    assert(row, "the filtered person is missing from the file");
    assert(`${row[1]} ${row[2]}`.trim() === sample.name, `name in the file: ${row[1]} ${row[2]}`);
  });
}

/**
 * Field sales ticks two of their warm people and makes them hot in one bulk action: the notice
 * counts two updated, and the API reads both as hot (one write, audited per person).
 */
export async function runBulkJourney(kit: JourneyKit): Promise<void> {
  const { journey, signIn, fieldSales, eventually } = kit;
  const fsId = fieldSales.userId;
  await journey("人物一覧で 2 人を選び、温度感を一括で変更", async (page) => {
    await signIn(page, DEMO_USERS.field_sales);
    await page.goto(`/people?ownerId=${fsId}&temperature=warm`);
    await page.getByTestId("people-table").waitFor();
    const boxes = page.getByTestId("people-select");
    assert((await boxes.count()) >= 2, "field sales owns fewer than two warm people");
    const ids: string[] = [];
    for (const i of [0, 1]) {
      await boxes.nth(i).click();
      const href = await page
        .locator("[data-testid=people-table] tbody tr")
        .nth(i)
        .locator("a[href^='/people/']")
        .getAttribute("href");
      ids.push(href!.replace("/people/", ""));
    }
    await page.getByTestId("people-bulk-bar").waitFor();
    assert(
      (await page.getByTestId("people-bulk-count").textContent())?.includes("2") === true,
      "the bar does not count two selected",
    );
    await page.getByTestId("people-bulk-temperature-select").click();
    await page.getByRole("option", { name: "ホット", exact: true }).click();
    await page.getByTestId("people-bulk-temperature").click();
    await page.getByText("2 人を更新しました").waitFor();
    await eventually(
      () => Promise.all(ids.map((id) => api<Person>(fieldSales, "GET", `/people/${id}`))),
      (people) => people.every((p) => p.temperature === "hot"),
      "both people hot",
    );
  });
}

/** Search reads kana, width and romaji as one: a person found by hiragana, half-width kana and romaji. */
export async function runKanaSearchJourney(kit: JourneyKit, person: Person): Promise<void> {
  const { journey, signIn, fieldSales } = kit;
  await journey("ひらがな・半角カナ・ローマ字で同じ人物が見つかる（さとう = ｻﾄｳ = sato）", async (page) => {
    const full = await api<{ familyNameKana: string | null }>(fieldSales, "GET", `/people/${person.id}`);
    const katakana = full.familyNameKana;
    assert(katakana, "the person has no フリガナ to search by");
    const hiragana = katakana.replace(/[\u30a1-\u30f6]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0x60));
    const halfWidth = ((k: string) => {
      // Full-width to half-width katakana is the reverse of NFKC, which has no API: map the sounds.
      const map: Record<string, string> = {};
      const full =
        "アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワヲンァィゥェォャュョッー";
      const half = "ｱｲｳｴｵｶｷｸｹｺｻｼｽｾｿﾀﾁﾂﾃﾄﾅﾆﾇﾈﾉﾊﾋﾌﾍﾎﾏﾐﾑﾒﾓﾔﾕﾖﾗﾘﾙﾚﾛﾜｦﾝｧｨｩｪｫｬｭｮｯｰ";
      for (let i = 0; i < full.length; i++) map[full[i]!] = half[i]!;
      const voiced = "ガギグゲゴザジズゼゾダヂヅデドバビブベボ";
      const plain = "カキクケコサシスセソタチツテトハヒフヘホ";
      for (let i = 0; i < voiced.length; i++) map[voiced[i]!] = `${map[plain[i]!]}ﾞ`;
      const semi = "パピプペポ";
      for (let i = 0; i < semi.length; i++) map[semi[i]!] = `${map["ハヒフヘホ"[i]!]}ﾟ`;
      return [...k].map((c) => map[c] ?? c).join("");
    })(katakana);
    const romaji = searchRomaji(foldSearchText(katakana));
    await signIn(page, DEMO_USERS.field_sales);
    for (const q of [hiragana, halfWidth, romaji]) {
      await page.goto(`/people?q=${encodeURIComponent(q)}`);
      await page.locator('[data-testid=people-table][aria-busy="false"]').waitFor();
      const link = page.locator(`[data-testid=people-table] a[href="/people/${person.id}"]`);
      await link
        .first()
        .waitFor({ timeout: 10_000 })
        .catch(() => {
          throw new Error(`searching ${q} did not find ${person.name} (${katakana})`);
        });
    }
  });
}
