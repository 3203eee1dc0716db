import { randomBytes } from "node:crypto";
import type {
  Locale,
  notificationChannelSchema,
  notificationSchema,
  testNotificationChannelResponseSchema,
  UpdateNotificationChannelInput,
} from "@tasuki/contracts";
import type { DeliveryStatus, NotificationChannelKind, RelayEventType } from "@tasuki/domain";
import type { z } from "zod";
import { recordAudit } from "../audit/audit.repository.ts";
import { AppError, notFound, versionConflict } from "../http/app-error.ts";
import type { Actor, Deps } from "../http/types.ts";
import { buildChannelRequest } from "../jobs/channel-requests.ts";
import { SendTimeoutError, sendOverHttp } from "../jobs/deliveries.ts";
import { refuseTargetUrl, TARGET_REFUSAL_TEXT, TargetRefusedError } from "../jobs/webhook-targets.ts";
import { findTeamById, listTeamRows } from "../users/users.repository.ts";
import { toTeamRef } from "../users/users.service.ts";
import {
  countDeliveriesByChannel,
  type DeliveryFilter,
  deleteChannelRow,
  findChannel,
  findChannelForUpdate,
  insertChannel,
  listChannelRows,
  listDeliveryRows,
  listNotificationRows,
  markNotificationRowsRead,
  type NotificationChannelRow,
  type NotificationFilter,
  type NotificationRow,
  type RelayEventRow,
  updateChannelRow,
} from "./notifications.repository.ts";
import type { RelayEventPayload } from "./relay-events.service.ts";

type NotificationResponse = z.infer<typeof notificationSchema>;
type NotificationChannelResponse = z.infer<typeof notificationChannelSchema>;

export function toNotificationResponse(row: NotificationRow, locale: Locale): NotificationResponse {
  return {
    id: row.id,
    type: row.type as RelayEventType,
    handoffId: row.handoffId,
    message: locale === "ja" ? row.messageJa : row.messageEn,
    read: row.readAt !== null,
    createdAt: row.createdAt.toISOString(),
  };
}

/** The caller's own in-app notifications, newest first by default. */
export async function listNotifications(
  deps: Deps,
  actor: Actor,
  filter: NotificationFilter,
  locale: Locale,
) {
  const { rows, nextCursor } = await listNotificationRows(deps.db, actor.userId, filter);
  return { items: rows.map((r) => toNotificationResponse(r, locale)), nextCursor };
}

/** Marks the caller's notifications read; others' ids are ignored, never an error that reveals them. */
export async function markNotificationsRead(deps: Deps, actor: Actor, ids: string[]) {
  const now = deps.clock.now();
  const updated = await deps.db.transaction(async (tx) => {
    const changed = await markNotificationRowsRead(tx, actor.userId, ids, now);
    if (changed.length) {
      await recordAudit(tx, actor, now, {
        action: "notification.read",
        entityType: "notification",
        entityId: null,
        after: { ids: changed },
      });
    }
    return changed.length;
  });
  return { updated };
}

// ── Channels ────────────────────────────────────────────────────────────────────────────────

/** Where the channel posts, without anything secret (webhook URLs carry their own credentials). */
function maskedTarget(row: NotificationChannelRow): string {
  const config = row.config as { url?: string; roomId?: string };
  if (row.kind === "chatwork") return `Chatwork room ${config.roomId ?? ""}`;
  try {
    const url = new URL(config.url ?? "");
    return `${url.protocol}//${url.host}/…`;
  } catch {
    return "";
  }
}

type DeliveryCounts = NotificationChannelResponse["deliveryCounts"];
const NO_DELIVERIES: DeliveryCounts = { pending: 0, delivered: 0, failed: 0 };

