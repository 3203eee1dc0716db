import { sql } from "drizzle-orm";
import { type Db, queryRows } from "../db/database.ts";
import { decodeCursor } from "../db/pagination.ts";

export interface TimelineKey {
  kind: "activity" | "stage_change";
  id: string;
  at: string;
}

/**
 * One page of a person's timeline, newest first: activities (notes included) and stage
 * changes merged in SQL on (at, id), so paging stays correct across both sources.
 */
export async function listTimelineKeys(
  db: Db,
  personId: string,
  limit: number,
  cursor?: string,
): Promise<TimelineKey[]> {
  const after = cursor ? decodeCursor(cursor, "timestamptz") : null;
  const where = after ? sql`where (t.at, t.id) < (${after[0]}::timestamptz, ${after[1]}::uuid)` : sql``;
  return queryRows<TimelineKey>(
    db,
    sql`select t.kind, t.id, t.at::text as at from (
          select 'activity' as kind, id, occurred_at as at from activities where person_id = ${personId}
          union all
          select 'stage_change' as kind, id, changed_at as at from stage_changes where person_id = ${personId}
        ) t ${where}
        order by t.at desc, t.id desc
        limit ${limit + 1}`,
  );
}
