import { lookup as dnsLookup, type LookupAddress, type LookupAllOptions } from "node:dns";
import { request as httpRequest } from "node:http";
import { request as httpsRequest } from "node:https";
import type { LookupFunction } from "node:net";
import { DELIVERY_MAX_ATTEMPTS, deliveryBackoffMs } from "@tasuki/domain";
import type { Deps } from "../http/types.ts";
import { buildChannelRequest, type ChannelRequest } from "./channel-requests.ts";
import {
  claimDueDeliveries,
  type DeliveryRow,
  findDeliveryContext,
  finishDelivery,
} from "./deliveries.repository.ts";
import { refuseAddress, refuseTargetUrl, type TargetPolicy, TargetRefusedError } from "./webhook-targets.ts";

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

/** Waited longer than `TASUKI_DELIVERY_TIMEOUT_SECONDS` for the whole answer. */
export class SendTimeoutError extends Error {
  override name = "SendTimeoutError";
  constructor(timeoutMs: number) {
    super(`no answer within ${Math.round(timeoutMs / 1000)} s`);
  }
}

/**
 * Resolves a name and hands the socket only addresses that passed `refuseAddress`: every
 * address the name has is checked, and the connection goes to a checked one, so a name that
 * answers a public address to a check and a private one to the connect (DNS rebinding) cannot
 * slip through between the two.
 */
function vettedLookup(resolve: Resolver): LookupFunction {
  return (hostname, options, callback) =>
    resolve(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, "", 0);
      const list = addresses as LookupAddress[];
      for (const { address } of list) {
        const reason = refuseAddress(address);
        if (reason) return callback(new TargetRefusedError(reason, hostname), "", 0);
      }
      if (!list.length) return callback(new Error(`${hostname} has no address`), "", 0);
      if (options.all) return callback(null, list);
      return callback(null, list[0]!.address, list[0]!.family);
    });
}

/** `dns.lookup` with every address; tests pass a resolver that answers what they need. */
export type Resolver = (
  hostname: string,
  options: LookupAllOptions,
  callback: (error: NodeJS.ErrnoException | null, addresses: LookupAddress[]) => void,
) => void;

/**
 * Posts one request with node:http(s), following no redirects. A channel's own URL (webhook,
 * Slack, Teams) is checked against `policy` first and its name resolved through `vettedLookup`;
 * Chatwork's root is the operator's config and is not. Keeps at most 500 characters of the answer
 * and stops reading after about 2 KB.
 */
export async function sendOverHttp(
  request: ChannelRequest,
  timeoutMs: number,
  policy: TargetPolicy,
  resolve: Resolver = dnsLookup,
): Promise<{ status: number; body: string }> {
  const url = new URL(request.url);
  const vet = request.checkTarget && !policy.allowPrivate;
  if (request.checkTarget) {
    const reason = refuseTargetUrl(url, policy);
    if (reason) throw new TargetRefusedError(reason, url.hostname);
  }
  const send = url.protocol === "https:" ? httpsRequest : httpRequest;
  return new Promise((done, reject) => {
    let timedOut = false;
    const fail = (error: Error) => {
      clearTimeout(timer);
      reject(timedOut ? new SendTimeoutError(timeoutMs) : error);
    };
    const req = send(
      url,
      {
        method: "POST",
        headers: { ...request.headers, "content-length": String(Buffer.byteLength(request.body)) },
        ...(vet ? { lookup: vettedLookup(resolve) } : {}),
      },
      (response) => {
        const chunks: Buffer[] = [];
        let length = 0;
        const finish = () => {
          clearTimeout(timer);
          done({
            status: response.statusCode ?? 0,
            body: Buffer.concat(chunks).toString("utf8").slice(0, 500),
          });
        };
        response.on("data", (chunk: Buffer) => {
          chunks.push(chunk);
          length += chunk.length;
          // Enough to say what went wrong: the rest of a large answer is not read.
          if (length >= 2000) {
            finish();
            response.destroy();
          }
        });
        response.on("error", fail);
        response.on("close", () => {
          if (!response.complete) fail(new Error("the connection closed before the answer ended"));
        });
        response.on("end", finish);
      },
    );
    const timer = setTimeout(() => {
      timedOut = true;
      req.destroy(new SendTimeoutError(timeoutMs));
    }, timeoutMs);
    req.on("error", fail);
    req.end(request.body);
  });
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
  const policy: TargetPolicy = { allowPrivate: deps.config.jobs.allowPrivateWebhookTargets };
  const send = options.send ?? ((request, ms) => sendOverHttp(request, ms, policy));
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
      // A refused target will not become acceptable by waiting: fail at once, saying why.
      const refused = error instanceof TargetRefusedError;
      outcome = {
        ok: false,
        permanent: refused,
        status: null,
        error: (error as Error).message.slice(0, 500),
      };
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
