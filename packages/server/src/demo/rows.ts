import type { CheckedScoringModel, LifecycleStage, TeamFunction } from "@tasuki/domain";
import type { WorkCalendar } from "./calendar.ts";
import type { CampaignIndex } from "./campaign.generator.ts";
import type { CompanyPool } from "./company.generator.ts";
import type { DemoDefinition } from "./definition-clock.ts";
import type { Random, Weighted } from "./random.ts";

/** COPY column lists. Generated columns (search_text) are left out: the database computes them. */
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
  "definition_version_id",
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
  "renewal_on",
] as const;

/**
 * Rows produced by one round of people, in the order they must be loaded (foreign keys). The
 * relay's rows (handoffs, relay events, notifications) are built by relay/relay-rows.ts.
 */
export interface RowSink {
  companies: unknown[][];
  people: unknown[][];
  stageChanges: unknown[][];
  activities: unknown[][];
  opportunities: unknown[][];
  handoffs: unknown[][];
  relayEvents: unknown[][];
  notifications: unknown[][];
}

export interface RelayReason {
  id: string;
  key: string;
  labelJa: string;
  labelEn: string;
  disqualifies: boolean;
}

export interface RelayTeam {
  id: string;
  key: string;
  nameJa: string;
  nameEn: string;
}

/** The relay's settings as the migration made them: SLA per edge, reasons, managers. */
export interface DemoRelay {
  /** The edge a stage opens: MQL → Marketing→IS, SQL → IS→FS, won → FS→CS. */
  edges: Record<"mql" | "sql" | "won", { policyId: string; minutes: number; from: RelayTeam; to: RelayTeam }>;
  /** Rejection reasons per receiving team, weighted by how often that team gives them. */
  reasons: Record<"inside_sales" | "field_sales", Weighted<RelayReason>>;
  managers: Record<TeamFunction, string>;
  /** Business days before the end of history in which half the handoffs are still undecided. */
  openWindowDays: Record<"inside_sales" | "field_sales" | "customer_success", number>;
  /** The seeding moment: handoffs still open are judged (at risk, breached) against it. */
  now: number;
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
  /**
   * The signed definitions (MQL, SAL, SQL, ホットリード v1): auto-advancing ones move people the
   * moment they hold; each qualifying move cites the one for its stage.
   */
  definitions: Record<string, DemoDefinition>;
  /** The signed scoring model, for definitions that read a score at a past moment. */
  scoring: CheckedScoringModel;
  relay: DemoRelay;
  /** Staff display names (姓 名) by user id, for notification texts. */
  staffNames: Map<string, string>;
}

/** Stages in which sales keeps a temperature (温度感) on the person. */
export const SALES_STAGES: readonly LifecycleStage[] = ["sal", "sql", "opportunity"];

const TWO_DIGITS = Array.from({ length: 100 }, (_, i) => String(i).padStart(2, "0"));
const DAY_MS = 86_400_000;

/**
 * An instant as ISO 8601 UTC, to the second, by integer arithmetic (Hinnant's civil-from-days):
 * Date#toISOString was the generator's hottest function at ten million activities.
 */
export function iso(ms: number): string {
  const days = Math.floor(ms / DAY_MS);
  const seconds = Math.floor((ms - days * DAY_MS) / 1000);
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