function toChannelResponse(
  row: NotificationChannelRow,
  teams: Map<string, { id: string; key: string; nameJa: string }>,
  counts: DeliveryCounts = NO_DELIVERIES,
): NotificationChannelResponse {
  const team = row.teamId ? teams.get(row.teamId) : undefined;
  return {
    id: row.id,
    kind: row.kind as NotificationChannelKind,
    name: row.name,
    target: maskedTarget(row),
    events: row.events as RelayEventType[],
    team: team ? toTeamRef(team) : null,
    active: row.active,
    deliveryCounts: counts,
    createdAt: row.createdAt.toISOString(),
    version: row.version,
  };
}

async function teamMap(deps: Deps) {
  return new Map((await listTeamRows(deps.db)).map((t) => [t.id, t]));
}

export async function listNotificationChannels(deps: Deps) {
  const [rows, teams, counts] = await Promise.all([
    listChannelRows(deps.db),
    teamMap(deps),
    countDeliveriesByChannel(deps.db),
  ]);
  return { items: rows.map((r) => toChannelResponse(r, teams, counts.get(r.id))) };
}

async function getChannel(deps: Deps, id: string) {
  const list = await listNotificationChannels(deps);
  const channel = list.items.find((c) => c.id === id);
  if (!channel) throw notFound("notification_channel");
  return channel;
}

/**
 * Channels post over https to public addresses only: loopback, private, link-local, metadata
 * and other special addresses (in any spelling) are refused here, and what a name resolves to
 * is checked again on every send. `TASUKI_ALLOW_PRIVATE_WEBHOOK_TARGETS=true` lifts this.
 */
function assertSafeUrl(deps: Deps, url: string): void {
  const reason = refuseTargetUrl(url, { allowPrivate: deps.config.jobs.allowPrivateWebhookTargets });
  if (!reason) return;
  throw new AppError("webhook_target_not_allowed", {}, [
    { path: "url", message: TARGET_REFUSAL_TEXT[reason] },
  ]);
}

export type CreateChannelInput = {
  name: string;
  events: RelayEventType[];
  teamId?: string | null;
} & (
  | { kind: "slack" | "teams" | "webhook"; url: string }
  | { kind: "chatwork"; roomId: string; apiToken: string }
);

/**
 * Adds a channel. Generic webhooks get a Standard Webhooks signing secret, returned only in
 * this response; a Chatwork token is stored and never returned.
 */
export async function createNotificationChannel(deps: Deps, actor: Actor, input: CreateChannelInput) {
  if (input.teamId && !(await findTeamById(deps.db, input.teamId))) throw notFound("team");
  let config: Record<string, string>;
  let secret: string | null = null;
  let signingSecret: string | null = null;
  if (input.kind === "chatwork") {
    config = { roomId: input.roomId };
    secret = input.apiToken;
  } else {
    assertSafeUrl(deps, input.url);
    config = { url: input.url };
    if (input.kind === "webhook") {
      signingSecret = `whsec_${randomBytes(32).toString("base64")}`;
      secret = signingSecret;
    }
  }
  const now = deps.clock.now();
  const row = await deps.db.transaction(async (tx) => {
    const created = await insertChannel(tx, {
      kind: input.kind,
      name: input.name,
      config,
      secret,
      events: [...new Set(input.events)],
      teamId: input.teamId ?? null,
      createdBy: actor.userId,
      createdAt: now,
      updatedAt: now,
    });
    const { secret: _omit, config: _config, ...safe } = created;
    await recordAudit(tx, actor, now, {
      action: "notification_channel.create",
      entityType: "notification_channel",
      entityId: created.id,
      after: { ...safe, target: maskedTarget(created) },
    });
    return created;
  });
  return { channel: toChannelResponse(row, await teamMap(deps)), signingSecret };
}

const fieldError = (path: string, message: string) =>
  new AppError("validation_failed", {}, [{ path, message }]);

/**
 * Renames, re-targets, re-subscribes or disables a channel. A disabled channel gets nothing new
 * queued and its waiting deliveries are failed by the worker ("channel inactive"); the webhook
 * signing secret stays the same across edits.
 */
