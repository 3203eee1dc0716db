import type {
  ActivityType,
  EmployeeBand,
  LifecycleStage,
  OpportunityStage,
  TeamFunction,
} from "@tasuki/domain";
import { DAY, HOUR, jstDate, type WorkCalendar } from "./calendar.ts";
import type { CampaignIndex, DemoCampaign } from "./campaign.generator.ts";
import {
  AMOUNT_RANGES,
  DOCUMENTS,
  INQUIRY_SUBJECTS,
  LOST_NOTES,
  PAGES,
  PAINS,
  PLANS,
  QUALIFICATION_DROPS,
  REJECTION_REASONS,
  SEATS,
  VENDOR,
} from "./catalog.ts";
import { type CompanyPool, landline, mobile } from "./company.generator.ts";
import { DEPARTMENTS, type Department, FAMILY_NAMES, GIVEN_NAMES, type Title } from "./japanese-names.ts";
import {
  engagementLevel,
  latentPropensity,
  type PersonTraits,
  perceivedTemperature,
  stepProbability,
} from "./propensity.ts";
import { type Random, Weighted, weighted } from "./random.ts";

export const PEOPLE_COLUMNS = [
  "id",
  "family_name",
  "given_name",
  "family_name_kana",
  "given_name_kana",
  "email",
  "phone",
  "department",
  "title",
  "company_id",
  "owner_id",
  "team_id",
  "stage",
  "stage_changed_at",
  "temperature",
  "consent_status",
  "source",
  "created_at",
  "updated_at",
  "version",
] as const;

export const STAGE_CHANGE_COLUMNS = [
  "id",
  "person_id",
  "from_stage",
  "to_stage",
  "changed_at",
  "changed_by",
  "reason",
] as const;

export const ACTIVITY_COLUMNS = [
  "id",
  "person_id",
  "company_id",
  "type",
  "occurred_at",
  "source",
  "campaign_id",
  "subject",
  "body",
  "metadata",
  "created_by",
  "created_at",
] as const;

export const OPPORTUNITY_COLUMNS = [
  "id",
  "name",
  "company_id",
  "person_id",
  "owner_id",
  "amount",
  "stage",
  "expected_close_date",
  "outcome",
  "lost_reason_id",
  "close_note",
  "closed_on",
  "created_at",
  "updated_at",
  "version",
] as const;

/** Rows produced by one batch of people, in the order they must be loaded (foreign keys). */
export interface RowSink {
  companies: unknown[][];
  people: unknown[][];
  stageChanges: unknown[][];
  activities: unknown[][];
  opportunities: unknown[][];
}

export interface LostReason {
  id: string;
  key: string;
  labelJa: string;
}

/** Everything a person's story can refer to; built once per seed. */
export interface World {
  random: Random;
  calendar: WorkCalendar;
  campaigns: CampaignIndex;
  companies: CompanyPool;
  teamIds: Record<TeamFunction, string>;
  reps: Record<TeamFunction, readonly string[]>;
  lostReasons: Weighted<LostReason>;
  /** Hashes of emails handed out, so each one is unique without keeping a million strings. */
  emailHashes: Set<number>;
}

const FAMILY_WEIGHTS = new Weighted(FAMILY_NAMES.map((name, rank) => [name, 1 / (rank + 3) ** 0.8] as const));

const TITLE_BY_BAND: Record<EmployeeBand, Weighted<Title>> = (() => {
  const small = weighted<Title>({
    代表取締役: 35,
    取締役: 15,
    部長: 5,
    次長: 0,
    課長: 5,
    係長: 0,
    主任: 5,
    担当: 35,
  });
  const lower = weighted<Title>({
    代表取締役: 12,
    取締役: 10,
    部長: 15,
    次長: 2,
    課長: 15,
    係長: 8,
    主任: 10,
    担当: 28,
  });
  const mid = weighted<Title>({
    代表取締役: 3,
    取締役: 6,
    部長: 18,
    次長: 5,
    課長: 22,
    係長: 12,
    主任: 12,
    担当: 22,
  });
  const large = weighted<Title>({
    代表取締役: 0.3,
    取締役: 2,
    部長: 12,
    次長: 6,
    課長: 22,
    係長: 15,
    主任: 15,
    担当: 28,
  });
  return {
    "1-9": small,
    "10-49": lower,
    "50-99": mid,
    "100-299": mid,
    "300-999": large,
    "1000-4999": large,
    "5000+": large,
  };
})();

