import type { jobSchema } from "@tasuki/contracts";
import type { z } from "zod";
import { notFound } from "../http/app-error.ts";
import type { Deps } from "../http/types.ts";
import {
  claimJob,
  findJob,
  findUnfinishedJob,
  insertJob,
  type JobRow,
  listUnfinishedJobs,
  lockJobStarts,
  updateJob,
} from "./jobs.repository.ts";

type JobResponse = z.infer<typeof jobSchema>;

export interface JobProgress {
  setTotal(total: number): Promise<void>;
  advance(done: number): Promise<void>;
}

/** The work of one job kind: idempotent, so a job interrupted by a restart can simply run again. */
export type JobHandler = (
  deps: Deps,
  payload: Record<string, unknown>,
  progress: JobProgress,
) => Promise<Record<string, unknown>>;

const handlers = new Map<string, JobHandler>();
const running = new Map<string, Promise<void>>();

export function registerJobHandler(kind: string, handler: JobHandler): void {
  handlers.set(kind, handler);
}

export function toJobResponse(row: JobRow): JobResponse {
  return {
    id: row.id,
    kind: row.kind,
    status: row.status as JobResponse["status"],
    // Rows written before progress was clamped may hold more done than total.
    progress: { done: clampProgress(row.progressDone, row.progressTotal), total: row.progressTotal },
    result: (row.result as Record<string, unknown> | null) ?? null,
    error: row.error,
    createdAt: row.createdAt.toISOString(),
    startedAt: row.startedAt?.toISOString() ?? null,
    finishedAt: row.finishedAt?.toISOString() ?? null,
  };
}

/** Work done so far, within 0 and the total once the total is known. */
export function clampProgress(done: number, total: number | null): number {
  const atLeastNone = Math.max(0, done);
  return total === null ? atLeastNone : Math.min(atLeastNone, total);
}

/** Records a job and runs it in this process, in the background; its row shows the progress. */
export async function startJob(
  deps: Deps,
  kind: string,
  payload: Record<string, unknown>,
  createdBy: string | null,
): Promise<JobRow> {
  const row = await insertJob(deps.db, { kind, payload, createdBy, createdAt: deps.clock.now() });
  void run(deps, row);
  return row;
}

/**
 * Starts a job of `kind` unless one is already queued or running, in which case that job is
 * returned (same id) and nothing new starts: e.g. ten `rescoreAll` requests at once make one
 * full rescore. The check and the insert hold an advisory lock on the kind, so concurrent
 * requests on PostgreSQL (and several instances) queue on it and the later ones find the first
 * job. A found job that no live instance runs (its heartbeat is stale) is taken over here.
 */
export async function startOrJoinJob(
  deps: Deps,
  kind: string,
  payload: Record<string, unknown>,
  createdBy: string | null,
): Promise<{ row: JobRow; started: boolean }> {
  const found = await deps.db.transaction(async (tx) => {
    await lockJobStarts(tx, kind);
    const open = await findUnfinishedJob(tx, kind);
    if (open) return { row: open, started: false };
    return {
      row: await insertJob(tx, { kind, payload, createdBy, createdAt: deps.clock.now() }),
      started: true,
    };
  });
  // Run only once committed; `run` claims it only if queued or abandoned, so a job another live
  // instance (or this one) runs is left alone.
  if (!running.has(found.row.id)) void run(deps, found.row);
  return found;
}

/** How often a running job says it is alive, and after how long without a sign another instance takes it over. */
export const JOB_HEARTBEAT_MS = 15_000;
export const JOB_STALE_MS = 60_000;

/**
 * Runs the job in this process if it can claim it (see `claimJob`): a job another live instance
 * runs is left to that instance. While running, the row's heartbeat moves with every progress
 * report and at least every JOB_HEARTBEAT_MS. Resolves once the claim is decided: whether this
 * process runs the job.
 */
function run(deps: Deps, row: JobRow): Promise<boolean> {
  const handler = handlers.get(row.kind);
  if (!handler) return Promise.resolve(false);
  let decided: (claimed: boolean) => void = () => undefined;
  const claim = new Promise<boolean>((resolve) => {
    decided = resolve;
  });
  let done = 0;
  let total: number | null = null;
  const beat = () => ({ heartbeatAt: deps.clock.now() });
  // Progress never exceeds its total, whatever a handler reports (people added or counted
  // differently after the total was taken): the bar stops full, never at 250,000 / 15,015.
  const progress: JobProgress = {
    setTotal: (value) => {
      total = Math.max(0, value);
      done = 0;
      return updateJob(deps.db, row.id, { progressTotal: total, progressDone: 0, ...beat() });
    },
    advance: async (count) => {
      done = clampProgress(done + count, total);
      // A handler that never said its total: the total is what is known to exist, what is done.
      const known = total === null ? { progressTotal: done } : {};
      await updateJob(deps.db, row.id, { progressDone: done, ...known, ...beat() });
    },
  };
  const promise = (async () => {
    const now = deps.clock.now();
    const claimed = await claimJob(deps.db, row.id, now, new Date(now.getTime() - JOB_STALE_MS)).catch(
      () => null, // the database is unreachable: a later tick tries again
    );
    decided(claimed !== null);
    if (!claimed) return;
    const heartbeat = setInterval(() => {
      updateJob(deps.db, row.id, beat()).catch(() => undefined);
    }, JOB_HEARTBEAT_MS);
    heartbeat.unref();
    try {
      const result = await handler(deps, (claimed.payload ?? {}) as Record<string, unknown>, progress);
      await updateJob(deps.db, row.id, { status: "succeeded", result, finishedAt: deps.clock.now() });
    } catch (error) {
      await updateJob(deps.db, row.id, {
        status: "failed",
        error: error instanceof Error ? error.message : String(error),
        finishedAt: deps.clock.now(),
      }).catch(() => undefined);
    } finally {
      clearInterval(heartbeat);
    }
  })().finally(() => running.delete(row.id));
  running.set(row.id, promise);
  return claim;
}

/**
 * Resumes unfinished jobs: at start-up (what a stopped process left) and on every job-runner
 * tick (what a crashed instance left, once its heartbeat is stale). Returns how many this
 * process took; jobs other live instances run are left alone.
 */
export async function resumeUnfinishedJobs(deps: Deps): Promise<number> {
  const rows = await listUnfinishedJobs(deps.db);
  let taken = 0;
  // Whether a running job's instance is still alive is decided in one place: `claimJob`.
  for (const row of rows) if (!running.has(row.id) && (await run(deps, row))) taken++;
  return taken;
}

/** Resolves when the job running in this process finishes (tests, CLI). */
export async function waitForJob(id: string): Promise<void> {
  await running.get(id);
}

/** Waits for every job running in this process, e.g. before closing the database. */
export async function waitForAllJobs(): Promise<void> {
  await Promise.all([...running.values()]);
}

export async function getJob(deps: Deps, id: string): Promise<JobResponse> {
  const row = await findJob(deps.db, id);
  if (!row) throw notFound("job");
  return toJobResponse(row);
}
