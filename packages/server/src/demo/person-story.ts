import type { ActivityType, LifecycleStage, OpportunityStage, TeamFunction } from "@tasuki/domain";
import { DAY, HOUR, jstDate } from "./calendar.ts";
import type { DemoCampaign } from "./campaign.generator.ts";
import {
  AMOUNT_RANGES,
  DOCUMENTS,
  INQUIRY_SUBJECTS,
  LOST_NOTES,
  PAGES,
  PLANS,
  QUALIFICATION_DROPS,
  REJECTION_REASONS,
  SEATS,
  VENDOR,
} from "./catalog.ts";
import { mqlTrigger } from "./engagement.ts";
import { type PersonTraits, stepProbability } from "./propensity.ts";
import { type Random, weighted } from "./random.ts";
import { iso, type RowSink, type World } from "./rows.ts";

export type Origin =
  | "exhibition"
  | "webinar"
  | "seo_content"
  | "advertising"
  | "inquiry"
  | "referral"
  | "networking";

const ORIGIN_WEIGHTS = weighted<Exclude<Origin, "exhibition">>({
  webinar: 20,
  seo_content: 28,
  advertising: 27,
  inquiry: 10,
  referral: 7,
  networking: 8,
});

/** people.source: where the person came from, as the teams say it. */
export const ORIGIN_LABEL: Record<Origin, string> = {
  exhibition: "展示会",
  webinar: "ウェビナー",
  seo_content: "Webフォーム（資料請求）",
  advertising: "広告",
  inquiry: "問い合わせ",
  referral: "紹介",
  networking: "名刺交換",
};

/** Mean sales cycle by employee band: bigger buyers take longer to sign. */
const CYCLE_DAYS: Record<PersonTraits["band"], number> = {
  "1-9": 25,
  "10-49": 30,
  "50-99": 45,
  "100-299": 55,
  "300-999": 75,
  "1000-4999": 100,
  "5000+": 120,
};

const LOST_AT_STAGE = weighted<OpportunityStage>({
  discovery: 30,
  proposal: 35,
  negotiation: 25,
  contracting: 10,
});
const OPEN_STAGES: readonly OpportunityStage[] = ["discovery", "proposal", "negotiation", "contracting"];

/** What happens after a step: carry on down the funnel, start again from nurture, or stop here. */
type Flow = "next" | "again" | "stop";

export interface ActivityFields {
  source: string;
  campaign?: DemoCampaign | null;
  subject?: string | null;
  body?: string | null;
  /** JSON text (built as text: stringifying ten million objects was measurable). */
  metadata?: string;
  by?: string | null;
  createdAt?: number;
}

export interface PersonProfile {
  companyIndex: number;
  traits: PersonTraits;
  latent: number;
  pain: string;
  marketer: string;
}

/**
 * One person's way through the relay, from first touch to today: it writes the stage changes,
 * the activities that explain them and the opportunities, and remembers where the person ended.
 * Every move goes through STAGE_TRANSITIONS; every step's odds come from the hidden propensity.
 */
export class PersonStory {
  readonly id: string;
  readonly companyId: string;
  readonly r: Random;
  stage = "lead" as LifecycleStage;
  at = 0;
  owner: string;
  team: TeamFunction = "marketing";
  /** Stage-change rows written (the person's row version). */
  changes = 0;
  createdAt = 0;
  /** Disqualified people stop engaging; everyone else keeps reading until today. */
  stoppedAt: number;
  origin: Origin = "inquiry";
  consent: "opted_in" | "unknown" | "opted_out" = "opted_in";
  private insideRep = "";
  private readonly fieldRep: string;

  constructor(
    readonly world: World,
    private readonly sink: RowSink,
    readonly profile: PersonProfile,
  ) {
    this.r = world.random;
    this.id = this.r.uuid();
    this.companyId = world.companies.ids[profile.companyIndex]!;
    this.owner = profile.marketer;
    this.stoppedAt = world.calendar.end;
    const fieldReps = world.reps.field_sales;
    this.fieldRep = fieldReps[world.companies.fieldSalesRep[profile.companyIndex]! % fieldReps.length]!;
  }

