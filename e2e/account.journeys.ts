import { api } from "./api.ts";
import { DEMO_USERS } from "./server.ts";
import { assert, type JourneyKit } from "./support.ts";

/**
 * The account: the language remembered per user, and user settings for the admin only (in the
 * screen and in the API).
 */
export async function runAccountJourneys(kit: JourneyKit): Promise<void> {
  const { journey, signIn, navLink, eventually, base, fieldSales } = kit;
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
    const response = await fetch(`${base}/api/v1/users`, {
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
}
