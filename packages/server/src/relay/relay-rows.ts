import type { RelayEventType } from "@tasuki/domain";
import { describeEvent, type RelayEventPayload, relayEventKey } from "./relay-events.service.ts";

/**
 * The relay's rows for a bulk load (COPY): handoffs, relay events and their in-app notifications.
 * Areas that load history (the demo) build them here with named fields, never by position, so
 * the relay stays the one area that writes its tables. Instants are ISO 8601 text.
 */

/** A COPY shape: the field → column map fixes the column order once. */
function copyShape<Row extends object>(fields: { [K in keyof Row]-?: string }) {
  const keys = Object.keys(fields) as (keyof Row)[];
  return {
    columns: keys.map((k) => fields[k]) as readonly string[],
    tuple: (row: Row): unknown[] => keys.map((k) => row[k]),
  };
}

export interface HandoffCopyRow {
  id: string;
  personId: string;
  fromTeamId: string;
  toTeamId: string;
  createdBy: string | null;
  whyNow: string;
  engagedActivityIds: string[];
  temperature: string | null;
  note: string | null;
  assigneeUserId: string;
  state: "pending" | "accepted" | "rejected" | "expired_escalated";
  slaPolicyId: string;
  slaBusinessMinutes: number;
  dueAt: string;
  atRiskAt: string;
  atRiskNotifiedAt: string | null;
  breachedAt: string | null;
  escalatedToUserId: string | null;
  decidedAt: string | null;
  decidedBy: string | null;
  rejectionReasonId: string | null;
  rejectionComment: string | null;
  responseBusinessMinutes: number | null;
  createdAt: string;
  updatedAt: string;
  version: number;
}

export const HANDOFF_COPY = copyShape<HandoffCopyRow>({
  id: "id",
  personId: "person_id",
  fromTeamId: "from_team_id",
  toTeamId: "to_team_id",
  createdBy: "created_by",
  whyNow: "why_now",
  engagedActivityIds: "engaged_activity_ids",
  temperature: "temperature",
  note: "note",
  assigneeUserId: "assignee_user_id",
  state: "state",
  slaPolicyId: "sla_policy_id",
  slaBusinessMinutes: "sla_business_minutes",
  dueAt: "due_at",
  atRiskAt: "at_risk_at",
  atRiskNotifiedAt: "at_risk_notified_at",
  breachedAt: "breached_at",
  escalatedToUserId: "escalated_to_user_id",
  decidedAt: "decided_at",
  decidedBy: "decided_by",
  rejectionReasonId: "rejection_reason_id",
  rejectionComment: "rejection_comment",
  responseBusinessMinutes: "response_business_minutes",
  createdAt: "created_at",
  updatedAt: "updated_at",
  version: "version",
});

interface RelayEventCopyRow {
  id: string;
  type: RelayEventType;
  eventKey: string;
  handoffId: string;
  /** JSON text. */
  payload: string;
  occurredAt: string;
}

export const RELAY_EVENT_COPY = copyShape<RelayEventCopyRow>({
  id: "id",
  type: "type",
  eventKey: "event_key",
  handoffId: "handoff_id",
  payload: "payload",
  occurredAt: "occurred_at",
});

interface NotificationCopyRow {
  id: string;
  userId: string;
  eventId: string;
  type: RelayEventType;
  handoffId: string;
  messageJa: string;
  messageEn: string;
  readAt: string | null;
  createdAt: string;
}

export const NOTIFICATION_COPY = copyShape<NotificationCopyRow>({
  id: "id",
  userId: "user_id",
  eventId: "event_id",
  type: "type",
  handoffId: "handoff_id",
  messageJa: "message_ja",
  messageEn: "message_en",
  readAt: "read_at",
  createdAt: "created_at",
});

/**
 * One relay event that happened at `occurredAt`, as emitRelayEvents would have written it then:
 * the event (keyed once per type and handoff) and a notification per distinct recipient, with the
 * relay's own message, read at `readAt` (not before the event) or unread.
 */
export function relayEventCopyRows(input: {
  type: RelayEventType;
  payload: RelayEventPayload;
  occurredAt: string;
  recipients: readonly string[];
  readAt: string | null;
  newId: () => string;
}): { event: unknown[]; notifications: unknown[][] } {
  const { type, payload, occurredAt } = input;
  const eventId = input.newId();
  const message = describeEvent(type, payload);
  return {
    event: RELAY_EVENT_COPY.tuple({
      id: eventId,
      type,
      eventKey: relayEventKey(type, payload.handoffId),
      handoffId: payload.handoffId,
      payload: JSON.stringify(payload),
      occurredAt,
    }),
    notifications: [...new Set(input.recipients)].map((userId) =>
      NOTIFICATION_COPY.tuple({
        id: input.newId(),
        userId,
        eventId,
        type,
        handoffId: payload.handoffId,
        messageJa: message.ja,
        messageEn: message.en,
        readAt: input.readAt,
        createdAt: occurredAt,
      }),
    ),
  };
}
