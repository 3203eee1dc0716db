import { randomBytes } from "node:crypto";
import type { Locale, notificationChannelSchema, notificationSchema } from "@tasuki/contracts";
import type { NotificationChannelKind, RelayEventType } from "@tasuki/domain";
import type { z } from "zod";
import { recordAudit } from "../audit/audit.repository.ts";
import { AppError, notFound } from "../http/app-error.ts";
import type { Actor, Deps } from "../http/types.ts";
import { findTeamById } from "../users/users.repository.ts";
import {
  insertChannel,
  listChannelRows,
  listNotificationRows,
  markNotificationRowsRead,
  type NotificationChannelRow,
  type NotificationFilter,
  type NotificationRow,
} from "./notifications.repository.ts";
import { listTeamRows } from "./relay-settings.repository.ts";
import { toTeamRef } from "./relay-settings.service.ts";

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

function toChannelResponse(
  row: NotificationChannelRow,
  teams: Map<string, { id: string; key: string; nameJa: string }>,
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
    createdAt: row.createdAt.toISOString(),
    version: row.version,
  };
}

async function teamMap(deps: Deps) {
  return new Map((await listTeamRows(deps.db)).map((t) => [t.id, t]));
}

export async function listNotificationChannels(deps: Deps) {
  const [rows, teams] = await Promise.all([listChannelRows(deps.db), teamMap(deps)]);
  return { items: rows.map((r) => toChannelResponse(r, teams)) };
}

const LOOPBACK_HOSTS = new Set(["127.0.0.1", "localhost", "[::1]"]);

/** Channels post over https; plain http only to this machine (local receivers, development). */
function assertSafeUrl(url: string): void {
  const parsed = new URL(url);
  if (parsed.protocol === "https:" || (parsed.protocol === "http:" && LOOPBACK_HOSTS.has(parsed.hostname)))
    return;
  throw new AppError("validation_failed", {}, [
    {
      path: "url",
      message: "URL は https:// で始めてください / the URL must start with https://",
    },
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
    assertSafeUrl(input.url);
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