const DEPARTMENT_WEIGHTS = new Weighted<Department>(
  DEPARTMENTS.map((d) => [
    d,
    {
      人事部: 18,
      経理部: 14,
      総務部: 14,
      情報システム部: 10,
      経営企画部: 6,
      管理部: 6,
      人事総務部: 6,
      財務経理部: 4,
      営業部: 8,
      製造部: 4,
      開発部: 5,
      マーケティング部: 5,
    }[d],
  ]),
);

type Origin =
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
const ORIGIN_LABEL: Record<Origin, string> = {
  exhibition: "展示会",
  webinar: "ウェビナー",
  seo_content: "Webフォーム（資料請求）",
  advertising: "広告",
  inquiry: "問い合わせ",
  referral: "紹介",
  networking: "名刺交換",
};

const CYCLE_DAYS: Record<EmployeeBand, number> = {
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

interface Story {
  personId: string;
  companyIndex: number;
  companyId: string;
  marketer: string;
}

/** Simulates one person from first touch to today and appends their rows to the sink. */
export function simulatePerson(world: World, bornAt: number, sink: RowSink): void {
  const r = world.random;
  const { calendar, companies, reps } = world;
  const end = calendar.end;
  const ci = companies.pick(r);
  const band = companies.bands[ci]!;
  const industry = companies.industries[ci]!;
  const title = TITLE_BY_BAND[band].sample(r);
  const department = pickDepartment(r, title, band);
  const traits: PersonTraits = {
    industry,
    band,
    title,
    department,
    interest: r.normal(),
    curiosity: r.normal(),
  };
  const latent = latentPropensity(traits);
  const engagement = engagementLevel(traits);
  const family = FAMILY_WEIGHTS.sample(r);
  const given = r.pick(GIVEN_NAMES);
  const pain = r.pick(PAINS);
  const story: Story = {
    personId: r.uuid(),
    companyIndex: ci,
    companyId: companies.ids[ci]!,
    marketer: pickOwner(r, reps.marketing),
  };
  const activity = (
    type: ActivityType,
    at: number,
    fields: {
      source: string;
      campaign?: DemoCampaign | null;
      subject?: string | null;
      body?: string | null;
      metadata?: string;
      by?: string | null;
      createdAt?: number;
    },
  ) => {
    if (at >= end) return;
    sink.activities.push([
      r.uuid(),
      story.personId,
      story.companyId,
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
  };
  // Office-hour snapping must not push a recent person past the end of history.
  const beforeEnd = (t: number) => (t < end ? t : Math.max(bornAt, end - r.int(1, 120) * 60_000));
  const pageView = (at: number, path: string, extra = "") =>
    activity("page_view", at, { source: "web", metadata: `{"url":"${VENDOR.site}${path}"${extra}}` });

  // ── Origin: how the person entered the database (the first stage change explains it). ──
  let origin: Origin;
  let createdAt = bornAt;
  let originCampaign: DemoCampaign | null = null;
  const expo = world.campaigns.latestBefore("exhibition", bornAt, 21 * DAY);
  if (expo && r.chance(0.7)) {
    origin = "exhibition";
    originCampaign = expo;
  } else {
    origin = ORIGIN_WEIGHTS.sample(r);
    if (origin === "webinar") originCampaign = world.campaigns.nextAfter("webinar", bornAt, 21 * DAY);
    else if (origin === "seo_content" || origin === "advertising")
      originCampaign = world.campaigns.runningAt(origin, bornAt, r);
    if ((origin === "webinar" || origin === "seo_content" || origin === "advertising") && !originCampaign)
      origin = "inquiry";
  }
  const consent = r.chance(0.02)
    ? "opted_out"
    : r.chance(origin === "exhibition" || origin === "networking" ? 0.3 : 0.1)
      ? "unknown"
      : "opted_in";
  const emailable = consent === "opted_in";

  switch (origin) {
    case "exhibition": {
      const campaign = originCampaign!;
      // Cards are typed in (or scanned) a few days after the show.
      createdAt = beforeEnd(calendar.officeTimeAfter(campaign.until + r.exponential(1.5 * DAY), r));
      const cardAt = Math.min(
        campaign.at + r.int(0, 2) * DAY + Math.floor(r.next() * 7 * HOUR),
        createdAt - HOUR,
      );
      activity("business_card_exchange", cardAt, {
        source: "名刺管理",
        campaign,
        subject: `${campaign.name.replace(/ 出展.*$/, "")} ブースにて名刺交換`,
        body: r.chance(0.4) ? `${pain}について関心あり。資料送付を希望。` : null,
        by: r.chance(0.6) ? story.marketer : pickOwner(r, reps.field_sales),
        createdAt,
      });
      break;
    }
    case "webinar": {
      const campaign = originCampaign!;
      createdAt = Math.min(bornAt, campaign.at - HOUR);
      const attended = r.chance(0.7);
      activity("webinar", campaign.at, {
        source: "ウェビナー",
        campaign,
        subject: campaign.name,
        metadata: attended
          ? `{"attended":true,"watchedMinutes":${r.int(15, 60)},"registeredAt":"${iso(createdAt)}"}`
          : `{"attended":false,"registeredAt":"${iso(createdAt)}"}`,
      });
      break;
    }
    case "seo_content": {
      pageView(createdAt - r.int(2, 30) * 60_000, r.pick(PAGES.research), ',"referrer":"google"');
      activity("document_request", createdAt, {
        source: "Webフォーム",
        campaign: originCampaign,
        subject: `資料ダウンロード: ${originCampaign!.name.replace(/ \d{4}年Q\d$/, "")}`,
        metadata: `{"document":"${r.pick(DOCUMENTS)}"}`,
      });
      break;
    }
    case "advertising": {
      const campaign = originCampaign!;
      const medium = campaign.name.includes("リスティング")
        ? "cpc"
        : campaign.name.includes("SNS")
          ? "social"
          : "referral";
      pageView(
        createdAt - r.int(1, 10) * 60_000,
        `/lp/${r.pick(["kintai", "keihi", "shift"])}?utm_medium=${medium}`,
        `,"utmCampaign":"${campaign.id.slice(0, 8)}"`,
      );
      activity("document_request", createdAt, {
        source: "Webフォーム",
        campaign,
        subject: `資料請求: ${r.pick(DOCUMENTS)}`,
        metadata: `{"document":"${r.pick(DOCUMENTS)}"}`,
      });
      break;
    }
    case "inquiry":
      activity("inquiry", createdAt, {
        source: "Webフォーム",
        subject: r.pick(INQUIRY_SUBJECTS),
        body: `${pain}について相談したい。${companies.bands[ci]}名規模で検討中。`,
        metadata: `{"form":"contact"}`,
      });
      break;
    case "referral":
      createdAt = beforeEnd(calendar.officeTime(bornAt, r));
      activity("note", createdAt, {
        source: "手動",
        subject: "パートナーからの紹介",
        body: `顧問の会計事務所からの紹介。${pain}にお困りとのこと。`,
        by: story.marketer,
      });
      break;
    case "networking":
      createdAt = beforeEnd(calendar.officeTime(bornAt, r));
      activity("business_card_exchange", createdAt - r.int(1, 5) * DAY, {
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

  // The company appears with its first contact (or a little before, from a list import).
  if (Number.isNaN(companies.createdAt[ci]!)) {
    companies.createdAt[ci] = bornAt - 22 * DAY - Math.floor(r.next() * 30 * DAY);
    sink.companies.push(companies.row(ci));
  }

  // ── Lifecycle: a walk over STAGE_TRANSITIONS driven by the hidden propensity. ──
  let stage = "lead" as LifecycleStage; // widened: `move` changes it from inside a closure
  let at = createdAt;
  let owner = story.marketer;
  let team: TeamFunction = "marketing";
  let changes = 1;
  let stoppedAt = end;
  const move = (
    to: LifecycleStage,
    when: number,
    by: string | null,
    reason: string,
    newOwner: string,
    newTeam: TeamFunction,
  ) => {
    sink.stageChanges.push([r.uuid(), story.personId, stage, to, iso(when), by, reason]);
    stage = to;
    at = when;
    owner = newOwner;
    team = newTeam;
    changes++;
  };
  const originReason = originCampaign
    ? `${ORIGIN_LABEL[origin]}: ${originCampaign.name}`
    : ORIGIN_LABEL[origin];
  sink.stageChanges.push([
    r.uuid(),
    story.personId,
    null,
    "lead",
    iso(createdAt),
    origin === "exhibition" || origin === "referral" || origin === "networking" ? story.marketer : null,
    originReason,
  ]);

  const officeAfter = (t: number) => calendar.officeTimeAfter(t, r);
  let insideRep = pickOwner(r, reps.inside_sales);
  const fieldRep = reps.field_sales[companies.fieldSalesRep[ci]! % reps.field_sales.length]!;
  for (let cycle = 0; cycle < 4; cycle++) {
    // Lead or recycled → MQL: marketing's definition fires on a burst of intent.
    if (stage === "lead" || stage === "recycled") {
      const chance = stepProbability("mql", latent) * (cycle === 0 ? 1 : 0.6);
      if (!r.chance(chance)) {
        if (stage === "lead" && r.chance(0.03)) {
          const when = officeAfter(at + 20 * DAY + r.exponential(40 * DAY));
          if (when < end) {
            move(
              "disqualified",
              when,
              story.marketer,
              r.pick(REJECTION_REASONS.disqualified),
              story.marketer,
              "marketing",
            );
            stoppedAt = when;
          }
        }
        break;
      }
      const lag =
        cycle > 0
          ? 20 * DAY + r.exponential(60 * DAY)
          : origin === "inquiry"
            ? r.between(0.2, 4) * HOUR
            : origin === "webinar"
              ? DAY + r.exponential(10 * DAY)
              : 2 * DAY + r.exponential(35 * DAY);
      const mqlAt = at + lag;
      if (mqlAt >= end) break;
      const reason = mqlTrigger(world, mqlAt, at, cycle === 0 && origin === "inquiry", activity, pageView);
      move("mql", mqlAt, null, reason, story.marketer, "marketing");
    }

    // MQL → SAL: inside sales calls within about a business day and accepts or sends it back.
    if (stage === "mql") {
      insideRep = cycle === 0 ? insideRep : pickOwner(r, reps.inside_sales);
      const decidedAt = officeAfter(at + r.exponential(0.8 * DAY));
      const accepted = r.chance(stepProbability("sal", latent));
      activity("call", Math.max(at + 60_000, decidedAt - r.int(5, 90) * 60_000), {
        source: "手動",
        subject: "初回架電",
        body: accepted
          ? `${pain}に課題感あり。現状はExcelと紙で運用。詳細ヒアリングの日程を確保。`
          : r.pick([
              "不在。折り返し依頼の伝言を残した。",
              "情報収集段階とのこと。時期未定。",
              "担当外とのことで窓口の確認中。",
            ]),
        metadata: `{"durationMinutes":${r.int(2, 15)},"connected":${accepted || r.chance(0.5)}}`,
        by: insideRep,
      });
      if (decidedAt >= end) break;
      if (accepted) {
        move("sal", decidedAt, insideRep, `受け入れ: ${pain}の解消を検討中`, insideRep, "inside_sales");
      } else if (r.chance(0.78)) {
        move(
          "recycled",
          decidedAt,
          insideRep,
          r.pick(REJECTION_REASONS.recycled),
          story.marketer,
          "marketing",
        );
        continue;
      } else {
        move(
          "disqualified",
          decidedAt,
          insideRep,
          r.pick(REJECTION_REASONS.disqualified),
          story.marketer,
          "marketing",
        );
        stoppedAt = decidedAt;
        break;
      }
    }

    // SAL → SQL: a hearing confirms budget, authority, need and timing (BANT).
    if (stage === "sal") {
      const qualifiedAt = officeAfter(at + 2 * DAY + r.exponential(8 * DAY));
      const qualified = r.chance(stepProbability("sql", latent));
      if (r.chance(0.6)) {
        activity("call", officeAfter(at + (qualifiedAt - at) * r.between(0.2, 0.6)), {
          source: "手動",
          subject: "ヒアリング日程調整",
          body: "オンラインヒアリングの日程を調整。参加者に上長も追加。",
          metadata: `{"durationMinutes":${r.int(3, 10)},"connected":true}`,
          by: insideRep,
        });
      }
      activity("meeting", qualifiedAt - r.int(1, 4) * HOUR, {
        source: "手動",
        subject: "オンラインヒアリング",
        body: `【課題】${pain}\n【体制】${department ?? ""}${title}が主担当\n【時期】${qualified ? r.pick(["今期中", "3か月以内", "次の期初"]) : "未定"}\n【予算】${qualified ? "確保済み" : "未確定"}`,
        metadata: `{"online":true,"durationMinutes":${r.pick([30, 45, 60])}}`,
        by: insideRep,
      });
      if (qualifiedAt >= end) break;
      if (qualified) {
        move(
          "sql",
          qualifiedAt,
          insideRep,
          "BANT確認済み: 予算・決裁者・導入時期を確認",
          insideRep,
          "inside_sales",
        );
      } else if (r.chance(0.8)) {
        move(
          "recycled",
          qualifiedAt,
          insideRep,
          r.pick(QUALIFICATION_DROPS.recycled),
          story.marketer,
          "marketing",
        );
        continue;
      } else {
        move(
          "disqualified",
          qualifiedAt,
          insideRep,
          r.pick(QUALIFICATION_DROPS.disqualified),
          story.marketer,
          "marketing",
        );
        stoppedAt = qualifiedAt;
        break;
      }
    }

    // SQL → Opportunity: field sales visits and demos; the deal opens when both sides agree the goal.
    if (stage === "sql") {
      const openedAt = officeAfter(at + 3 * DAY + r.exponential(10 * DAY));
      const opened = r.chance(stepProbability("opportunity", latent));
      activity("meeting", openedAt - r.int(1, 3) * HOUR, {
        source: "手動",
        subject: r.pick(["初回訪問・デモ", "オンラインデモ"]),
        body: opened
          ? `デモ実施。${pain}の解消イメージに好反応。次回、提案書を提示。`
          : "デモ実施。現時点では優先度が低いとのこと。",
        metadata: `{"durationMinutes":60}`,
        by: fieldRep,
      });
      if (openedAt >= end) break;
      if (opened) {
        move("opportunity", openedAt, fieldRep, "初回商談で課題と導入目的を合意", fieldRep, "field_sales");
      } else if (r.chance(0.75)) {
        move(
          "recycled",
          openedAt,
          fieldRep,
          r.pick(QUALIFICATION_DROPS.recycled),
          story.marketer,
          "marketing",
        );
        continue;
      } else {
        move(
          "disqualified",
          openedAt,
          fieldRep,
          r.pick(QUALIFICATION_DROPS.disqualified),
          story.marketer,
          "marketing",
        );
        stoppedAt = openedAt;
        break;
      }
    }

    // Opportunity → Won/Lost, then Customer (won) or back to nurture (some lost deals).
    if (stage === "opportunity") {
      const openedAt = at;
      const meanCycle = CYCLE_DAYS[band] * DAY;
      const duration = 10 * DAY + r.exponential(meanCycle);
      const closedAt = officeAfter(openedAt + duration);
      const won = r.chance(stepProbability("won", latent));
      const [low, high] = AMOUNT_RANGES[band]!;
      const amount = Math.round(Math.exp(r.between(Math.log(low), Math.log(high))) / 10_000) * 10_000;
      const [minSeats, maxSeats] = SEATS[band]!;
      const plan = r.pick(PLANS);
      const milestones = [
        [0.3, "提案書提出", `${plan}の提案書を提出。${pain}の解消効果を試算して説明。`],
        [0.55, "見積提示", `年額${amount.toLocaleString("ja-JP")}円（税別）で見積提示。`],
        [0.8, "最終条件のすり合わせ", "契約期間と導入支援の範囲を確認。"],
      ] as const;
      for (const [fraction, subject, body] of milestones) {
        activity("meeting", officeAfter(openedAt + duration * fraction), {
          source: "手動",
          subject,
          body,
          metadata: `{"durationMinutes":${r.pick([30, 60])}}`,
          by: fieldRep,
        });
      }
      const opportunityId = r.uuid();
      const expectedClose = jstDate(openedAt + meanCycle * 1.1);
      const name = `${companies.names[ci]} ${plan} 導入（${r.int(minSeats, maxSeats)}名）`;
      if (closedAt >= end) {
        const elapsed = (end - openedAt) / duration;
        const open: OpportunityStage =
          elapsed < 0.3
            ? "discovery"
            : elapsed < 0.55
              ? "proposal"
              : elapsed < 0.8
                ? "negotiation"
                : "contracting";
        sink.opportunities.push([
          opportunityId,
          name,
          story.companyId,
          story.personId,
          fieldRep,
          amount,
          open,
          expectedClose,
          null,
          null,
          null,
          null,
          iso(openedAt),
          iso(openedAt + Math.min(elapsed, 0.8) * duration),
          1 + ["discovery", "proposal", "negotiation", "contracting"].indexOf(open),
        ]);
        break;
      }
      if (won) {
        sink.opportunities.push([
          opportunityId,
          name,
          story.companyId,
          story.personId,
          fieldRep,
          amount,
          "contracting",
          expectedClose,
          "won",
          null,
          "稟議承認、年間契約で受注",
          jstDate(closedAt),
          iso(openedAt),
          iso(closedAt),
          5,
        ]);
        move(
          "won",
          closedAt,
          fieldRep,
          `受注（年額${amount.toLocaleString("ja-JP")}円）`,
          fieldRep,
          "field_sales",
        );
        const successRep = pickOwner(r, reps.customer_success);
        const startAt = officeAfter(closedAt + 2 * DAY + r.exponential(5 * DAY));
        if (startAt < end) {
          move(
            "customer",
            startAt,
            successRep,
            "契約開始・オンボーディング開始",
            successRep,
            "customer_success",
          );
          activity("meeting", startAt + HOUR, {
            source: "手動",
            subject: "キックオフMTG",
            body: "導入スケジュールと初期設定（就業規則・承認フロー）を確認。",
            metadata: `{"durationMinutes":60}`,
            by: successRep,
          });
          for (let month = 1; month <= 3; month++) {
            activity(month === 3 ? "meeting" : "note", officeAfter(startAt + month * 30 * DAY), {
              source: "手動",
              subject: month === 3 ? "活用状況レビュー" : `導入定例（${month}か月目）`,
              body: r.pick([
                "打刻率98%。残業申請の運用が定着。",
                "経費精算の差し戻しが半減。",
                "拠点追加の相談あり（アップセル候補）。",
              ]),
              by: successRep,
            });
          }
        }
        break;
      }
      const reason = world.lostReasons.sample(r);
      sink.opportunities.push([
        opportunityId,
        name,
        story.companyId,
        story.personId,
        fieldRep,
        amount,
        LOST_AT_STAGE.sample(r),
        expectedClose,
        "lost",
        reason.id,
        r.pick(LOST_NOTES[reason.key] ?? LOST_NOTES.other!),
        jstDate(closedAt),
        iso(openedAt),
        iso(closedAt),
        4,
      ]);
      move("lost", closedAt, fieldRep, `失注: ${reason.labelJa}`, fieldRep, "field_sales");
      if (!r.chance(0.45)) break;
      const recycledAt = officeAfter(closedAt + 30 * DAY + r.exponential(60 * DAY));
      if (recycledAt >= end) break;
      move(
        "recycled",
        recycledAt,
        story.marketer,
        "失注後のナーチャリング（次回検討時期に再アプローチ）",
        story.marketer,
        "marketing",
      );
    }
  }

  nurture(world, { createdAt, stoppedAt, engagement, emailable, activity, pageView });

  const email = uniqueEmail(world, ci, given[2], family[2]);
  const phoneRoll = r.next();
  const phone =
    phoneRoll < 0.45
      ? landline(r, companies.prefectures[ci]!)
      : phoneRoll < 0.75
        ? mobile(r)
        : phoneRoll < 0.95
          ? companies.mainPhones[ci]!
          : null;
  const salesStage = stage === "sal" || stage === "sql" || stage === "opportunity";
  sink.people.push([
    story.personId,
    family[0],
    given[0],
    family[1],
    given[1],
    email,
    phone,
    department,
    title,
    story.companyId,
    owner,
    world.teamIds[team],
    stage,
    iso(at),
    salesStage ? perceivedTemperature(traits, r.normal()) : null,
    consent,
    ORIGIN_LABEL[origin],
    iso(createdAt),
    iso(at),
    changes,
  ]);
}

type ActivityFn = (
  type: ActivityType,
  at: number,
  fields: {
    source: string;
    campaign?: DemoCampaign | null;
    subject?: string | null;
    body?: string | null;
    metadata?: string;
    by?: string | null;
  },
) => void;

/** The touch that tips a person over the MQL line, placed just before the stage change. */
function mqlTrigger(
  world: World,
  mqlAt: number,
  since: number,
  alreadyInquired: boolean,
  activity: ActivityFn,
  pageView: (at: number, path: string) => void,
): string {
  const r = world.random;
  const before = (maxHours: number) =>
    Math.max(since + 60_000, mqlAt - Math.floor(r.between(0.1, maxHours) * HOUR));
  // A short burst of intent pages in the two weeks before: the pattern scoring should learn.
  const views = r.int(1, 3);
  for (let i = 0; i < views; i++) {
    pageView(Math.max(since + 60_000, mqlAt - Math.floor(r.next() * 14 * DAY)), r.pick(PAGES.intent));
  }
  if (alreadyInquired) return "問い合わせ（ホットリード）: MQL定義を満たしました";
  const roll = r.next();
  if (roll < 0.2) {
    activity("inquiry", before(3), {
      source: "Webフォーム",
      subject: r.pick(INQUIRY_SUBJECTS),
      body: "見積と導入スケジュールを知りたい。",
      metadata: `{"form":"contact"}`,
    });
    return "問い合わせ（ホットリード）: MQL定義を満たしました";
  }
  if (roll < 0.5) {
    activity("document_request", before(6), {
      source: "Webフォーム",
      campaign: world.campaigns.runningAt("seo_content", mqlAt, r),
      subject: `資料請求: ${r.pick(["料金プラン資料", "導入事例集"])}`,
      metadata: `{"document":"料金プラン資料"}`,
    });
    return "資料請求＋料金ページ閲覧でスコアがMQL基準に到達";
  }
  const webinar = world.campaigns.latestBefore("webinar", mqlAt, 5 * DAY);
  if (roll < 0.75 && webinar && webinar.at > since) {
    activity("webinar", webinar.at, {
      source: "ウェビナー",
      campaign: webinar,
      subject: webinar.name,
      metadata: `{"attended":true,"watchedMinutes":${r.int(30, 60)},"survey":"導入を検討中"}`,
    });
    return "ウェビナー参加＋アンケート「導入を検討中」でMQL基準に到達";
  }
  pageView(before(2), "/pricing");
  return "料金ページの再訪問が続きスコアがMQL基準に到達";
}

/**
 * Background engagement: newsletters, page views, the odd webinar. Interest fades, so the rate
 * decays with a 4-month time constant; that keeps about ten activities per person however long
 * the demo period is.
 */
function nurture(
  world: World,
  p: {
    createdAt: number;
    stoppedAt: number;
    engagement: number;
    emailable: boolean;
    activity: ActivityFn;
    pageView: (at: number, path: string) => void;
  },
): void {
  const r = world.random;
  const tau = 120 * DAY;
  const span = Math.min(world.calendar.end, p.stoppedAt + 7 * DAY) - p.createdAt;
  if (span <= 0) return;
  const decayed = 1 - Math.exp(-span / tau);
  const expected = p.engagement * 1.9 * (tau / (30 * DAY)) * decayed;
  const count = r.poisson(expected);
  for (let i = 0; i < count; i++) {
    const t = p.createdAt - tau * Math.log(1 - r.next() * decayed);
    const roll = r.next();
    if (roll < 0.55 && p.emailable) {
      const newsletter = world.campaigns.latestBefore("newsletter", t, 14 * DAY);
      if (newsletter && newsletter.at > p.createdAt) {
        const openedAt = newsletter.at + Math.floor(r.exponential(0.7 * DAY));
        p.activity("email_open", openedAt, {
          source: "MA",
          campaign: newsletter,
          subject: newsletter.subject,
        });
        if (r.chance(0.25)) {
          const path = r.pick(r.chance(0.3) ? PAGES.intent : PAGES.research);
          p.activity("email_click", openedAt + r.int(1, 10) * 60_000, {
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
      if (webinar && webinar.at > p.createdAt) {
        p.activity("webinar", webinar.at, {
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
    p.pageView(world.calendar.webTime(t, r), r.pick(pages));
  }
}

function pickDepartment(r: Random, title: Title, band: EmployeeBand): Department | null {
  if (title === "代表取締役") return r.chance(0.8) ? null : "経営企画部";
  if (title === "取締役" && r.chance(0.4)) return null;
  if ((band === "1-9" || band === "10-49") && r.chance(0.3)) return "管理部";
  return DEPARTMENT_WEIGHTS.sample(r);
}

/** Team members share the work; the demo login gets a slightly bigger share so its queues are full. */
function pickOwner(r: Random, members: readonly string[]): string {
  return r.chance(0.3) ? members[0]! : r.pick(members);
}

const LOCAL_PARTS: ((given: string, family: string) => string)[] = [
  (g, f) => `${g[0]}.${f}`,
  (g, f) => `${g}.${f}`,
  (g, f) => `${f}.${g}`,
  (_g, f) => f,
  (g, f) => `${g[0]}${f}`,
  (g, f) => `${f}-${g[0]}`,
];

function uniqueEmail(world: World, ci: number, given: string, family: string): string {
  const domain = world.companies.domains[ci]!;
  const local = LOCAL_PARTS[world.companies.emailStyles[ci]! % LOCAL_PARTS.length]!(given, family);
  for (let n = 1; ; n++) {
    const email = `${n === 1 ? local : `${local}${n}`}@${domain}`;
    const hash = emailHash(email);
    if (!world.emailHashes.has(hash)) {
      world.emailHashes.add(hash);
      return email;
    }
  }
}

/** Two 26-bit FNV-style hashes in one double: collisions only cost an extra digit, never a duplicate. */
function emailHash(text: string): number {
  let a = 0x811c9dc5;
  let b = 0x01000193;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995) ^ (b >>> 13);
  }
  return (a >>> 6) * 67_108_864 + (b >>> 6);
}

const TWO_DIGITS = Array.from({ length: 100 }, (_, i) => String(i).padStart(2, "0"));

/**
 * An instant as ISO 8601 UTC, to the second, by integer arithmetic (Hinnant's civil-from-days):
 * Date#toISOString was the generator's hottest function at ten million activities.
 */
export function iso(ms: number): string {
  const days = Math.floor(ms / DAY);
  const seconds = Math.floor((ms - days * DAY) / 1000);
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  return `${year}-${TWO_DIGITS[month]}-${TWO_DIGITS[day]}T${TWO_DIGITS[Math.floor(seconds / 3600)]}:${TWO_DIGITS[Math.floor(seconds / 60) % 60]}:${TWO_DIGITS[seconds % 60]}Z`;
}
