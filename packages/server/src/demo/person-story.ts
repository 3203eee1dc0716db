import {
  type ActivityType,
  AT_RISK_SHARE,
  type LifecycleStage,
  type OpportunityStage,
  type RelayEventType,
  type TeamFunction,
} from "@tasuki/domain";
import type { RelayEventPayload } from "../relay/relay-events.service.ts";
import { HANDOFF_COPY, relayEventCopyRows } from "../relay/relay-rows.ts";
import { addMonths, DAY, HOUR, jstDate } from "./calendar.ts";
import type { DemoCampaign } from "./campaign.generator.ts";
import {
  AMOUNT_RANGES,
  CONTRACT_MONTHS,
  DOCUMENTS,
  HANDOFF_REJECTION_COMMENTS,
  INQUIRY_SUBJECTS,
  LOST_NOTES,
  PAGES,
  PLANS,
  QUALIFICATION_DROPS,
  REJECTION_REASONS,
  SEATS,
  SQL_HANDOFF_NOTES,
  VENDOR,
} from "./catalog.ts";
import { autoReason, factsAt, firstMomentMet, readsScore, type Touch, whyNow } from "./definition-clock.ts";
import { intentBurst } from "./engagement.ts";
import { type PersonTraits, stepProbability } from "./propensity.ts";
import { type Random, weighted } from "./random.ts";
import { type DemoRelay, iso, type RelayReason, type RowSink, type World } from "./rows.ts";

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

interface DeferredActivity {
  type: ActivityType;
  at: number;
  fields: ActivityFields;
}

