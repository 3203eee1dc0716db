import type { Locale } from "@tasuki/contracts";
import type { RelayEventType } from "@tasuki/domain";
import { formatPersonName } from "@tasuki/domain";
import type { Db } from "../db/database.ts";
import type { Actor, Deps } from "../http/types.ts";
import { userNames } from "../users/users.service.ts";
import { findHandoffViews, type HandoffRow } from "./handoffs.repository.ts";
import {
  findSubscribedChannels,
  insertDeliveries,
  insertNotifications,
  insertRelayEventsOnce,
  type RelayEventRow,
} from "./notifications.repository.ts";

interface TeamInfo {
  id: string;
  key: string;
  nameJa: string;
  nameEn: string;
}
interface Named {
  id: string;
  name: string;
}

/** What every relay event carries: enough for a message, a chat post or a webhook receiver. */
export interface RelayEventPayload {
  handoffId: string;
  person: Named;
  fromTeam: TeamInfo;
  toTeam: TeamInfo;
  createdAt: string;
  dueAt: string;
  slaBusinessMinutes: number;
  assignee: Named | null;
  /** Who created, accepted or rejected it; null for the relay itself. */
  actor: Named | null;
  reason: { key: string; labelJa: string; labelEn: string } | null;
  comment: string | null;
  escalatedTo: Named[];
}

/** An instant as JST wall-clock time, `2026/06/08 12:30`. */
export function formatJst(iso: string): string {
  const local = new Date(new Date(iso).getTime() + 9 * 3_600_000).toISOString();
  return `${local.slice(0, 10).replace(/-/g, "/")} ${local.slice(11, 16)}`;
}

/** The one-line message for an event, in both languages (in-app notifications and chat posts). */
export function describeEvent(type: RelayEventType, p: RelayEventPayload): Record<Locale, string> {
  const due = `${formatJst(p.dueAt)} JST`;
  const who = p.person.name;
  switch (type) {
    case "handoff.created":
      return {
        ja: `${p.fromTeam.nameJa}から${who}さんの引き渡しが届きました（期限 ${due}）`,
        en: `New handoff from ${p.fromTeam.nameEn}: ${who} (due ${due})`,
      };
    case "handoff.accepted":
      return {
        ja: `${p.toTeam.nameJa}が${who}さんの引き渡しを承認しました`,
        en: `${p.toTeam.nameEn} accepted the handoff of ${who}`,
      };
    case "handoff.rejected":
      return {
        ja: `${p.toTeam.nameJa}が${who}さんを差し戻しました。理由: ${p.reason?.labelJa ?? ""}「${p.comment ?? ""}」`,
        en: `${p.toTeam.nameEn} returned ${who}. Reason: ${p.reason?.labelEn ?? ""} "${p.comment ?? ""}"`,
      };
    case "handoff.at_risk":
      return {
        ja: `${who}さんの引き渡し（${p.toTeam.nameJa}宛て）の SLA 期限が迫っています（期限 ${due}）`,
        en: `The handoff of ${who} to ${p.toTeam.nameEn} is at risk of missing its SLA (due ${due})`,
      };
    case "handoff.breached": {
      const escalatedJa = p.escalatedTo.length
        ? `${p.escalatedTo.map((u) => u.name).join("、")}さんにエスカレーションしました`
        : "";
      const escalatedEn = p.escalatedTo.length
        ? ` Escalated to ${p.escalatedTo.map((u) => u.name).join(", ")}.`
        : "";
      return {
        ja: `${who}さんの引き渡し（${p.toTeam.nameJa}宛て）が SLA 期限（${due}）を超過しました。${escalatedJa}`,
        en: `The handoff of ${who} to ${p.toTeam.nameEn} breached its SLA (due ${due}).${escalatedEn}`,
      };
    }
  }
}

/**
 * Emits a relay event inside the caller's transaction: the event row (once per key), an in-app
 * notification for each recipient, and a queued delivery for each subscribed channel. Emitting
 * the same event again does nothing, so a sweep that runs twice announces a breach once.
 */
export async function emitRelayEvent(
  tx: Db,
  type: RelayEventType,
  payload: RelayEventPayload,
  recipients: string[],
  now: Date,
): Promise<RelayEventRow | null> {
  return (await emitRelayEvents(tx, type, [{ payload, recipients }], now))[0] ?? null;
}

/** An event happens once per type and handoff: its key makes emitting it again a no-op. */
export function relayEventKey(type: RelayEventType, handoffId: string): string {
  return `${type}:${handoffId}`;
}

