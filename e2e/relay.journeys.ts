import { type ApiSession, api, apiLogin } from "./api.ts";
import { DEMO_PASSWORD, DEMO_USERS } from "./server.ts";
import {
  assert,
  assertInViewport,
  assertNoSidewaysScroll,
  type Handoff,
  type JourneyKit,
  log,
  marketingHolds,
  type Person,
  SCREENSHOTS,
} from "./support.ts";

/** What the handoff journeys leave for later ones: the returned handoff and the teams by key. */
interface HandoffsMade {
  toReturn: Handoff;
  teamIdOf: (key: string) => string;
}

/**
 * The relay: inside sales accepts one handoff from its inbox and returns another with a reason;
 * marketing reads the reason and opens the handoff from the bell. Then inside sales hands the
 * accepted person on to field sales, for the screenshots.
 */
export async function runHandoffJourneys(
  kit: JourneyKit,
  { marketing, insideSales }: { marketing: ApiSession; insideSales: ApiSession },
): Promise<HandoffsMade> {
  const { journey, signIn, navLink, eventually } = kit;
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
  return { toReturn, teamIdOf };
}

/**
 * The inbox on a phone (390×844): inside sales opens a handoff from the inbox, accepts one and
 * returns one with a reason; the header, the cards and both dialogs fit the screen.
 */
export async function runPhoneInboxJourney(
  kit: JourneyKit,
  {
    marketing,
    insideSales,
    teamIdOf,
  }: { marketing: ApiSession; insideSales: ApiSession; teamIdOf: (key: string) => string },
): Promise<void> {
  const { journey, signIn, eventually, shoot } = kit;
  const reasons = await api<{ items: { id: string; labelJa: string; disqualifies: boolean }[] }>(
    insideSales,
    "GET",
    "/rejection-reasons",
  );
  const reason = reasons.items.find((r) => !r.disqualifies) ?? reasons.items[0];
  assert(reason, "no rejection reasons");
  const candidates = await api<{ items: Person[] }>(
    marketing,
    "GET",
    "/people?stage=lead,mql&limit=100&sort=updatedAt&order=asc",
  );
  const made: Handoff[] = [];
  for (const person of candidates.items) {
    if (made.length === 2) break;
    if (!marketingHolds(person)) continue;
    const open = await api<{ items: Handoff[] }>(
      marketing,
      "GET",
      `/handoffs?personId=${person.id}&state=pending,expired_escalated&limit=1`,
    );
    if (open.items.length > 0) continue;
    made.push(
      await api<Handoff>(marketing, "POST", "/handoffs", {
        personId: person.id,
        toTeamId: teamIdOf("inside_sales"),
        whyNow: `スマホで確認：展示会で名刺交換、導入時期は来期（E2E phone ${made.length + 1}）`,
        temperature: "warm",
        assigneeId: insideSales.userId,
      }),
    );
  }
  const [toAccept, toReturn] = made;
  assert(toAccept && toReturn, "could not find two people to hand over");
  // A channel with a long name and URL, so the channels table has a row to fit on the phone.
  const manager = await apiLogin(kit.base, DEMO_USERS.manager, DEMO_PASSWORD);
  await api(manager, "POST", "/notification-channels", {
    name: "インサイドセールス通知（スマホ確認 E2E）",
    kind: "webhook",
    url: `${kit.base}/e2e/phone-check/inside-sales/a-long-path-to-see-how-the-table-wraps`,
  }).catch((error: unknown) => log(`no channel for the phone check: ${String(error)}`));

  await journey(
    "スマホ：受信トレイで引き渡しを開き、1件を受け入れ、1件を理由つきで差し戻す",
    async (page) => {
      await signIn(page, DEMO_USERS.inside_sales);
      await page.goto("/handoffs?mine=1");
      await page.getByTestId("handoff-list").waitFor();
      // The header keeps the user menu and the language switch on the screen.
      await assertInViewport(page, page.getByTestId("user-menu"), "the user menu");
      await assertInViewport(page, page.getByTestId("language-menu"), "the language switch");
      const language = await page.getByTestId("language-menu").boundingBox();
      assert(language && language.height <= 40, `the language switch wraps (${language?.height}px high)`);
      await page.getByTestId("handoff-card").first().waitFor();
      await assertNoSidewaysScroll(page, "the inbox");
      await page.screenshot({ path: `${SCREENSHOTS}phone-01-inbox.png` });
      await shoot(page, "phone-01-inbox-full");

      // Open a handoff from the inbox: its own page, one card.
      const first = page.getByTestId("handoff-card").first();
      const firstId = await first.getAttribute("data-handoff-id");
      await first.locator(`a[href="/handoffs/${firstId}"]`).click();
      await page.waitForURL(`**/handoffs/${firstId}`);
      await eventually(
        async () => page.getByTestId("handoff-card").count(),
        (count) => count === 1,
        "the handoff page with its one card",
      );
      await assertNoSidewaysScroll(page, "the handoff page");

      // Accept: the dialog and its buttons are wholly on the screen.
      await page.goto(`/handoffs/${toAccept.id}`);
      const accepting = page.locator(`[data-testid=handoff-card][data-handoff-id="${toAccept.id}"]`);
      await accepting.getByTestId("handoff-accept").click();
      await page.getByTestId("accept-submit").waitFor();
      await page.waitForTimeout(300); // the dialog's opening transition
      await assertInViewport(page, page.getByTestId("accept-submit"), "the accept button");
      await assertInViewport(
        page,
        page.getByRole("dialog").getByRole("button", { name: "キャンセル" }),
        "cancel",
      );
      await page.screenshot({ path: `${SCREENSHOTS}phone-02-accept-dialog.png` });
      await page.getByTestId("accept-submit").click();
      await eventually(
        () => api<Handoff>(insideSales, "GET", `/handoffs/${toAccept.id}`),
        (h) => h.state === "accepted",
        "the handoff accepted on the phone",
      );

      // Return with a reason: the reason list, the comment and the buttons fit too.
      await page.goto(`/handoffs/${toReturn.id}`);
      const returning = page.locator(`[data-testid=handoff-card][data-handoff-id="${toReturn.id}"]`);
      await returning.getByTestId("handoff-reject").click();
      await page.getByTestId("reject-submit").waitFor();
      await page.waitForTimeout(300);
      await assertInViewport(page, page.getByTestId("reject-submit"), "the return button");
      await page.getByTestId("reject-reason").click();
      await page.getByRole("option", { name: reason.labelJa }).click();
      await page.getByTestId("reject-comment").fill("予算は来期。半年後に再アプローチを（E2E phone）");
      await page.getByTestId("reject-comment").blur();
      await assertInViewport(page, page.getByTestId("reject-submit"), "the return button");
      await assertInViewport(
        page,
        page.getByRole("dialog").getByRole("button", { name: "キャンセル" }),
        "cancel",
      );
      await page.screenshot({ path: `${SCREENSHOTS}phone-03-reject-dialog.png` });
      await page.getByTestId("reject-submit").click();
      const r = await eventually(
        () => api<Handoff>(insideSales, "GET", `/handoffs/${toReturn.id}`),
        (h) => h.state === "rejected",
        "the handoff returned on the phone",
      );
      assert(r.rejectionReason?.id === reason.id, "wrong rejection reason stored");
    },
    { phone: true },
  );

  await journey(
    "スマホ：通知チャネルの一覧が画面の幅に収まる",
    async (page) => {
      await signIn(page, DEMO_USERS.manager);
      await page.goto("/settings/channels");
      await page.getByTestId("channels").waitFor();
      await page.getByRole("heading", { level: 1 }).waitFor();
      await page.waitForLoadState("networkidle");
      await assertNoSidewaysScroll(page, "the notification channels page");
      await assertInViewport(page, page.getByTestId("user-menu"), "the user menu");
      await page.screenshot({ path: `${SCREENSHOTS}phone-06-channels.png` });
    },
    { phone: true },
  );
}

