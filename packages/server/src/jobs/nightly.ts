import { sql } from "drizzle-orm";
import { queryRows } from "../db/database.ts";
import type { Deps } from "../http/types.ts";
import { findUnfinishedJob, lockJobStarts } from "./jobs.repository.ts";
import { resumeUnfinishedJobs } from "./jobs.service.ts";

/** The nightly rescore runs from 03:00 JST, when nobody is working. */
export const NIGHTLY_HOUR_JST = 3;

/** The latest 03:00 JST at or before `now`. */
export function lastNightlyStart(now: Date): Date {
  const jst = new Date(now.getTime() + 9 * 3_600_000);
  const start =
    Date.UTC(jst.getUTCFullYear(), jst.getUTCMonth(), jst.getUTCDate(), NIGHTLY_HOUR_JST) - 9 * 3_600_000;
  return new Date(start <= now.getTime() ? start : start - 86_400_000);
}

/**
 * Starts the nightly full rescore once per night: scores decay with time even when nobody acts,
 * so the stored scores are refreshed daily. The check and the insert share a transaction with the
 * kind's advisory lock (`lockJobStarts`, as `rescoreAll` takes it), so several instances on one
 * database start it once, and never beside another full rescore.
 */
export async function startNightlyRescore(deps: Deps, now: Date): Promise<boolean> {
  const since = lastNightlyStart(now);
  const due = await deps.db.transaction(async (tx) => {
    await lockJobStarts(tx, "rescore_all");
    // A full rescore already on its way (asked for by hand, or after an approval): the nightly
    // one waits for it rather than running beside it; a later tick starts it.
    if (await findUnfinishedJob(tx, "rescore_all")) return false;
    const rows = await queryRows<{ n: number }>(
      tx,
      sql`select count(*)::int as n from jobs
          where kind = 'rescore_all' and payload->>'reason' = 'nightly' and created_at >= ${since}`,
    );
    const model = await queryRows<{ n: number }>(
      tx,
      sql`select count(*)::int as n from scoring_model_versions where status = 'approved'`,
    );
    if ((rows[0]?.n ?? 0) > 0 || (model[0]?.n ?? 0) === 0) return false;
    // Recorded inside the lock, queued; the job itself runs right after.
    await tx.execute(
      sql`insert into jobs (kind, status, payload, created_at) values ('rescore_all', 'queued', '{"reason":"nightly"}'::jsonb, ${now})`,
    );
    return true;
  });
  // The queued row runs like any unfinished job.
  if (due) await resumeUnfinishedJobs(deps);
  return due;
}