  get end(): number {
    return this.world.calendar.end;
  }

  /** Appends an activity, unless it would happen after today. */
  activity(type: ActivityType, at: number, fields: ActivityFields): void {
    if (at >= this.end) return;
    this.sink.activities.push([
      this.r.uuid(),
      this.id,
      this.companyId,
      type,
      iso(at),
      fields.source,
      fields.campaign?.id ?? null,
      fields.subject ?? null,
      fields.body ?? null,
      fields.metadata ?? "{}",
      fields.by ?? null,
      iso(Math.max(at, fields.createdAt ?? at)),
    ]);
  }

  pageView(at: number, path: string, extra = ""): void {
    this.activity("page_view", at, { source: "web", metadata: `{"url":"${VENDOR.site}${path}"${extra}}` });
  }

  private officeAfter(t: number): number {
    return this.world.calendar.officeTimeAfter(t, this.r);
  }

  /** One lifecycle move: a stage_changes row, and the stage's owning team takes the person. */
  private move(
    to: LifecycleStage,
    when: number,
    by: string | null,
    reason: string,
    owner: string,
    team: TeamFunction,
  ) {
    const cited = this.world.definitionVersionIds[to] ?? null;
    this.sink.stageChanges.push([this.r.uuid(), this.id, this.stage, to, iso(when), by, reason, cited]);
    this.stage = to;
    this.at = when;
    this.owner = owner;
    this.team = team;
    this.changes++;
  }

  /** Back to marketing's nurture list, or out of the funnel, with the reason the deciding rep gave. */
  private dropOut(
    when: number,
    by: string,
    recycleChance: number,
    reasons: { recycled: readonly string[]; disqualified: readonly string[] },
  ): Flow {
    const marketer = this.profile.marketer;
    if (this.r.chance(recycleChance)) {
      this.move("recycled", when, by, this.r.pick(reasons.recycled), marketer, "marketing");
      return "again";
    }
    this.move("disqualified", when, by, this.r.pick(reasons.disqualified), marketer, "marketing");
    this.stoppedAt = when;
    return "stop";
  }

