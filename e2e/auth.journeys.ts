import { DEMO_PASSWORD, DEMO_USERS } from "./server.ts";
import { assert, EXPECTED_401, type JourneyKit } from "./support.ts";

/** Signing in: a wrong password in plain words, the right one to home, a reload keeps the session. */
export async function runLoginJourney(kit: JourneyKit): Promise<void> {
  const { journey } = kit;
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
      await page.getByTestId("home-field_sales").waitFor();
      // A reload keeps the session and recovers the CSRF token: a write must still work.
      await page.reload();
      await page.getByTestId("home-field_sales").waitFor();
      await page.getByTestId("user-menu").click();
      await page.getByTestId("logout").click();
      await page.waitForURL("**/login");
    },
    { allowConsole: [EXPECTED_401] },
  );
}

/** An expired session takes the user back to the sign-in page, saying why. */
export async function runSessionExpiryJourney(kit: JourneyKit): Promise<void> {
  const { journey, signIn, navLink } = kit;
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
}
