import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { type ApiSession, api } from "./api.ts";
import { DEMO_USERS } from "./server.ts";
import { assert, type Handoff, type JourneyKit, marketingHolds, type Person } from "./support.ts";

// Notification channels: a webhook added, tested, and its delivery log read.
/** A local webhook receiver for the channel journey (no outside network). */
export async function startWebhookReceiver() {
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

type WebhookReceiver = Awaited<ReturnType<typeof startWebhookReceiver>>;

/**
 * The manager adds a webhook channel, test-sends to the local receiver, and sees a handoff made
 * now delivered in the channel's log.
 */
export async function runChannelJourney(
  kit: JourneyKit,
  {
    marketing,
    teamIdOf,
    receiver,
  }: { marketing: ApiSession; teamIdOf: (key: string) => string; receiver: WebhookReceiver },
): Promise<void> {
  const { journey, signIn } = kit;
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
    const sentBefore = receiver.requests.length;
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
    // The job runner delivers the handoff's event within a few of its 3 s ticks.
    while (receiver.requests.length <= sentBefore && Date.now() < deadline)
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
}