  /** How the person entered the database: the first touch and the (null → lead) change that cites it. */
  enter(bornAt: number): void {
    const { r, world, profile } = this;
    const { calendar, campaigns, reps } = world;
    // Office-hour snapping must not push a recent person past the end of history.
    const beforeEnd = (t: number) => (t < this.end ? t : Math.max(bornAt, this.end - r.int(1, 120) * 60_000));
    let campaign: DemoCampaign | null = null;
    const expo = campaigns.latestBefore("exhibition", bornAt, 21 * DAY);
    if (expo && r.chance(0.7)) {
      this.origin = "exhibition";
      campaign = expo;
    } else {
      this.origin = ORIGIN_WEIGHTS.sample(r);
      if (this.origin === "webinar") campaign = campaigns.nextAfter("webinar", bornAt, 21 * DAY);
      else if (this.origin === "seo_content" || this.origin === "advertising")
        campaign = campaigns.runningAt(this.origin, bornAt, r);
      if (
        !campaign &&
        (this.origin === "webinar" || this.origin === "seo_content" || this.origin === "advertising")
      )
        this.origin = "inquiry";
    }
    const cardOrigin = this.origin === "exhibition" || this.origin === "networking";
    this.consent = r.chance(0.02) ? "opted_out" : r.chance(cardOrigin ? 0.3 : 0.1) ? "unknown" : "opted_in";

    let createdAt = bornAt;
    switch (this.origin) {
      case "exhibition": {
        const show = campaign!;
        // Cards are typed in (or scanned) a few days after the show.
        createdAt = beforeEnd(calendar.officeTimeAfter(show.until + r.exponential(1.5 * DAY), r));
        const cardAt = Math.min(
          show.at + r.int(0, 2) * DAY + Math.floor(r.next() * 7 * HOUR),
          createdAt - HOUR,
        );
        this.activity("business_card_exchange", cardAt, {
          source: "名刺管理",
          campaign: show,
          subject: `${show.name.replace(/ 出展.*$/, "")} ブースにて名刺交換`,
          body: r.chance(0.4) ? `${profile.pain}について関心あり。資料送付を希望。` : null,
          by: r.chance(0.6) ? profile.marketer : pickOwner(r, reps.field_sales),
          createdAt,
        });
        break;
      }
      case "webinar": {
        const webinar = campaign!;
        createdAt = Math.min(bornAt, webinar.at - HOUR);
        const attended = r.chance(0.7);
        this.activity("webinar", webinar.at, {
          source: "ウェビナー",
          campaign: webinar,
          subject: webinar.name,
          metadata: attended
            ? `{"attended":true,"watchedMinutes":${r.int(15, 60)},"registeredAt":"${iso(createdAt)}"}`
            : `{"attended":false,"registeredAt":"${iso(createdAt)}"}`,
        });
        break;
      }
      case "seo_content":
        this.pageView(createdAt - r.int(2, 30) * 60_000, r.pick(PAGES.research), ',"referrer":"google"');
        this.activity("document_request", createdAt, {
          source: "Webフォーム",
          campaign,
          subject: `資料ダウンロード: ${campaign!.name.replace(/ \d{4}年Q\d$/, "")}`,
          metadata: `{"document":"${r.pick(DOCUMENTS)}"}`,
        });
        break;
      case "advertising": {
        const ad = campaign!;
        const medium = ad.name.includes("リスティング")
          ? "cpc"
          : ad.name.includes("SNS")
            ? "social"
            : "referral";
        this.pageView(
          createdAt - r.int(1, 10) * 60_000,
          `/lp/${r.pick(["kintai", "keihi", "shift"])}?utm_medium=${medium}`,
          `,"utmCampaign":"${ad.id.slice(0, 8)}"`,
        );
        this.activity("document_request", createdAt, {
          source: "Webフォーム",
          campaign: ad,
          subject: `資料請求: ${r.pick(DOCUMENTS)}`,
          metadata: `{"document":"${r.pick(DOCUMENTS)}"}`,
        });
        break;
      }
      case "inquiry":
        this.activity("inquiry", createdAt, {
          source: "Webフォーム",
          subject: r.pick(INQUIRY_SUBJECTS),
          body: `${profile.pain}について相談したい。従業員${profile.traits.band}名規模で検討中。`,
          metadata: `{"form":"contact"}`,
        });
        break;
      case "referral":
        createdAt = beforeEnd(calendar.officeTime(bornAt, r));
        this.activity("note", createdAt, {
          source: "手動",
          subject: "パートナーからの紹介",
          body: `顧問の会計事務所からの紹介。${profile.pain}にお困りとのこと。`,
          by: profile.marketer,
        });
        break;
      case "networking":
        createdAt = beforeEnd(calendar.officeTime(bornAt, r));
        this.activity("business_card_exchange", createdAt - r.int(1, 5) * DAY, {
          source: "名刺管理",
          subject: r.pick([
            "業界交流会にて名刺交換",
            "商工会議所セミナーで名刺交換",
            "既存顧客の紹介で名刺交換",
          ]),
          by: pickOwner(r, reps.field_sales),
          createdAt,
        });
        break;
    }

    // The company appears with its first contact, from a list import a little before. Later
    // contacts are born later and moved back at most 21 days (expo cards), so it stays earlier.
    const companies = world.companies;
    if (Number.isNaN(companies.createdAt[profile.companyIndex]!)) {
      companies.createdAt[profile.companyIndex] = bornAt - 22 * DAY - Math.floor(r.next() * 30 * DAY);
      this.sink.companies.push(companies.row(profile.companyIndex));
    }

    this.createdAt = createdAt;
    this.at = createdAt;
    this.changes = 1;
    this.sink.stageChanges.push([
      r.uuid(),
      this.id,
      null,
      "lead",
      iso(createdAt),
      cardOrigin || this.origin === "referral" ? profile.marketer : null,
      campaign ? `${ORIGIN_LABEL[this.origin]}: ${campaign.name}` : ORIGIN_LABEL[this.origin],
      null,
    ]);
  }