/** Emits one event of a type per handoff in a constant number of statements (see emitRelayEvent). */
export async function emitRelayEvents(
  tx: Db,
  type: RelayEventType,
  items: { payload: RelayEventPayload; recipients: string[] }[],
  now: Date,
): Promise<RelayEventRow[]> {
  const events = await insertRelayEventsOnce(
    tx,
    items.map(({ payload }) => ({
      type,
      eventKey: relayEventKey(type, payload.handoffId),
      handoffId: payload.handoffId,
      payload,
      occurredAt: now,
    })),
  );
  const eventOf = new Map(events.map((e) => [e.handoffId, e]));
  const emitted = items.flatMap((item) => {
    const event = eventOf.get(item.payload.handoffId);
    return event ? [{ ...item, event }] : [];
  });
  await insertNotifications(
    tx,
    emitted.flatMap(({ payload, recipients, event }) => {
      const message = describeEvent(type, payload);
      return [...new Set(recipients)].map((userId) => ({
        userId,
        eventId: event.id,
        type,
        handoffId: payload.handoffId,
        messageJa: message.ja,
        messageEn: message.en,
        createdAt: now,
      }));
    }),
  );
  // Channels subscribe per team: look them up once per pair of teams, not once per event.
  const channelsOf = new Map<string, Awaited<ReturnType<typeof findSubscribedChannels>>>();
  for (const { payload } of emitted) {
    const pair = `${payload.fromTeam.id}:${payload.toTeam.id}`;
    if (!channelsOf.has(pair))
      channelsOf.set(pair, await findSubscribedChannels(tx, type, [payload.fromTeam.id, payload.toTeam.id]));
  }
  await insertDeliveries(
    tx,
    emitted.flatMap(({ payload, event }) =>
      channelsOf.get(`${payload.fromTeam.id}:${payload.toTeam.id}`)!.map((channel) => ({
        channelId: channel.id,
        eventId: event.id,
        eventType: type,
        idempotencyKey: `evt_${event.id}_${channel.id}`,
        nextAttemptAt: now,
        createdAt: now,
        updatedAt: now,
      })),
    ),
  );
  return emitted.map((e) => e.event);
}

/** The payload every event about this handoff carries. */
export async function eventPayload(
  db: Db,
  handoff: HandoffRow,
  extra: Partial<Pick<RelayEventPayload, "actor" | "reason" | "comment" | "escalatedTo">> = {},
): Promise<RelayEventPayload> {
  return (await eventPayloads(db, [handoff], extra))[0]!;
}

/** The payloads of several handoffs' events, in two statements however many. */
export async function eventPayloads(
  db: Db,
  handoffs: HandoffRow[],
  extra: Partial<Pick<RelayEventPayload, "actor" | "reason" | "comment" | "escalatedTo">> = {},
): Promise<RelayEventPayload[]> {
  const views = new Map(
    (
      await findHandoffViews(
        db,
        handoffs.map((h) => h.id),
      )
    ).map((v) => [v.handoff.id, v]),
  );
  const names = await userNamesIn(
    db,
    handoffs.flatMap((h) => (h.assigneeUserId ? [h.assigneeUserId] : [])),
  );
  return handoffs.map((handoff) => {
    const view = views.get(handoff.id)!;
    return {
      handoffId: handoff.id,
      person: { id: handoff.personId, name: formatPersonName(view.personFamilyName, view.personGivenName) },
      fromTeam: view.fromTeam,
      toTeam: view.toTeam,
      createdAt: handoff.createdAt.toISOString(),
      dueAt: handoff.dueAt.toISOString(),
      slaBusinessMinutes: handoff.slaBusinessMinutes,
      assignee: handoff.assigneeUserId
        ? { id: handoff.assigneeUserId, name: names.get(handoff.assigneeUserId) ?? "" }
        : null,
      actor: extra.actor ?? null,
      reason: extra.reason ?? null,
      comment: extra.comment ?? null,
      escalatedTo: extra.escalatedTo ?? [],
    };
  });
}

/** Display names read inside a transaction (userNames reads through deps.db, outside it). */
export async function userNamesIn(db: Db, ids: string[]): Promise<Map<string, string>> {
  return userNames({ db } as Deps, ids);
}

export async function actorRef(db: Db, actor: Actor | null) {
  if (!actor) return null;
  const names = await userNamesIn(db, [actor.userId]);
  return { id: actor.userId, name: names.get(actor.userId) ?? "" };
}
