import { and, desc, eq, inArray, isNull, lt, or, sql } from "drizzle-orm";
import type { Db } from "../db/database.ts";
import { jobs } from "../db/schema.ts";

export type JobRow = typeof jobs.$inferSelect;

export async function insertJob(db: Db, values: typeof jobs.$inferInsert): Promise<JobRow> {
  const rows = await db.insert(jobs).values(values).returning();
  return rows[0]!;
}

export async function findJob(db: Db, id: string): Promise<JobRow | null> {
  const rows = await db.select().from(jobs).where(eq(jobs.id, id)).limit(1);
  return rows[0] ?? null;
}

export async function updateJob(
  db: Db,
  id: string,
  values: Partial<typeof jobs.$inferInsert>,
): Promise<void> {
  await db.update(jobs).set(values).where(eq(jobs.id, id));
}

/**
 * Serialises starting jobs of one kind until the transaction ends, across connections and
 * instances (a two-key advisory lock: 7261002 = job starts, the second key the kind).
 */
export async function lockJobStarts(db: Db, kind: string): Promise<void> {
  await db.execute(sql`select pg_advisory_xact_lock(7261002, hashtext(${kind}))`);
}

/** The newest queued or running job of a kind, if any. */
export async function findUnfinishedJob(db: Db, kind: string): Promise<JobRow | null> {
  const rows = await db
    .select()
    .from(jobs)
    .where(and(eq(jobs.kind, kind), inArray(jobs.status, ["queued", "running"])))
    .orderBy(desc(jobs.createdAt))
    .limit(1);
  return rows[0] ?? null;
}

/** Jobs a previous process started or queued and never finished. */
export async function listUnfinishedJobs(db: Db): Promise<JobRow[]> {
  return db
    .select()
    .from(jobs)
    .where(inArray(jobs.status, ["queued", "running"]));
}

/**
 * Takes a job for this process: a queued one, or a running one whose instance stopped beating
 * (heartbeat before `staleBefore`). Atomic, so of several instances resuming the same job at once
 * exactly one gets it; null when another instance has it (or it finished).
 */
export async function claimJob(db: Db, id: string, now: Date, staleBefore: Date): Promise<JobRow | null> {
  const rows = await db
    .update(jobs)
    .set({ status: "running", startedAt: now, heartbeatAt: now, error: null })
    .where(
      and(
        eq(jobs.id, id),
        or(
          eq(jobs.status, "queued"),
          and(eq(jobs.status, "running"), or(isNull(jobs.heartbeatAt), lt(jobs.heartbeatAt, staleBefore))),
        ),
      ),
    )
    .returning();
  return rows[0] ?? null;
}
