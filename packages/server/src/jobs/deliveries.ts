import { DELIVERY_MAX_ATTEMPTS, deliveryBackoffMs } from "@tasuki/domain";
import type { Deps } from "../http/types.ts";
import { buildChannelRequest, type ChannelRequest } from "./channel-requests.ts";
import {
  claimDueDeliveries,
  type DeliveryRow,
  findDeliveryContext,
  finishDelivery,
} from "./deliveries.repository.ts";

const BATCH = 20;

export interface DeliveryReport {
  delivered: number;
  retrying: number;
  failed: number;
  /** Outcomes not recorded because another worker took over the lease meanwhile. */
  lostLease: number;
}

export interface DeliveryOptions {
  /** Sends one request; tests swap it to simulate a crash mid-delivery. */
  send?: (request: ChannelRequest, timeoutMs: number) => Promise<{ status: number; body: string }>;
  /** How long a claimed delivery is this worker's before another may take it over. */
  leaseMs?: number;
}

export async function sendOverHttp(request: ChannelRequest, timeoutMs: number) {
  const response = await fetch(request.url, {
    method: "POST",
    headers: request.headers,
    body: request.body,
    signal: AbortSignal.timeout(timeoutMs),
    redirect: "error",
  });
  return { status: response.status, body: (await response.text()).slice(0, 500) };
}

/** 4xx other than 408/429 will not succeed by waiting (a deleted Slack webhook, a bad token). */
function isPermanent(status: number): boolean {
  return status >= 400 && status < 500 && status !== 408 && status !== 429;
}

/**
 * Sends every due delivery once per claim. The claim (attempt + lease) is committed before the
 * request goes out, and the outcome is recorded only by the holder of that attempt: so two
 * workers never send the same delivery at once, and a worker that dies mid-request leaves the
 * delivery to be taken over when its lease ends, with the same idempotency key.
 */
export async function deliverDue(
  deps: Deps,
  now: Date,
  options: DeliveryOptions = {},
): Promise<DeliveryReport> {
  const send = options.send ?? sendOverHttp;
  const timeoutMs = deps.config.jobs.deliveryTimeoutMs;
  const leaseMs = options.leaseMs ?? Math.max(60_000, timeoutMs * 3);
  const report: DeliveryReport = { delivered: 0, retrying: 0, failed: 0, lostLease: 0 };
  for (;;) {
    const claimed = await deps.db.transaction((tx) => claimDueDeliveries(tx, now, leaseMs, BATCH));
    for (const delivery of claimed) await deliverOne(deps, delivery, now, send, timeoutMs, report);
    if (claimed.length < BATCH) break;
  }
  return report;
}

async function deliverOne(
  deps: Deps,
  delivery: DeliveryRow,
  now: Date,
  send: NonNullable<DeliveryOptions["send"]>,
  timeoutMs: number,
  report: DeliveryReport,
): Promise<void> {
  const context = await findDeliveryContext(deps.db, delivery);
  let outcome: { ok: boolean; permanent: boolean; status: number | null; error: string | null };
  if (!context?.channel.active) {
    outcome = { ok: false, permanent: true, status: null, error: "channel inactive" };
  } else {
    try {
      const request = buildChannelRequest(context.channel, context.event, delivery.idempotencyKey, {
        publicUrl: deps.config.publicUrl,
        chatworkBaseUrl: deps.config.jobs.chatworkBaseUrl,
        sentAt: new Date(),
      });
      const response = await send(request, timeoutMs);
      const ok = response.status >= 200 && response.status < 300;
      outcome = {
        ok,
        permanent: isPermanent(response.status),
        status: response.status,
        error: ok ? null : `HTTP ${response.status}: ${response.body}`,
      };
    } catch (error) {
      outcome = { ok: false, permanent: false, status: null, error: (error as Error).message.slice(0, 500) };
    }
  }
  const finishedAt = new Date(Math.max(now.getTime(), deps.clock.now().getTime()));
  let recorded: boolean;
  if (outcome.ok) {
    recorded = await finishDelivery(deps.db, delivery, {
      status: "delivered",
      deliveredAt: finishedAt,
      lastStatusCode: outcome.status,
      lastError: null,
      updatedAt: finishedAt,
    });
    if (recorded) report.delivered++;
  } else {
    const giveUp = outcome.permanent || delivery.attempts >= DELIVERY_MAX_ATTEMPTS;
    recorded = await finishDelivery(deps.db, delivery, {
      status: giveUp ? "failed" : "pending",
      nextAttemptAt: new Date(now.getTime() + deliveryBackoffMs(delivery.attempts)),
      lastStatusCode: outcome.status,
      lastError: outcome.error,
      updatedAt: finishedAt,
    });
    if (recorded) giveUp ? report.failed++ : report.retrying++;
  }
  if (!recorded) report.lostLease++;
}
