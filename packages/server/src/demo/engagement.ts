import type { ActivityType } from "@tasuki/domain";
import { DAY, HOUR } from "./calendar.ts";
import type { DemoCampaign } from "./campaign.generator.ts";
import { INQUIRY_SUBJECTS, PAGES, VENDOR } from "./catalog.ts";
import type { Random } from "./random.ts";
import type { World } from "./rows.ts";

/**
 * What engagement needs of a person's story (`PersonStory` in person-story.ts, which calls these
 * functions): declared here so this file does not import the story back.
 */
export interface EngagementStory {
  readonly r: Random;
  readonly world: World;
  readonly at: number;
  readonly createdAt: number;
  readonly stoppedAt: number;
  readonly consent: "opted_in" | "unknown" | "opted_out";
  activity(
    type: ActivityType,
    at: number,
    fields: {
      source: string;
      campaign?: DemoCampaign | null;
      subject?: string | null;
      body?: string | null;
      metadata?: string;
    },
  ): void;
  pageView(at: number, path: string): void;
  /** Whether the person already has an activity for this campaign (one webinar is attended once). */
  joined(campaignId: string): boolean;
}

/**
 * A burst of intent: intent pages (pricing, case studies), then the touches marketing's MQL
 * definition counts (an inquiry, or two of 資料請求・ウェビナー・展示会 close together), the last one
 * at `at`. Whether and when the person becomes an MQL is the definition's to say (person-story).
 */
export function intentBurst(story: EngagementStory, at: number, alreadyInquired: boolean): void {
  const { r, world } = story;
  const since = story.at;
  const before = (maxHours: number) =>
    Math.max(since + 60_000, at - Math.floor(r.between(0.1, maxHours) * HOUR));
  const daysBefore = (maxDays: number) =>
    Math.max(since + 60_000, at - Math.floor(r.between(1, maxDays) * DAY));
  const views = r.int(1, 3);
  for (let i = 0; i < views; i++) {
    story.pageView(Math.max(since + 60_000, at - Math.floor(r.next() * 14 * DAY)), r.pick(PAGES.intent));
  }
  if (alreadyInquired) return;
  const roll = r.next();
  if (roll < 0.2) {
    story.activity("inquiry", before(3), {
      source: "Webフォーム",
      subject: r.pick(INQUIRY_SUBJECTS),
      body: "見積と導入スケジュールを知りたい。",
      metadata: `{"form":"contact"}`,
    });
    return;
  }
  const webinar = world.campaigns.latestBefore("webinar", at, 14 * DAY);
  if (roll < 0.45 && webinar && webinar.at > since && !story.joined(webinar.id)) {
    story.activity("webinar", webinar.at, {
      source: "ウェビナー",
      campaign: webinar,
      subject: webinar.name,
      metadata: `{"attended":true,"watchedMinutes":${r.int(30, 60)},"survey":"導入を検討中"}`,
    });
  } else {
    story.activity("document_request", daysBefore(12), {
      source: "Webフォーム",
      campaign: world.campaigns.runningAt("seo_content", at, r),
      subject: `資料ダウンロード: ${r.pick(["導入事例集", "機能比較表", "法改正対応ガイド"])}`,
      metadata: `{"document":"導入事例集"}`,
    });
  }
  story.pageView(before(2), "/pricing");
  story.activity("document_request", at, {
    source: "Webフォーム",
    campaign: world.campaigns.runningAt("seo_content", at, r),
    subject: `資料請求: ${r.pick(["料金プラン資料", "導入事例集"])}`,
    metadata: `{"document":"料金プラン資料"}`,
  });
}

/** Interest fades: the background rate halves in about 12 weeks (τ = 120 days). */
const FADE = 120 * DAY;
/** Touches per month at the start for an average person (engagement 1). */
const MONTHLY_TOUCHES = 1.9;

