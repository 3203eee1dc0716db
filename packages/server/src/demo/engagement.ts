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
}

/**
 * The touch that tips a person over the MQL line, placed just before the stage change, after a
 * short burst of intent pages (pricing, case studies): the pattern scoring should learn.
 * Returns the stage change's reason.
 */
export function mqlTrigger(story: EngagementStory, mqlAt: number, alreadyInquired: boolean): string {
  const { r, world } = story;
  const since = story.at;
  const before = (maxHours: number) =>
    Math.max(since + 60_000, mqlAt - Math.floor(r.between(0.1, maxHours) * HOUR));
  const views = r.int(1, 3);
  for (let i = 0; i < views; i++) {
    story.pageView(Math.max(since + 60_000, mqlAt - Math.floor(r.next() * 14 * DAY)), r.pick(PAGES.intent));
  }
  if (alreadyInquired) return "問い合わせ（ホットリード）: MQL定義を満たしました";
  const roll = r.next();
  if (roll < 0.2) {
    story.activity("inquiry", before(3), {
      source: "Webフォーム",
      subject: r.pick(INQUIRY_SUBJECTS),
      body: "見積と導入スケジュールを知りたい。",
      metadata: `{"form":"contact"}`,
    });
    return "問い合わせ（ホットリード）: MQL定義を満たしました";
  }
  if (roll < 0.5) {
    story.activity("document_request", before(6), {
      source: "Webフォーム",
      campaign: world.campaigns.runningAt("seo_content", mqlAt, r),
      subject: `資料請求: ${r.pick(["料金プラン資料", "導入事例集"])}`,
      metadata: `{"document":"料金プラン資料"}`,
    });
    return "資料請求＋料金ページ閲覧でスコアがMQL基準に到達";
  }
  const webinar = world.campaigns.latestBefore("webinar", mqlAt, 5 * DAY);
  if (roll < 0.75 && webinar && webinar.at > since) {
    story.activity("webinar", webinar.at, {
      source: "ウェビナー",
      campaign: webinar,
      subject: webinar.name,
      metadata: `{"attended":true,"watchedMinutes":${r.int(30, 60)},"survey":"導入を検討中"}`,
    });
    return "ウェビナー参加＋アンケート「導入を検討中」でMQL基準に到達";
  }
  story.pageView(before(2), "/pricing");
  return "料金ページの再訪問が続きスコアがMQL基準に到達";
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
      if (webinar && webinar.at > story.createdAt) {
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