/** Relay settings as the manager: the business calendar, the SLA hours and the rejection reasons. */
export async function runRelaySettingsJourneys(
  kit: JourneyKit,
  { manager, insideSales }: { manager: ApiSession; insideSales: ApiSession },
): Promise<void> {
  const { journey, signIn, eventually } = kit;
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
}

/** SLA compliance: each number opens the handoffs it counted. */
export async function runComplianceJourney(kit: JourneyKit, manager: ApiSession): Promise<void> {
  const { journey, signIn } = kit;
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
    // The page opens on the dashboard's default period, and received adds up on screen:
    // decided + withdrawn + waiting on track + at risk + overdue (a zero is shown as plain 0).
    const kpis = await api<{ filter: { from: string; to: string } }>(
      manager,
      "GET",
      "/analytics/marketing-kpis",
    );
    const period = await api<{ from: string; to: string }>(manager, "GET", "/sla-compliance");
    assert(
      period.from === kpis.filter.from && period.to === kpis.filter.to,
      `SLA page ${period.from}–${period.to}, dashboard ${kpis.filter.from}–${kpis.filter.to}`,
    );
    const cell = async (key: string) => {
      const link = is.getByTestId(`count-${key}`);
      return (await link.count()) === 0 ? 0 : Number(((await link.textContent()) ?? "").replace(/,/g, ""));
    };
    let parts = 0;
    for (const key of ["decided", "withdrawn", "pendingOnTrack", "pendingAtRisk", "pendingOverdue"])
      parts += await cell(key);
    assert(parts === Number(shown), `the parts add up to ${parts}, received is ${shown}`);
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
    // On a phone the table scrolls inside its frame; the page itself does not overflow.
    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByTestId("compliance-teams").waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert(overflow <= 0, `the SLA page overflows a 390 px screen by ${overflow} px`);
    await kit.shoot(page, "ja-phone-compliance");
  });
}