  /** Walks the funnel until the person stops or today arrives; recycled people may come round again. */
  walkFunnel(): void {
    this.insideRep = pickOwner(this.r, this.world.reps.inside_sales);
    for (let cycle = 0; cycle < 4; cycle++) {
      const flow = this.runCycle(cycle);
      if (flow === "stop") return;
    }
  }

  private runCycle(cycle: number): Flow {
    const steps = [
      () => this.becomeMql(cycle),
      () => this.handOff(cycle),
      () => this.qualify(),
      () => this.openOpportunity(),
      () => this.closeOpportunity(),
    ];
    for (const step of steps) {
      const flow = step();
      if (flow !== "next") return flow;
    }
    return "stop";
  }

  /** Lead or recycled → MQL: marketing's definition fires on a burst of intent. */
  private becomeMql(cycle: number): Flow {
    const { r, profile } = this;
    const chance = stepProbability("mql", profile.latent) * (cycle === 0 ? 1 : 0.6);
    if (!r.chance(chance)) {
      // Marketing cleans its list now and then (competitors, students, duplicates).
      if (this.stage === "lead" && r.chance(0.03)) {
        const when = this.officeAfter(this.at + 20 * DAY + r.exponential(40 * DAY));
        if (when < this.end) {
          const marketer = profile.marketer;
          this.move(
            "disqualified",
            when,
            marketer,
            r.pick(REJECTION_REASONS.disqualified),
            marketer,
            "marketing",
          );
          this.stoppedAt = when;
        }
      }
      return "stop";
    }
    const lag =
      cycle > 0
        ? 20 * DAY + r.exponential(60 * DAY)
        : this.origin === "inquiry"
          ? r.between(0.2, 4) * HOUR
          : this.origin === "webinar"
            ? DAY + r.exponential(10 * DAY)
            : 2 * DAY + r.exponential(35 * DAY);
    const mqlAt = this.at + lag;
    if (mqlAt >= this.end) return "stop";
    const reason = mqlTrigger(this, mqlAt, cycle === 0 && this.origin === "inquiry");
    this.move("mql", mqlAt, null, reason, profile.marketer, "marketing");
    return "next";
  }

  /** MQL → SAL: inside sales calls within about a business day and accepts, or sends it back. */
  private handOff(cycle: number): Flow {
    const { r, profile } = this;
    if (cycle > 0) this.insideRep = pickOwner(r, this.world.reps.inside_sales);
    const rep = this.insideRep;
    const decidedAt = this.officeAfter(this.at + r.exponential(0.8 * DAY));
    const accepted = r.chance(stepProbability("sal", profile.latent));
    this.activity("call", Math.max(this.at + 60_000, decidedAt - r.int(5, 90) * 60_000), {
      source: "手動",
      subject: "初回架電",
      body: accepted
        ? `${profile.pain}に課題感あり。現状はExcelと紙で運用。詳細ヒアリングの日程を確保。`
        : r.pick([
            "不在。折り返し依頼の伝言を残した。",
            "情報収集段階とのこと。時期未定。",
            "担当外とのことで窓口の確認中。",
          ]),
      metadata: `{"durationMinutes":${r.int(2, 15)},"connected":${accepted || r.chance(0.5)}}`,
      by: rep,
    });
    if (decidedAt >= this.end) return "stop";
    if (!accepted) return this.dropOut(decidedAt, rep, 0.78, REJECTION_REASONS);
    this.move("sal", decidedAt, rep, `受け入れ: ${profile.pain}の解消を検討中`, rep, "inside_sales");
    return "next";
  }