export interface PersonProfile {
  /** 姓 名, as handoff notifications show it. */
  name: string;
  email: string;
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
  /** The latest activities written (id, time), for the baton note's "what they engaged with". */
  private recent: { id: string; at: number }[] = [];
  /** When the current team took the baton (an accepted handoff), if later than the last move. */
  private batonAt = 0;
  /** What the MQL definition saw when it moved the person (the relay's baton note). */
  private mqlWhyNow = "";
  /** Every activity so far (and the nurture still to be written), as the rule language reads them. */
  private readonly touches: Touch[] = [];
  private readonly campaignsJoined = new Set<string>();
  /** Background engagement generated ahead, written once the story knows when the person stopped. */
  private deferred: DeferredActivity[] | null = null;
  private ahead: DeferredActivity[] = [];

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
    this.touches.push({ type, campaignType: fields.campaign?.type ?? null, occurredAt: new Date(at) });
    if (fields.campaign) this.campaignsJoined.add(fields.campaign.id);
    if (this.deferred) {
      this.deferred.push({ type, at, fields });
      return;
    }
    this.write(type, at, fields);
  }

  /**
   * Runs `generate` (background engagement until today) ahead of the funnel, so the definitions
   * see those activities when they happen; they are written after the funnel, up to a week after
   * the person stopped (disqualified people stop engaging).
   */
  engageAhead(generate: () => void): void {
    this.deferred = [];
    generate();
    this.ahead = this.deferred;
    this.deferred = null;
  }

  /** Writes the engagement generated ahead, up to a week after the person stopped. */
  writeEngagement(): void {
    const deferred = this.ahead;
    this.ahead = [];
    const until = Math.min(this.end, this.stoppedAt + 7 * DAY);
    for (const d of deferred) if (d.at < until) this.write(d.type, d.at, d.fields);
  }

  private write(type: ActivityType, at: number, fields: ActivityFields): void {
    const id = this.r.uuid();
    this.recent.push({ id, at });
    if (this.recent.length > 6) this.recent.shift();
    this.sink.activities.push([
      id,
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

  joined(campaignId: string): boolean {
    return this.campaignsJoined.has(campaignId);
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
    const cited = Object.values(this.world.definitions).find((d) => d.targetStage === to)?.versionId ?? null;
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
    // No cap on the rounds: whoever meets the MQL definition again is moved again. Each round
    // needs new engagement after the recycling, so the story ends before today.
    for (let cycle = 0; ; cycle++) {
      const flow = this.runCycle(cycle);
      if (flow === "stop") return;
    }
  }

  /** The person's facts for the rule language, in their current stage. */
  private ruleBase() {
    const { world, profile } = this;
    const c = profile.companyIndex;
    return {
      person: {
        stage: this.stage,
        temperature: null,
        title: profile.traits.title,
        department: profile.traits.department,
        email: profile.email,
        source: ORIGIN_LABEL[this.origin],
        consentStatus: this.consent,
        stageChangedAt: new Date(this.at),
        createdAt: new Date(this.createdAt),
      },
      company: {
        name: world.companies.names[c]!,
        industry: world.companies.industries[c]!,
        employeeBand: world.companies.bands[c]!,
        prefecture: world.companies.prefectures[c]!,
        domain: world.companies.domains[c]!,
      },
    };
  }

  private runCycle(cycle: number): Flow {
    const steps = [
      () => this.becomeMql(cycle),
      () => this.handOff(cycle),
      () => this.qualify(),
      () => this.handToFieldSales(),
      () => this.openOpportunity(),
      () => this.closeOpportunity(),
    ];
    for (const step of steps) {
      const flow = step();
      if (flow !== "next") return flow;
    }
    return "stop";
  }

  /**
   * Lead or recycled → MQL: a burst of intent may come (or not); the approved MQL definition
   * decides. The person moves at the first moment the definition holds (the product's own
   * evaluation, run as time passes), citing it, and the baton note says what it saw.
   */
  private becomeMql(cycle: number): Flow {
    const { r, profile, world } = this;
    // Most MQLs come from engagement the definition counts anyway (an inquiry as the first touch,
    // a webinar soon after a download): a deliberate burst of intent adds the rest.
    const chance = stepProbability("mql", profile.latent) * (cycle === 0 ? 0.25 : 0.2);
    if (r.chance(chance)) {
      const lag =
        cycle > 0
          ? 20 * DAY + r.exponential(60 * DAY)
          : this.origin === "inquiry"
            ? r.between(0.2, 4) * HOUR
            : this.origin === "webinar"
              ? DAY + r.exponential(10 * DAY)
              : 2 * DAY + r.exponential(35 * DAY);
      const intentAt = this.at + lag;
      if (intentAt < this.end) intentBurst(this, intentAt, cycle === 0 && this.origin === "inquiry");
    }
    const definition = Object.values(world.definitions).find((d) => d.autoAdvance && d.targetStage === "mql");
    const base = this.ruleBase();
    const met = definition
      ? firstMomentMet(definition, base, this.touches, this.at, this.end, world.scoring)
      : null;
    if (met === null || !definition) {
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
    // Held already when the stage began (an inquiry as the first touch): the sweep runs a minute later.
    const mqlAt = met === this.at ? met + 60_000 : met;
    if (mqlAt >= this.end) return "stop";
    this.mqlWhyNow = whyNow(
      definition,
      factsAt(base, this.touches, mqlAt, readsScore(definition) ? world.scoring : null),
      mqlAt,
    );
    this.move("mql", mqlAt, null, autoReason(definition), profile.marketer, "marketing");
    return "next";
  }

  /**
   * MQL → SAL through the relay: the MQL definition opens a handoff to inside sales (SLA: first
   * action within 4 business hours); a rep calls and accepts it, or sends it back with a reason
   * from the shared taxonomy. Most answer fast, some slowly, a few after the SLA (a breach).
   */
  private handOff(cycle: number): Flow {
    const { r, profile } = this;
    if (cycle > 0) this.insideRep = pickOwner(r, this.world.reps.inside_sales);
    const rep = this.insideRep;
    const handoff = this.openHandoff("mql", this.at, null, this.mqlWhyNow, null, null, rep);
    const decidedAt = this.decisionTime(handoff);
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
    if (decidedAt >= this.end) {
      this.closeHandoff(handoff, null);
      return "stop";
    }
    if (!accepted) return this.sendBack(handoff, decidedAt, rep);
    this.closeHandoff(handoff, { state: "accepted", at: decidedAt, by: rep });
    this.move(
      "sal",
      decidedAt,
      rep,
      `引き渡し承認（${handoff.to.nameJa}）: ${profile.pain}の解消を検討中`,
      rep,
      "inside_sales",
    );
    return "next";
  }

  /**
   * SQL → field sales: inside sales hands the qualified person on with a baton note (SLA: accept
   * within 8 business hours). Field sales owns the SQL once it accepts; a rejection sends the
   * person to marketing's nurture, to the marketing manager since no marketer handed it on.
   */
  private handToFieldSales(): Flow {
    const { r } = this;
    const rep = this.fieldRep;
    const handoff = this.openHandoff(
      "sql",
      this.at,
      this.insideRep,
      r.pick(SQL_HANDOFF_NOTES),
      r.chance(0.6) ? "hot" : "warm",
      r.chance(0.3) ? "訪問時は情報システム部の同席を希望されています。" : null,
      rep,
    );
    const decidedAt = this.decisionTime(handoff);
    if (decidedAt >= this.end) {
      this.closeHandoff(handoff, null);
      return "stop";
    }
    if (r.chance(0.08)) return this.sendBack(handoff, decidedAt, rep);
    this.closeHandoff(handoff, { state: "accepted", at: decidedAt, by: rep });
    this.owner = rep;
    this.team = "field_sales";
    this.batonAt = decidedAt;
    return "next";
  }

  /**
   * When the receiving team decides. Half of the newest handoffs (within the team's window
   * before the history ends, sized so each inbox holds a handful at any demo size) are still
   * waiting at the seeding moment: some on track, some at risk, some escalated.
   */
  private decisionTime(handoff: OpenHandoff): number {
    const { r, world } = this;
    const calendar = world.calendar;
    const at = calendar.addBusinessMinutes(handoff.createdAt, responseMinutes(r, handoff.minutes));
    const windowDays = world.relay.openWindowDays[handoff.to.key as keyof DemoRelay["openWindowDays"]] ?? 2;
    if (at >= this.end) return at;
    if (calendar.businessMinutesBetween(handoff.createdAt, this.end) >= windowDays * 540 || !r.chance(0.5))
      return at;
    // Field sales and customer success get few handoffs: half of theirs still waiting were
    // handed on by the rep only in the last hours before the seeding moment (after the stage
    // change), so their inboxes show live countdowns, not only escalations.
    if (handoff.createdBy && r.chance(0.5)) {
      const recent = calendar.subtractBusinessMinutes(world.relay.now, handoff.minutes * r.between(0.1, 0.7));
      if (recent > handoff.createdAt) {
        handoff.createdAt = recent;
        handoff.dueAt = calendar.addBusinessMinutes(recent, handoff.minutes);
        handoff.atRiskAt = calendar.addBusinessMinutes(recent, handoff.minutes * (1 - AT_RISK_SHARE));
      }
    }
    return this.end;
  }

  /** A rejection with a reason from the taxonomy: back to marketing's nurture, or out if it disqualifies. */
  private sendBack(handoff: OpenHandoff, at: number, by: string): Flow {
    const { r } = this;
    const team = handoff.to.key === "field_sales" ? "field_sales" : "inside_sales";
    const reason = this.world.relay.reasons[team].sample(r);
    const comment = r.pick(HANDOFF_REJECTION_COMMENTS[reason.key] ?? ["詳細はコメント参照。"]);
    this.closeHandoff(handoff, { state: "rejected", at, by, reason, comment });
    // Marketing owns people sent back: the marketer who held them, else the marketing manager.
    const marketer = this.team === "marketing" ? this.owner : this.world.relay.managers.marketing;
    const text = `差し戻し（${handoff.to.nameJa}）: ${reason.labelJa} — ${comment}`;
    if (!reason.disqualifies) {
      this.move("recycled", at, by, text, marketer, "marketing");
      return "again";
    }
    this.move("disqualified", at, by, text, marketer, "marketing");
    this.stoppedAt = at;
    return "stop";
  }

  /** A handoff made now (its SLA fixed now, in business time), to be closed with a decision or left open. */
  private openHandoff(
    stage: "mql" | "sql" | "won",
    at: number,
    createdBy: string | null,
    whyNow: string,
    temperature: string | null,
    note: string | null,
    assignee: string,
  ): OpenHandoff {
    const edge = this.world.relay.edges[stage];
    const calendar = this.world.calendar;
    return {
      id: this.r.uuid(),
      ...edge,
      createdAt: at,
      dueAt: calendar.addBusinessMinutes(at, edge.minutes),
      atRiskAt: calendar.addBusinessMinutes(at, edge.minutes * (1 - AT_RISK_SHARE)),
      createdBy,
      whyNow,
      engaged: this.recent
        .filter((a) => a.at <= at)
        .slice(-3)
        .map((a) => a.id),
      temperature,
      note,
      assignee,
    };
  }

  /**
   * Writes the handoff row with its outcome. A decision after the due time is a breach: the
   * relay announced it at the due time (event, notifications to the assignee and the team's
   * manager) and the handoff was decided late. One still open at the end of history is judged
   * against the seeding moment: pending (on track or at risk) or expired and escalated.
   */
  private closeHandoff(
    h: OpenHandoff,
    decision: {
      state: "accepted" | "rejected";
      at: number;
      by: string;
      reason?: RelayReason;
      comment?: string;
    } | null,
  ): void {
    const relay = this.world.relay;
    const judgedAt = decision ? decision.at : relay.now;
    const breached = judgedAt >= h.dueAt;
    const manager = relay.managers[h.to.key as keyof DemoRelay["managers"]] ?? null;
    const state = decision ? decision.state : breached ? "expired_escalated" : "pending";
    const updatedAt = decision ? decision.at : breached ? h.dueAt : h.createdAt;
    this.sink.handoffs.push(
      HANDOFF_COPY.tuple({
        id: h.id,
        personId: this.id,
        fromTeamId: h.from.id,
        toTeamId: h.to.id,
        createdBy: h.createdBy,
        whyNow: h.whyNow,
        engagedActivityIds: h.engaged,
        temperature: h.temperature,
        note: h.note,
        assigneeUserId: h.assignee,
        state,
        slaPolicyId: h.policyId,
        slaBusinessMinutes: h.minutes,
        dueAt: iso(h.dueAt),
        atRiskAt: iso(h.atRiskAt),
        atRiskNotifiedAt: judgedAt >= h.atRiskAt ? iso(h.atRiskAt) : null,
        breachedAt: breached ? iso(h.dueAt) : null,
        escalatedToUserId: breached ? manager : null,
        decidedAt: decision ? iso(decision.at) : null,
        decidedBy: decision?.by ?? null,
        rejectionReasonId: decision?.reason?.id ?? null,
        rejectionComment: decision?.comment ?? null,
        responseBusinessMinutes: decision
          ? Math.round(this.world.calendar.businessMinutesBetween(h.createdAt, decision.at))
          : null,
        createdAt: iso(h.createdAt),
        updatedAt: iso(updatedAt),
        version: decision ? (breached ? 3 : 2) : breached ? 2 : 1,
      }),
    );
    if (!decision) {
      this.relayEvent(h, "handoff.created", h.createdAt, [h.assignee], null);
      if (relay.now >= h.atRiskAt && !breached)
        this.relayEvent(h, "handoff.at_risk", h.atRiskAt, [h.assignee], null);
    }
    if (breached) {
      const readAt = decision ? decision.at : null;
      this.relayEvent(
        h,
        "handoff.breached",
        h.dueAt,
        manager ? [h.assignee, manager] : [h.assignee],
        readAt,
        manager,
      );
    }
  }

  /** One relay event with its in-app notifications (read once the handoff was decided). */
  private relayEvent(
    h: OpenHandoff,
    type: RelayEventType,
    at: number,
    recipients: string[],
    readAt: number | null,
    escalatedTo: string | null = null,
  ): void {
    const payload: RelayEventPayload = {
      handoffId: h.id,
      person: { id: this.id, name: this.profile.name },
      fromTeam: h.from,
      toTeam: h.to,
      createdAt: iso(h.createdAt),
      dueAt: iso(h.dueAt),
      slaBusinessMinutes: h.minutes,
      assignee: { id: h.assignee, name: this.world.staffNames.get(h.assignee) ?? "" },
      actor: null,
      reason: null,
      comment: null,
      escalatedTo: escalatedTo
        ? [{ id: escalatedTo, name: this.world.staffNames.get(escalatedTo) ?? "" }]
        : [],
    };
    const rows = relayEventCopyRows({
      type,
      payload,
      occurredAt: iso(at),
      recipients,
      readAt: readAt === null ? null : iso(Math.max(readAt, at)),
      newId: () => this.r.uuid(),
    });
    this.sink.relayEvents.push(rows.event);
    this.sink.notifications.push(...rows.notifications);
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
    const openedAt = this.officeAfter(Math.max(this.at, this.batonAt) + 3 * DAY + r.exponential(10 * DAY));
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
      const termMonths = CONTRACT_MONTHS[plan];
      const term = termMonths === 12 ? "年間契約" : `${termMonths}か月契約`;
      this.opportunity(
        deal,
        "contracting",
        { outcome: "won", reasonId: null, note: `稟議承認、${term}で受注`, termMonths },
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
    close: { outcome: "won" | "lost"; reasonId: string | null; note: string; termMonths?: number } | null,
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
      // 契約更新日: a won deal's contract comes up for renewal when its first term ends.
      close?.termMonths ? addMonths(jstDate(updatedAt), close.termMonths) : null,
    ]);
  }

  /** Won → Customer: customer success kicks off and meets monthly for the first quarter. */
  private onboard(wonAt: number): void {
    const { r } = this;
    const rep = pickOwner(r, this.world.reps.customer_success);
    // Field sales hands the new customer to customer success (SLA: accept within 16 business hours).
    const handoff = this.openHandoff(
      "won",
      wonAt,
      this.fieldRep,
      "受注。契約開始日に合わせてオンボーディングをお願いします。",
      "hot",
      null,
      rep,
    );
    const acceptedAt = this.decisionTime(handoff);
    if (acceptedAt >= this.end) {
      this.closeHandoff(handoff, null);
      return;
    }
    this.closeHandoff(handoff, { state: "accepted", at: acceptedAt, by: rep });
    this.move(
      "customer",
      acceptedAt,
      rep,
      `引き渡し承認（${handoff.to.nameJa}）: 契約開始・オンボーディング開始`,
      rep,
      "customer_success",
    );
    const startAt = this.officeAfter(acceptedAt + DAY + r.exponential(4 * DAY));
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

interface OpenHandoff {
  id: string;
  policyId: string;
  minutes: number;
  from: DemoRelay["edges"]["mql"]["from"];
  to: DemoRelay["edges"]["mql"]["to"];
  createdAt: number;
  dueAt: number;
  atRiskAt: number;
  createdBy: string | null;
  whyNow: string;
  engaged: string[];
  temperature: string | null;
  note: string | null;
  assignee: string;
}

/**
 * Business minutes until the receiving team decides: most answer fast, a third take most of
 * the SLA, about one in ten misses it (a breach, escalated to the team's manager).
 */
export function responseMinutes(r: Random, slaMinutes: number): number {
  const u = r.next();
  if (u < 0.55) return Math.max(3, Math.round(Math.min(r.exponential(0.15 * slaMinutes), 0.9 * slaMinutes)));
  if (u < 0.9) return Math.round(slaMinutes * r.between(0.3, 0.98));
  return Math.round(slaMinutes * r.between(1.05, 3.5));
}

/** Team members share the work; the demo login gets a bigger share so its queues are full. */
export function pickOwner(r: Random, members: readonly string[]): string {
  return r.chance(0.3) ? members[0]! : r.pick(members);
}
