import { Badge, Group, type MantineColor, Text, Tooltip } from "@mantine/core";
import { IconAlarm, IconAlertTriangle, IconClockCheck } from "@tabler/icons-react";
import { type SlaStatus, slaStatusAt } from "@tasuki/domain";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import type { Handoff } from "../../api/types.ts";
import { formatBusinessMinutes, formatDuration, msUntil } from "../../lib/duration.ts";
import { formatDateTime } from "../../lib/format.ts";

/** The current time, ticking every `intervalMs` (a live countdown without refetching). */
export function useNow(intervalMs = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), intervalMs);
    return () => window.clearInterval(timer);
  }, [intervalMs]);
  return now;
}

const SLA_COLORS: Record<SlaStatus, MantineColor> = { on_track: "teal", at_risk: "orange", breached: "red" };
const SLA_ICONS = { on_track: IconClockCheck, at_risk: IconAlarm, breached: IconAlertTriangle };

export function SlaBadge({ status, size = "md" }: { status: SlaStatus; size?: "sm" | "md" | "lg" }) {
  const { t } = useTranslation();
  const Icon = SLA_ICONS[status];
  return (
    <Badge
      color={SLA_COLORS[status]}
      variant={status === "on_track" ? "light" : "filled"}
      size={size}
      radius="sm"
      tt="none"
      leftSection={<Icon size={12} />}
      data-testid="sla-badge"
      data-status={status}
    >
      {t(`relay.sla.${status}`)}
    </Badge>
  );
}

/** Whether the handoff still waits for the receiving team. */
export function isPending(h: Handoff): boolean {
  return h.state === "pending" || h.state === "expired_escalated";
}

/**
 * A pending handoff's SLA, live: the status from the due and at-risk instants (fixed in business
 * time when it was made, so comparing with now is exact), the wall time left until due, and the
 * SLA in business hours. A decided handoff shows the status it was decided at.
 */
export function SlaCountdown({ handoff: h }: { handoff: Handoff }) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language === "en" ? "en" : "ja";
  const pending = isPending(h);
  const now = useNow(pending ? 1000 : 3_600_000);
  const status = pending
    ? slaStatusAt(new Date(now), { dueAt: new Date(h.dueAt), atRiskAt: new Date(h.atRiskAt) })
    : h.slaStatus;
  const left = msUntil(h.dueAt, now);
  return (
    <Group gap="sm" wrap="wrap" data-testid="sla-countdown">
      <SlaBadge status={status} />
      {pending ? (
        <Tooltip
          label={t("relay.sla.dueTooltip", {
            due: formatDateTime(h.dueAt),
            sla: formatBusinessMinutes(h.slaBusinessMinutes, locale),
            goal: t(`relay.goal.${h.slaGoal}`),
          })}
          withinPortal
          multiline
          w={280}
        >
          <Text
            size="sm"
            fw={700}
            c={status === "breached" ? "red.8" : status === "at_risk" ? "orange.8" : undefined}
            style={{ fontVariantNumeric: "tabular-nums" }}
          >
            {left >= 0
              ? t("relay.sla.left", { time: formatDuration(left, locale) })
              : t("relay.sla.over", { time: formatDuration(left, locale) })}
          </Text>
        </Tooltip>
      ) : null}
      <Text size="xs" c="dimmed">
        {pending
          ? t("relay.sla.dueAt", { due: formatDateTime(h.dueAt) })
          : t("relay.sla.slaWas", { sla: formatBusinessMinutes(h.slaBusinessMinutes, locale) })}
        {pending && h.businessMinutesLeft !== null && h.businessMinutesLeft > 0
          ? t("relay.sla.businessLeft", { time: formatBusinessMinutes(h.businessMinutesLeft, locale) })
          : ""}
      </Text>
    </Group>
  );
}