export async function updateNotificationChannel(
  deps: Deps,
  actor: Actor,
  id: string,
  input: UpdateNotificationChannelInput,
) {
  if (input.teamId && !(await findTeamById(deps.db, input.teamId))) throw notFound("team");
  const now = deps.clock.now();
  await deps.db.transaction(async (tx) => {
    const before = await findChannelForUpdate(tx, id);
    if (!before) throw notFound("notification_channel");
    const config = { ...(before.config as Record<string, string>) };
    let secret = before.secret;
    if (before.kind === "chatwork") {
      if (input.url !== undefined)
        throw fieldError(
          "url",
          "Chatwork はルームIDとトークンで設定します / Chatwork uses a room id and token",
        );
      if (input.roomId !== undefined) config.roomId = input.roomId;
      if (input.apiToken !== undefined) secret = input.apiToken;
    } else {
      if (input.roomId !== undefined || input.apiToken !== undefined)
        throw fieldError(
          "roomId",
          "ルームIDとトークンは Chatwork 用です / room id and token are for Chatwork",
        );
      if (input.url !== undefined) {
        assertSafeUrl(deps, input.url);
        config.url = input.url;
      }
    }
    const after = await updateChannelRow(tx, id, input.version, {
      ...(input.name !== undefined ? { name: input.name } : {}),
      ...(input.events !== undefined ? { events: [...new Set(input.events)] } : {}),
      ...(input.teamId !== undefined ? { teamId: input.teamId } : {}),
      ...(input.active !== undefined ? { active: input.active } : {}),
      config,
      secret,
      updatedAt: now,
    });
    if (!after) throw versionConflict(before.version);
    const safe = (row: NotificationChannelRow) => {
      const { secret: _secret, config: _config, ...rest } = row;
      return { ...rest, target: maskedTarget(row), secretChanged: row.secret !== before.secret };
    };
    await recordAudit(tx, actor, now, {
      action: "notification_channel.update",
      entityType: "notification_channel",
      entityId: id,
      before: safe(before),
      after: safe(after),
    });
  });
  return getChannel(deps, id);
}

/** Removes a channel and its delivery log; to keep the log, disable it instead. */
export async function deleteNotificationChannel(deps: Deps, actor: Actor, id: string): Promise<void> {
  const now = deps.clock.now();
  await deps.db.transaction(async (tx) => {
    const before = await findChannelForUpdate(tx, id);
    if (!before) throw notFound("notification_channel");
    const deliveries = await deleteChannelRow(tx, id);
    const { secret: _secret, config: _config, ...safe } = before;
    await recordAudit(tx, actor, now, {
      action: "notification_channel.delete",
      entityType: "notification_channel",
      entityId: id,
      before: { ...safe, target: maskedTarget(before) },
      after: { deliveriesRemoved: deliveries },
    });
  });
}

/** A sample handoff event for a test send: clearly a test, with no real person in it. */
function sampleEvent(now: Date): RelayEventRow {
  const team = (key: string, nameJa: string, nameEn: string) => ({
    id: "00000000-0000-4000-8000-000000000000",
    key,
    nameJa,
    nameEn,
  });
  const payload: RelayEventPayload = {
    handoffId: "00000000-0000-4000-8000-000000000000",
    person: { id: "00000000-0000-4000-8000-000000000000", name: "テスト 送信" },
    fromTeam: team("marketing", "マーケティング", "Marketing"),
    toTeam: team("inside_sales", "インサイドセールス", "Inside Sales"),
    createdAt: now.toISOString(),
    dueAt: new Date(now.getTime() + 4 * 3_600_000).toISOString(),
    slaBusinessMinutes: 240,
    assignee: null,
    actor: null,
    reason: null,
    comment: null,
    escalatedTo: [],
  };
  return {
    id: "00000000-0000-4000-8000-000000000000",
    type: "handoff.created",
    eventKey: "test",
    handoffId: null,
    payload,
    occurredAt: now,
  };
}