/**
 * Background engagement: newsletters (opted-in people only, 特定電子メール法), page views and the
 * odd webinar. Because the rate decays, people collect about ten activities whatever the length
 * of the demo period, and engagement-based scores decay the way real ones do.
 */
export function nurture(story: EngagementStory, engagement: number): void {
  const { r, world } = story;
  const emailable = story.consent === "opted_in";
  const span = Math.min(world.calendar.end, story.stoppedAt + 7 * DAY) - story.createdAt;
  if (span <= 0) return;
  const reached = 1 - Math.exp(-span / FADE);
  const count = r.poisson(engagement * MONTHLY_TOUCHES * (FADE / (30 * DAY)) * reached);
  for (let i = 0; i < count; i++) {
    // Inverse CDF of the decaying rate, truncated at `span`.
    const t = story.createdAt - FADE * Math.log(1 - r.next() * reached);
    const roll = r.next();
    if (roll < 0.55 && emailable) {
      const newsletter = world.campaigns.latestBefore("newsletter", t, 14 * DAY);
      if (newsletter && newsletter.at > story.createdAt) {
        const openedAt = newsletter.at + Math.floor(r.exponential(0.7 * DAY));
        story.activity("email_open", openedAt, {
          source: "MA",
          campaign: newsletter,
          subject: newsletter.subject,
        });
        if (r.chance(0.25)) {
          const path = r.pick(r.chance(0.3) ? PAGES.intent : PAGES.research);
          story.activity("email_click", openedAt + r.int(1, 10) * 60_000, {
            source: "MA",
            campaign: newsletter,
            subject: newsletter.subject,
            metadata: `{"url":"${VENDOR.site}${path}"}`,
          });
        }
        continue;
      }
    }
    if (roll > 0.96) {
      const webinar = world.campaigns.latestBefore("webinar", t, 15 * DAY);
      if (webinar && webinar.at > story.createdAt && !story.joined(webinar.id)) {
        story.activity("webinar", webinar.at, {
          source: "ウェビナー",
          campaign: webinar,
          subject: webinar.name,
          metadata: `{"attended":true,"watchedMinutes":${r.int(10, 60)}}`,
        });
        continue;
      }
    }
    const kind = r.next();
    const pages = kind < 0.55 ? PAGES.research : kind < 0.88 ? PAGES.product : PAGES.intent;
    story.pageView(world.calendar.webTime(t, r), r.pick(pages));
  }
}

/**
 * A buying committee at work in the last days before today: quotes asked for, case studies
 * downloaded, pricing read on several days. These are the hot leads of the seeding moment
 * (ホットリード: a total score of 60 and more), so the list has people at the top, not only a tail.
 */
export function buyingSignals(story: EngagementStory, buyer: { interest: number; decides: boolean }): void {
  const { r, world } = story;
  const start = Math.max(story.createdAt + DAY, world.calendar.end - 10 * DAY);
  // Those who decide (部長 and above at companies of 100 and more) and are keen.
  if (start >= world.calendar.end || !buyer.decides || buyer.interest < 0.8 || !r.chance(0.5)) return;
  const within = (from: number) => from + Math.floor(r.next() * (world.calendar.end - from));
  const first = within(start);
  story.activity("document_request", first, {
    source: "Webフォーム",
    campaign: world.campaigns.runningAt("seo_content", first, r),
    subject: `資料請求: ${r.pick(["導入事例集", "料金プラン資料", "セキュリティチェックシート"])}`,
    metadata: `{"document":"導入事例集"}`,
  });
  const quote = within(first);
  story.activity("inquiry", quote, {
    source: "Webフォーム",
    subject: "見積依頼",
    body: "複数拠点での導入を前提に、見積と導入スケジュールを知りたい。",
    metadata: `{"form":"quote"}`,
  });
  for (let day = 0; day < 4; day++) {
    const at = within(start);
    for (let i = r.int(2, 5); i > 0; i--) story.pageView(at + i * 3 * 60_000, r.pick(PAGES.intent));
  }
}