  /** SAL → SQL: a hearing confirms budget, authority, need and timing (BANT). */
  private qualify(): Flow {
    const { r, profile } = this;
    const rep = this.insideRep;
    const qualifiedAt = this.officeAfter(this.at + 2 * DAY + r.exponential(8 * DAY));
    const qualified = r.chance(stepProbability("sql", profile.latent));
    if (r.chance(0.6)) {
      this.activity("call", this.officeAfter(this.at + (qualifiedAt - this.at) * r.between(0.2, 0.6)), {
        source: "手動",
        subject: "ヒアリング日程調整",
        body: "オンラインヒアリングの日程を調整。参加者に上長も追加。",
        metadata: `{"durationMinutes":${r.int(3, 10)},"connected":true}`,
        by: rep,
      });
    }
    const { department, title } = profile.traits;
    const timing = qualified ? r.pick(["今期中", "3か月以内", "次の期初"]) : "未定";
    this.activity("meeting", qualifiedAt - r.int(1, 4) * HOUR, {
      source: "手動",
      subject: "オンラインヒアリング",
      body: `【課題】${profile.pain}\n【体制】${department ?? ""}${title}が主担当\n【時期】${timing}\n【予算】${qualified ? "確保済み" : "未確定"}`,
      metadata: `{"online":true,"durationMinutes":${r.pick([30, 45, 60])}}`,
      by: rep,
    });
    if (qualifiedAt >= this.end) return "stop";
    if (!qualified) return this.dropOut(qualifiedAt, rep, 0.8, QUALIFICATION_DROPS);
    this.move("sql", qualifiedAt, rep, "BANT確認済み: 予算・決裁者・導入時期を確認", rep, "inside_sales");
    return "next";
  }

  /** SQL → Opportunity: field sales visits and demos; the deal opens when both sides agree the goal. */
  private openOpportunity(): Flow {
    const { r, profile } = this;
    const rep = this.fieldRep;
    const openedAt = this.officeAfter(this.at + 3 * DAY + r.exponential(10 * DAY));
    const opened = r.chance(stepProbability("opportunity", profile.latent));
    this.activity("meeting", openedAt - r.int(1, 3) * HOUR, {
      source: "手動",
      subject: r.pick(["初回訪問・デモ", "オンラインデモ"]),
      body: opened
        ? `デモ実施。${profile.pain}の解消イメージに好反応。次回、提案書を提示。`
        : "デモ実施。現時点では優先度が低いとのこと。",
      metadata: `{"durationMinutes":60}`,
      by: rep,
    });
    if (openedAt >= this.end) return "stop";
    if (!opened) return this.dropOut(openedAt, rep, 0.75, QUALIFICATION_DROPS);
    this.move("opportunity", openedAt, rep, "初回商談で課題と導入目的を合意", rep, "field_sales");
    return "next";
  }

