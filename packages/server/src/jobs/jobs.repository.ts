import { eq, inArray } from "drizzle-orm";
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

/** Jobs a previous process started or queued and never finished. */
export async function listUnfinishedJobs(db: Db): Promise<JobRow[]> {
  return db
    .select()
    .from(jobs)
    .where(inArray(jobs.status, ["queued", "running"]));
}
