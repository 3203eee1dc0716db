import { Readable } from "node:stream";
import {
  type CompanyResponse,
  EXPORT_FILE_STEMS,
  EXPORT_HEADERS,
  type ExportEncoding,
  type ExportKind,
  type Locale,
  type PersonResponse,
} from "@tasuki/contracts";
import { type CsvValue, csvLine, jstDateOf, jstDateTime } from "@tasuki/domain";
import type { ActivityFilter } from "../activities/activities.repository.ts";
import { listActivities } from "../activities/activities.service.ts";
import { recordAudit } from "../audit/audit.repository.ts";
import type { CompanyFilter } from "../companies/companies.repository.ts";
import { listCompanies } from "../companies/companies.service.ts";
import type { Actor, Deps } from "../http/types.ts";
import type { OpportunityFilter } from "../opportunities/opportunities.repository.ts";
import { listOpportunities } from "../opportunities/opportunities.service.ts";
import type { PersonFilter } from "../people/people.repository.ts";
import { listPeople } from "../people/people.service.ts";
import { encodeCp932 } from "./cp932.ts";

/**
 * Rows read per query. The export walks the list operation's own keyset pages (same filter, same
 * order, same code), so memory holds one batch, not the result; each batch is its own statement,
 * so a long export holds no transaction or lock open (rows changed during it may show their new
 * values; none is written twice or skipped, the keyset is (sort key, id)).
 */
export const EXPORT_BATCH = 1000;

type ActivityResponse = Awaited<ReturnType<typeof listActivities>>["items"][number];
type OpportunityResponse = Awaited<ReturnType<typeof listOpportunities>>["items"][number];
type Page<T> = { items: T[]; nextCursor: string | null };
type Fetch<T> = (cursor: string | undefined, limit: number) => Promise<Page<T>>;

interface ExportSpec<F, T> {
  list: (deps: Deps, filter: F) => Promise<Page<T>>;
  row: (item: T) => CsvValue[];
  entityType: string;
}

const jst = (instant: string | null) => (instant ? jstDateTime(instant) : null);

const SPECS = {
  people: {
    list: listPeople,
    entityType: "person",
    row: (p: PersonResponse) => [
      p.id,
      p.familyName,
      p.givenName,
      p.familyNameKana,
      p.givenNameKana,
      p.email,
      p.phone,
      p.company?.id,
      p.company?.name,
      p.department,
      p.title,
      p.stage,
      p.temperature,
      p.consentStatus,
      p.source,
      p.owner?.name,
      p.team?.name,
      p.score?.total,
      jst(p.stageChangedAt),
      jst(p.createdAt),
      jst(p.updatedAt),
    ],
  } satisfies ExportSpec<PersonFilter, PersonResponse>,
  companies: {
    list: listCompanies,
    entityType: "company",
    row: (c: CompanyResponse) => [
      c.id,
      c.name,
      c.nameKana,
      c.corporateNumber,
      c.industry,
      c.employeeBand,
      c.prefecture,
      c.domain,
      c.owner?.name,
      c.peopleCount,
      c.openOpportunityCount,
      jst(c.createdAt),
      jst(c.updatedAt),
    ],
  } satisfies ExportSpec<CompanyFilter, CompanyResponse>,
  opportunities: {
    list: listOpportunities,
    entityType: "opportunity",
    row: (o: OpportunityResponse) => [
      o.id,
      o.name,
      o.company.id,
      o.company.name,
      o.person?.id,
      o.person?.name,
      o.owner?.name,
      o.amount,
      o.stage,
      o.expectedCloseDate,
      o.outcome,
      o.lostReason?.key,
      o.closeNote,
      o.closedOn,
      jst(o.createdAt),
      jst(o.updatedAt),
      // Appended last so files exported before it was added still line up on re-import.
      o.renewalOn,
    ],
  } satisfies ExportSpec<OpportunityFilter, OpportunityResponse>,
  activities: {
    list: listActivities,
    entityType: "activity",
    row: (a: ActivityResponse) => [
      a.id,
      a.personId,
      a.companyId,
      a.type,
      jst(a.occurredAt),
      a.source,
      a.campaignId,
      a.subject,
      a.body,
      a.createdBy?.name,
      jst(a.createdAt),
    ],
  } satisfies ExportSpec<ActivityFilter, ActivityResponse>,
};

export interface ExportFilters {
  people: Omit<PersonFilter, "cursor" | "limit">;
  companies: Omit<CompanyFilter, "cursor" | "limit">;
  opportunities: Omit<OpportunityFilter, "cursor" | "limit">;
  activities: Omit<ActivityFilter, "cursor" | "limit">;
}

export interface ExportOptions {
  encoding: ExportEncoding;
  locale: Locale;
}

export interface ExportStream {
  stream: Readable;
  fileName: string;
  /** Characters Shift_JIS could not hold, written as 〓; final once the stream has ended. */
  replaced(): number;
}

const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/**
 * Streams a list's rows as CSV. Stopping the stream (the client went away) returns the generator,
 * so no further batch is read. The export is audited when it ends, with the filter, the rows
 * written, and whether it completed.
 */
export function exportCsv<K extends ExportKind>(
  deps: Deps,
  /** Null for the CLI (a terminal with database access), recorded as such in the audit log. */
  actor: Actor | null,
  kind: K,
  filter: ExportFilters[K],
  options: ExportOptions,
): ExportStream {
  const spec = SPECS[kind] as unknown as ExportSpec<ExportFilters[K], unknown>;
  const fetch: Fetch<unknown> = (cursor, limit) =>
    spec.list(deps, { ...filter, cursor, limit } as ExportFilters[K]);
  let replaced = 0;
  const encode = (text: string): Buffer => {
    if (options.encoding === "utf8") return Buffer.from(text, "utf8");
    const out = encodeCp932(text);
    replaced += out.replaced;
    return out.bytes;
  };
  async function* chunks(): AsyncGenerator<Buffer> {
    let rows = 0;
    let completed = false;
    try {
      const header = encode(csvLine(EXPORT_HEADERS[kind][options.locale]));
      yield options.encoding === "utf8" ? Buffer.concat([UTF8_BOM, header]) : header;
      let cursor: string | undefined;
      do {
        const page = await fetch(cursor, EXPORT_BATCH);
        let text = "";
        for (const item of page.items) text += csvLine(spec.row(item));
        rows += page.items.length;
        if (text) yield encode(text);
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      completed = true;
    } finally {
      await recordAudit(deps.db, actor, deps.clock.now(), {
        action: `${kind}.export`,
        entityType: spec.entityType,
        entityId: null,
        after: {
          filter,
          encoding: options.encoding,
          rows,
          replacedCharacters: replaced,
          completed,
          via: actor ? actor.via : "cli",
        },
      });
    }
  }
  const stem = EXPORT_FILE_STEMS[kind][options.locale];
  const fileName = `${stem}-${jstDateOf(deps.clock.now()).replaceAll("-", "")}.csv`;
  return { stream: Readable.from(chunks(), { objectMode: false }), fileName, replaced: () => replaced };
}

/**
 * `attachment` with an ASCII fallback name and the real (possibly Japanese) name per RFC 5987 /
 * RFC 6266, which every current browser reads.
 */
export function contentDisposition(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, "_").replace(/["\\]/g, "_");
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}
