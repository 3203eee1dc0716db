import type { Page } from "playwright-core";
import { DEMO_USERS } from "./server.ts";
import { assert, type JourneyKit } from "./support.ts";

/** A tile's shown number, once it has loaded (the skeleton gone). */
async function tileValue(page: Page, testId: string): Promise<string> {
  const value = page.getByTestId(`${testId}-value`);
  await value.waitFor();
  return (await value.textContent())?.trim() ?? "";
}

async function tileHref(page: Page, testId: string): Promise<string> {
  return (await page.getByTestId(testId).getAttribute("href")) ?? "";
}

/** Every tile on the page has a label and a number, and no tile is a bare 「未設定」 badge. */
async function tilesLabelled(page: Page, testIds: string[]): Promise<void> {
  for (const id of testIds) {
    const value = await tileValue(page, id);
    assert(value !== "", `${id} shows a number`);
    const label = await page.getByTestId(id).getAttribute("aria-label");
    assert(label?.includes(value) === true, `${id} says what it counts: ${label}`);
    assert((await tileHref(page, id)) !== "", `${id} links to its list`);
  }
}

/**
 * Issue 20: an admin invites a user who sets their own password; and each role's home shows the
 * tiles of that role, each labelled and linked to the list with the same filter.
 */
export async function runHomeJourneys(kit: JourneyKit): Promise<void> {
  const { journey, signIn } = kit;

  await journey(
    "ユーザーを招待し、本人がリンクからパスワードを設定してログインする",
    async (page, context) => {
      await signIn(page, DEMO_USERS.admin);
      await page.goto("/settings/users");
      await page.getByTestId("users-table").waitFor();
      await page.getByRole("button", { name: "ユーザーを追加" }).click();
      const dialog = page.getByRole("dialog");
      assert((await dialog.getByLabel(/パスワード/).count()) === 0, "the add-user form asks for a password");
      await dialog.getByLabel("メールアドレス").fill("invited-e2e@example.com");
      await dialog.getByLabel("姓").fill("招待");
      await dialog.getByLabel("名").fill("花子");
      await dialog.getByRole("button", { name: "ユーザーを追加" }).click();
      const link = page.getByTestId("invitation-link");
      await link.waitFor();
      const url = await link.inputValue();
      await kit.shoot(page, "invitation-link");
      assert(/\/invitation#inv_/.test(url), `an invitation link: ${url}`);
      await page.getByRole("button", { name: "閉じる" }).click();
      await page.getByTestId("pending-invitations").getByText("invited-e2e@example.com").waitFor();

      // The invited person, in a browser that has never signed in.
      const browser = context.browser();
      assert(browser !== null, "a browser to open a fresh context in");
      const fresh = await browser!.newContext({ locale: "ja-JP", timezoneId: "Asia/Tokyo" });
      try {
        const invited = await fresh.newPage();
        await invited.goto(url);
        await invited.getByTestId("invitation-for").getByText("招待 花子").waitFor();
        await invited.setViewportSize({ width: 390, height: 844 });
        await kit.shoot(invited, "invitation-page-phone");
        await invited.getByLabel(/^新しいパスワード(?!（確認）)/).fill("my-own-password-1");
        await invited.getByLabel(/^新しいパスワード（確認）/).fill("my-own-password-1");
        await invited.getByRole("button", { name: "パスワードを設定してログイン" }).click();
        await invited.getByTestId("home-marketing").waitFor();
        await invited.getByRole("navigation", { name: "メインメニュー" }).waitFor();

        // The link works once: opened again it says so, in plain words.
        const again = await fresh.newPage();
        await again.goto(url);
        const error = again.getByTestId("invitation-error");
        await error.waitFor();
        assert(
          ((await error.textContent()) ?? "").includes("すでに使われた"),
          "a used link says it was used",
        );
        await kit.shoot(again, "invitation-used");
      } finally {
        await fresh.close();
      }
      await page.reload();
      await page.getByTestId("users-table").getByText("invited-e2e@example.com").waitFor();
      assert(
        (await page.getByTestId("pending-invitations").getByText("invited-e2e@example.com").count()) === 0,
        "an accepted invitation is no longer pending",
      );
    },
    { allowConsole: [/status of 410/] },
  );

  await journey(
    "ロールごとのホーム（各ロールのタイルと、同じ条件の一覧へのリンク）",
    async (page, context) => {
      const visit = async (email: string, role: string) => {
        await context.clearCookies();
        await signIn(page, email);
        await page.goto("/");
        await page.getByTestId(`home-${role}`).waitFor();
        await kit.shoot(page, `home-${role}`);
      };

      await visit(DEMO_USERS.field_sales, "field_sales");
      await tilesLabelled(page, [
        "tile-my-open-deals",
        "tile-my-pipeline",
        "tile-closing-soon",
        "tile-overdue-deals",
      ]);
      const soon = await tileHref(page, "tile-closing-soon");
      const overdue = await tileHref(page, "tile-overdue-deals");
      assert(soon.includes("expectedCloseFrom=") && soon.includes("expectedCloseTo="), `7 days: ${soon}`);
      assert(
        !overdue.includes("expectedCloseFrom=") && overdue.includes("expectedCloseTo="),
        `overdue: ${overdue}`,
      );
      await page.getByTestId("home-overdue").waitFor();
      const overdueCount = await tileValue(page, "tile-overdue-deals");
      await page.getByTestId("tile-overdue-deals").click();
      await page.getByTestId("close-window-filter").waitFor();
      if (!overdueCount.endsWith("+")) {
        const rows = page.locator("tbody tr");
        await page.waitForFunction(() => !document.querySelector("[data-loading]"));
        const n = Number(overdueCount);
        if (n > 0) await rows.first().waitFor();
        assert((await rows.count()) === Math.min(n, 50), `the overdue list has the tile's ${n} deals`);
      }

      await visit(DEMO_USERS.inside_sales, "inside_sales");
      await tilesLabelled(page, ["tile-inbox", "tile-at-risk", "tile-inbox-overdue", "tile-today-calls"]);
      await page.getByTestId("home-inbox").waitFor();
      const first = await page.getByTestId("home-inbox").boundingBox();
      const calls = await page.getByTestId("home-calls").boundingBox();
      assert(first !== null && calls !== null && first.x <= calls.x, "the inbox comes first");

      for (const [email, role] of [
        [DEMO_USERS.manager, "manager"],
        [DEMO_USERS.admin, "admin"],
      ] as const) {
        await visit(email, role);
        await tilesLabelled(page, [
          "tile-goal",
          "tile-team-at-risk",
          "tile-team-breached",
          "tile-stalled",
          "tile-returned",
        ]);
        await page.getByTestId("by-team-table").waitFor();
        assert(
          (await page.getByTestId("by-team-table").locator("tbody tr").count()) >= 3,
          "a row for each receiving team",
        );
        assert(
          (await tileHref(page, "tile-stalled")).includes("slaStatus=breached"),
          "stalled = past the SLA",
        );
        assert(
          (await page.getByTestId("home-overdue").count()) === 0,
          "a manager's home is not their own deals",
        );
      }

      await visit(DEMO_USERS.customer_success, "customer_success");
      await tilesLabelled(page, ["tile-onboard", "tile-renewals", "tile-won-deals", "tile-my-customers"]);
      // Renewals are real: won deals whose 契約更新日 is today to 90 days ahead, the tile linking
      // to that exact filter, the list soonest first.
      const renewalsHref = await tileHref(page, "tile-renewals");
      assert(
        /status=won/.test(renewalsHref) && /renewalFrom=\d{4}-\d{2}-\d{2}/.test(renewalsHref),
        `renewals = won deals by renewal date: ${renewalsHref}`,
      );
      const renewalCount = Number.parseInt(await tileValue(page, "tile-renewals"), 10);
      assert(renewalCount > 0, "the demo has contracts renewing within 90 days");
      const renewalDates = await page
        .getByTestId("home-renewals")
        .getByText(/^\d{4}\/\d{2}\/\d{2}$/)
        .allTextContents();
      assert(renewalDates.length > 0, "the renewal list shows the renewal dates");
      assert(
        renewalDates.every((date, i) => i === 0 || renewalDates[i - 1]! <= date),
        `renewals soonest first: ${renewalDates.join(", ")}`,
      );
      assert(
        (await page.getByTestId("home-renewals").getByText("受注日の古い順").count()) === 0,
        "no 'renewals are not modelled' stand-in",
      );
      await page.getByTestId("tile-renewals").click();
      await page.getByTestId("renewal-window-filter").waitFor();
      if (renewalCount < 50)
        await page
          .locator("table tbody tr")
          .nth(renewalCount - 1)
          .waitFor();
      if (renewalCount < 50)
        assert(
          (await page.locator("table tbody tr").count()) === renewalCount,
          "the list shows exactly what the tile counted",
        );

      await visit(DEMO_USERS.marketing, "marketing");
      await tilesLabelled(page, ["tile-mql-week", "tile-returned-leads", "tile-running-campaigns"]);
      assert((await tileHref(page, "tile-returned-leads")).includes("state=rejected"), "returned = rejected");
      await page.getByTestId("home-returned").waitFor();
      await page.getByTestId("home-campaigns").waitFor();
      assert(
        (await page.getByText("未設定", { exact: true }).count()) === 0,
        "a bare 「未設定」 badge on the home",
      );
    },
  );

  await journey("ホームはスマホ幅（390×844）でも横にはみ出さない", async (page, context) => {
    await page.setViewportSize({ width: 390, height: 844 });
    for (const [email, role] of [
      [DEMO_USERS.field_sales, "field_sales"],
      [DEMO_USERS.manager, "manager"],
      [DEMO_USERS.marketing, "marketing"],
    ] as const) {
      await context.clearCookies();
      await signIn(page, email);
      await page.goto("/");
      await page.getByTestId(`home-${role}`).waitFor();
      await page
        .getByTestId(
          role === "manager"
            ? "tile-stalled-value"
            : `home-${role === "field_sales" ? "overdue" : "returned"}`,
        )
        .waitFor();
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      assert(width <= 390, `${role}'s home is ${width} px wide at 390`);
      if (role === "marketing") {
        // 新しいリード and returned-lead rows wrap: their badges show in full, not 「温度感：…」 or 「対…」.
        const labels = page.locator(
          '[data-testid="people-row"] .mantine-Badge-label, [data-testid="handoff-row"] .mantine-Badge-label',
        );
        await labels.first().waitFor();
        const cut = await labels.evaluateAll((els) =>
          els.filter((el) => el.scrollWidth > el.clientWidth).map((el) => el.textContent),
        );
        assert(cut.length === 0, `badges cut at 390 px: ${cut.join(", ")}`);
      }
      await kit.shoot(page, `home-${role}-phone`);
    }
  });
}