type TestOutcome = z.infer<typeof testNotificationChannelResponseSchema>["outcome"];

/** What a failed test send says: Tasuki's own words, never the receiver's answer. */
const TEST_ERRORS: Record<Exclude<TestOutcome, "ok" | "http_error" | "refused">, string> = {
  timeout: "受信側が時間内に応答しませんでした / the receiver did not answer in time",
  unreachable:
    "受信側に接続できませんでした（名前解決・接続・TLS）/ could not reach the receiver (name lookup, connection or TLS)",
};

/**
 * Sends one sample message to the channel now, outside the outbox (nothing is retried or
 * logged as a delivery), and says how it went: the HTTP status, or a timeout, an unreachable
 * receiver or a refused target. Never the receiver's body or a timing, so a test send cannot be
 * used to read or map hosts. Works on a disabled channel too, so a fixed URL can be checked
 * before it is switched back on.
 */
export async function testNotificationChannel(deps: Deps, actor: Actor, id: string) {
  const channel = await findChannel(deps.db, id);
  if (!channel) throw notFound("notification_channel");
  const sentAt = new Date();
  const idempotencyKey = `test_${randomBytes(12).toString("hex")}`;
  const request = buildChannelRequest(channel, sampleEvent(deps.clock.now()), idempotencyKey, {
    publicUrl: deps.config.publicUrl,
    chatworkBaseUrl: deps.config.jobs.chatworkBaseUrl,
    sentAt,
    test: true,
  });
  const started = performance.now();
  let result: { ok: boolean; outcome: TestOutcome; statusCode: number | null; error: string | null };
  try {
    const response = await sendOverHttp(request, deps.config.jobs.deliveryTimeoutMs, {
      allowPrivate: deps.config.jobs.allowPrivateWebhookTargets,
    });
    const ok = response.status >= 200 && response.status < 300;
    result = ok
      ? { ok, outcome: "ok", statusCode: response.status, error: null }
      : {
          ok,
          outcome: "http_error",
          statusCode: response.status,
          error: `受信側が HTTP ${response.status} を返しました / the receiver answered HTTP ${response.status}`,
        };
  } catch (error) {
    result =
      error instanceof TargetRefusedError
        ? { ok: false, outcome: "refused", statusCode: null, error: TARGET_REFUSAL_TEXT[error.reason] }
        : error instanceof SendTimeoutError
          ? { ok: false, outcome: "timeout", statusCode: null, error: TEST_ERRORS.timeout }
          : { ok: false, outcome: "unreachable", statusCode: null, error: TEST_ERRORS.unreachable };
  }
  await recordAudit(deps.db, actor, deps.clock.now(), {
    action: "notification_channel.test",
    entityType: "notification_channel",
    entityId: id,
    after: { ...result, durationMs: Math.round(performance.now() - started) },
  });
  return result;
}

/** The channel's delivery log: each event sent (or waiting to be), attempts, last error, next retry. */
export async function listDeliveries(deps: Deps, channelId: string, filter: DeliveryFilter) {
  if (!(await findChannel(deps.db, channelId))) throw notFound("notification_channel");
  const { rows, nextCursor } = await listDeliveryRows(deps.db, channelId, filter);
  return {
    items: rows.map(({ delivery: d, handoffId, personName }) => ({
      id: d.id,
      eventType: d.eventType as RelayEventType,
      handoffId,
      personName,
      status: d.status as DeliveryStatus,
      attempts: d.attempts,
      lastStatusCode: d.lastStatusCode,
      lastError: d.lastError,
      nextAttemptAt: d.status === "pending" || d.status === "sending" ? d.nextAttemptAt.toISOString() : null,
      deliveredAt: d.deliveredAt?.toISOString() ?? null,
      createdAt: d.createdAt.toISOString(),
      updatedAt: d.updatedAt.toISOString(),
    })),
    nextCursor,
  };
}