  /** Opportunity → Won (then Customer) or Lost (and sometimes back to nurture); open if not yet decided. */
  private closeOpportunity(): Flow {
    const { r, profile, world } = this;
    const rep = this.fieldRep;
    const band = profile.traits.band;
    const openedAt = this.at;
    const meanCycle = CYCLE_DAYS[band] * DAY;
    const duration = 10 * DAY + r.exponential(meanCycle);
    const closedAt = this.officeAfter(openedAt + duration);
    const won = r.chance(stepProbability("won", profile.latent));
    const [low, high] = AMOUNT_RANGES[band]!;
    const amount = Math.round(Math.exp(r.between(Math.log(low), Math.log(high))) / 10_000) * 10_000;
    const [minSeats, maxSeats] = SEATS[band]!;
    const plan = r.pick(PLANS);
    const yen = amount.toLocaleString("ja-JP");
    const milestones = [
      [0.3, "提案書提出", `${plan}の提案書を提出。${profile.pain}の解消効果を試算して説明。`],
      [0.55, "見積提示", `年額${yen}円（税別）で見積提示。`],
      [0.8, "最終条件のすり合わせ", "契約期間と導入支援の範囲を確認。"],
    ] as const;
    for (const [fraction, subject, body] of milestones) {
      this.activity("meeting", this.officeAfter(openedAt + duration * fraction), {
        source: "手動",
        subject,
        body,
        metadata: `{"durationMinutes":${r.pick([30, 60])}}`,
        by: rep,
      });
    }
    const deal = {
      id: r.uuid(),
      name: `${world.companies.names[profile.companyIndex]} ${plan} 導入（${r.int(minSeats, maxSeats)}名）`,
      amount,
      expectedClose: jstDate(openedAt + meanCycle * 1.1),
      openedAt,
    };
    if (closedAt >= this.end) {
      const elapsed = (this.end - openedAt) / duration;
      const stage = OPEN_STAGES[elapsed < 0.3 ? 0 : elapsed < 0.55 ? 1 : elapsed < 0.8 ? 2 : 3]!;
      this.opportunity(deal, stage, null, openedAt + Math.min(elapsed, 0.8) * duration);
      return "stop";
    }
    if (won) {
      this.opportunity(
        deal,
        "contracting",
        { outcome: "won", reasonId: null, note: "稟議承認、年間契約で受注" },
        closedAt,
      );
      this.move("won", closedAt, rep, `受注（年額${yen}円）`, rep, "field_sales");
      this.onboard(closedAt);
      return "stop";
    }
    const reason = world.lostReasons.sample(r);
    const note = r.pick(LOST_NOTES[reason.key] ?? LOST_NOTES.other!);
    this.opportunity(deal, LOST_AT_STAGE.sample(r), { outcome: "lost", reasonId: reason.id, note }, closedAt);
    this.move("lost", closedAt, rep, `失注: ${reason.labelJa}`, rep, "field_sales");
    if (!r.chance(0.45)) return "stop";
    const recycledAt = this.officeAfter(closedAt + 30 * DAY + r.exponential(60 * DAY));
    if (recycledAt >= this.end) return "stop";
    const marketer = profile.marketer;
    this.move(
      "recycled",
      recycledAt,
      marketer,
      "失注後のナーチャリング（次回検討時期に再アプローチ）",
      marketer,
      "marketing",
    );
    return "again";
  }

  private opportunity(
    deal: { id: string; name: string; amount: number; expectedClose: string; openedAt: number },
    stage: OpportunityStage,
    close: { outcome: "won" | "lost"; reasonId: string | null; note: string } | null,
    updatedAt: number,
  ): void {
    this.sink.opportunities.push([
      deal.id,
      deal.name,
      this.companyId,
      this.id,
      this.fieldRep,
      deal.amount,
      stage,
      deal.expectedClose,
      close?.outcome ?? null,
      close?.reasonId ?? null,
      close?.note ?? null,
      close ? jstDate(updatedAt) : null,
      iso(deal.openedAt),
      iso(updatedAt),
      close ? 5 : 1 + OPEN_STAGES.indexOf(stage),
    ]);
  }

  /** Won → Customer: customer success kicks off and meets monthly for the first quarter. */
  private onboard(wonAt: number): void {
    const { r } = this;
    const rep = pickOwner(r, this.world.reps.customer_success);
    const startAt = this.officeAfter(wonAt + 2 * DAY + r.exponential(5 * DAY));
    if (startAt >= this.end) return;
    this.move("customer", startAt, rep, "契約開始・オンボーディング開始", rep, "customer_success");
    this.activity("meeting", startAt + HOUR, {
      source: "手動",
      subject: "キックオフMTG",
      body: "導入スケジュールと初期設定（就業規則・承認フロー）を確認。",
      metadata: `{"durationMinutes":60}`,
      by: rep,
    });
    for (let month = 1; month <= 3; month++) {
      this.activity(month === 3 ? "meeting" : "note", this.officeAfter(startAt + month * 30 * DAY), {
        source: "手動",
        subject: month === 3 ? "活用状況レビュー" : `導入定例（${month}か月目）`,
        body: r.pick([
          "打刻率98%。残業申請の運用が定着。",
          "経費精算の差し戻しが半減。",
          "拠点追加の相談あり（アップセル候補）。",
        ]),
        by: rep,
      });
    }
  }
}

/** Team members share the work; the demo login gets a bigger share so its queues are full. */
export function pickOwner(r: Random, members: readonly string[]): string {
  return r.chance(0.3) ? members[0]! : r.pick(members);
}
