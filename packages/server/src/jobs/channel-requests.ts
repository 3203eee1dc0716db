import type { RelayEventType } from "@tasuki/domain";
import { Webhook } from "standardwebhooks";
import type { NotificationChannelRow, RelayEventRow } from "../relay/notifications.repository.ts";
import { describeEvent, formatJst, type RelayEventPayload } from "../relay/relay-events.service.ts";

/** One HTTP request to a channel, built without I/O so it can be checked on its own. */
export interface ChannelRequest {
  url: string;
  /**
   * Whether the URL came from a channel (webhook, Slack, Teams) and must pass the target check;
   * Chatwork's API root is the operator's config (`CHATWORK_API_BASE_URL`) and is trusted.
   */
  checkTarget: boolean;
  headers: Record<string, string>;
  body: string;
}

export interface ChannelRequestOptions {
  publicUrl: string;
  chatworkBaseUrl: string;
  /** The real send time: receivers compare the webhook timestamp with their own clocks. */
  sentAt: Date;
  /** A test send from settings: marked as such in the title and the webhook body. */
  test?: boolean;
}

const TITLES: Record<RelayEventType, string> = {
  "handoff.created": "新しい引き渡し",
  "handoff.accepted": "引き渡し承認",
  "handoff.rejected": "引き渡し差し戻し",
  "handoff.at_risk": "SLA 期限間近",
  "handoff.breached": "SLA 超過",
};

function facts(p: RelayEventPayload): { title: string; value: string }[] {
  return [
    { title: "人物", value: p.person.name },
    { title: "引き渡し", value: `${p.fromTeam.nameJa} → ${p.toTeam.nameJa}` },
    { title: "期限", value: `${formatJst(p.dueAt)} JST` },
    { title: "担当", value: p.assignee?.name ?? "チームの受付箱" },
  ];
}

/**
 * The request for a delivery: Slack incoming webhook (blocks), Microsoft Teams Workflows
 * webhook (an Adaptive Card), Chatwork's room message API (form body, `X-ChatWorkToken`), or a
 * generic webhook signed per Standard Webhooks. The idempotency key goes along as `webhook-id`
 * (and `Idempotency-Key`), so a receiver can drop a redelivery after a crash.
 */
export function buildChannelRequest(
  channel: NotificationChannelRow,
  event: RelayEventRow,
  idempotencyKey: string,
  options: ChannelRequestOptions,
): ChannelRequest {
  const type = event.type as RelayEventType;
  const title = `${options.test ? "【テスト送信】" : ""}${TITLES[type]}`;
  const payload = event.payload as RelayEventPayload;
  const message = describeEvent(type, payload).ja;
  const link = `${options.publicUrl}/handoffs/${payload.handoffId}`;
  const config = channel.config as { url?: string; roomId?: string };
  const common = { "user-agent": "Tasuki-Relay/1", "idempotency-key": idempotencyKey };
  switch (channel.kind) {
    case "slack":
      return {
        url: config.url!,
        checkTarget: true,
        headers: { ...common, "content-type": "application/json" },
        body: JSON.stringify({
          text: `${title}: ${message}`,
          blocks: [
            { type: "section", text: { type: "mrkdwn", text: `*${title}*\n${message}` } },
            {
              type: "section",
              fields: facts(payload).map((f) => ({ type: "mrkdwn", text: `*${f.title}*\n${f.value}` })),
            },
            { type: "context", elements: [{ type: "mrkdwn", text: `<${link}|Tasuki で開く>` }] },
          ],
        }),
      };
    case "teams":
      return {
        url: config.url!,
        checkTarget: true,
        headers: { ...common, "content-type": "application/json" },
        body: JSON.stringify({
          type: "message",
          attachments: [
            {
              contentType: "application/vnd.microsoft.card.adaptive",
              contentUrl: null,
              content: {
                $schema: "http://adaptivecards.io/schemas/adaptive-card.json",
                type: "AdaptiveCard",
                version: "1.4",
                body: [
                  { type: "TextBlock", text: title, weight: "Bolder", size: "Medium", wrap: true },
                  { type: "TextBlock", text: message, wrap: true },
                  { type: "FactSet", facts: facts(payload) },
                ],
                actions: [{ type: "Action.OpenUrl", title: "Tasuki で開く", url: link }],
              },
            },
          ],
        }),
      };
    case "chatwork": {
      const lines = facts(payload).map((f) => `${f.title}: ${f.value}`);
      const text = `[info][title]${title}[/title]${message}\n${lines.join("\n")}\n${link}[/info]`;
      return {
        checkTarget: false,
        url: `${options.chatworkBaseUrl}/rooms/${encodeURIComponent(config.roomId ?? "")}/messages`,
        headers: {
          ...common,
          "content-type": "application/x-www-form-urlencoded",
          "x-chatworktoken": channel.secret ?? "",
        },
        body: new URLSearchParams({ body: text }).toString(),
      };
    }
    default: {
      const body = JSON.stringify({
        type,
        ...(options.test ? { test: true } : {}),
        timestamp: event.occurredAt.toISOString(),
        data: { ...payload, url: link, message: describeEvent(type, payload) },
      });
      const signature = new Webhook(channel.secret ?? "").sign(idempotencyKey, options.sentAt, body);
      return {
        url: config.url!,
        checkTarget: true,
        headers: {
          ...common,
          "content-type": "application/json",
          "webhook-id": idempotencyKey,
          "webhook-timestamp": String(Math.floor(options.sentAt.getTime() / 1000)),
          "webhook-signature": signature,
        },
        body,
      };
    }
  }
}
