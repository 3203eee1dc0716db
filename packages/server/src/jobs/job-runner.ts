import type { FastifyBaseLogger } from "fastify";
import type { Deps } from "../http/types.ts";
import { type SlaSweepReport, sweepSla } from "../relay/sla-sweep.ts";
import { type DeliveryOptions, type DeliveryReport, deliverDue } from "./deliveries.ts";
import { resumeUnfinishedJobs } from "./jobs.service.ts";
import { startNightlyRescore } from "./nightly.ts";

export interface JobRunReport {
  sla: SlaSweepReport;
  deliveries: DeliveryReport;
  /** Whether this run started the nightly rescore (engagement decays even without activity). */
  nightlyRescore: boolean;
  /** Jobs this instance took over from one that stopped beating (it crashed mid-job). */
  resumedJobs: number;
}

/**
 * The durable background work of one app instance. All state lives in the database (handoff
 * deadlines, events, the deliveries outbox), so the runner itself holds nothing: stop it,
 * restart the process, run several instances on one PostgreSQL, and every due job still runs
 * once.
 */
export interface JobRunner {
  /** Runs everything due at `now` (default: the server clock) and reports what it did. */
  runDueJobs(now?: Date, options?: DeliveryOptions): Promise<JobRunReport>;
  /** Polls every `config.jobs.intervalMs` until stopped. */
  start(): void;
  /** Stops polling and waits for a run in progress. */
  stop(): Promise<void>;
}

export function createJobRunner(deps: Deps, log: FastifyBaseLogger): JobRunner {
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<unknown> | null = null;

  async function runDueJobs(
    now: Date = deps.clock.now(),
    options: DeliveryOptions = {},
  ): Promise<JobRunReport> {
    const sla = await sweepSla(deps, now);
    const deliveries = await deliverDue(deps, now, options);
    const nightlyRescore = await startNightlyRescore(deps, now);
    const resumedJobs = await resumeUnfinishedJobs(deps);
    return { sla, deliveries, nightlyRescore, resumedJobs };
  }

  function tick(): void {
    if (running) return; // a slow run (a hanging receiver) must not pile up runs behind it
    running = runDueJobs()
      .then((report) => {
        const { sla, deliveries } = report;
        if (
          sla.atRisk ||
          sla.breached ||
          deliveries.delivered ||
          deliveries.retrying ||
          deliveries.failed ||
          report.resumedJobs
        )
          log.info({ jobs: report }, "jobs ran");
      })
      .catch((error: unknown) => log.error({ err: error }, "jobs failed; retrying next tick"))
      .finally(() => {
        running = null;
      });
  }

  return {
    runDueJobs,
    start() {
      if (timer) return;
      timer = setInterval(tick, deps.config.jobs.intervalMs);
      timer.unref();
      tick();
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = null;
      await running;
    },
  };
}
