import { Anchor, Badge, Box, Button, Group, Paper, Stack, Text } from "@mantine/core";
import { IconArrowRight, IconCheck, IconCornerUpLeft, IconX } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import type { Handoff } from "../../api/types.ts";
import { StageBadge, TemperatureBadge } from "../../components/badges.tsx";
import { formatDateTime } from "../../lib/format.ts";
import { useCan, useCurrentUser } from "../auth/session.tsx";
import { isPending, SlaCountdown } from "./sla.tsx";
import { useTeamLabel } from "./teams.ts";

const LABEL_WIDTH = 104;
/** The baton note shows this many activities; the rest are counted. */
const ACTIVITIES_SHOWN = 3;

/** Whether the signed-in user may accept or reject: the receiving team, or an admin or manager. */
export function useCanDecide(): (h: Handoff) => boolean {
  const me = useCurrentUser();
  const can = useCan("handoffs.decide");
  return (h) => can && (me.role === "admin" || me.role === "manager" || me.team?.id === h.toTeam.id);
}

/**
 * One handoff as the receiver reads it: the SLA first, then who and why (the baton note), then
 * the decision. Decided handoffs show the outcome instead of the buttons.
 */
export function HandoffCard({
  handoff: h,
  onAccept,
  onReject,
  showReturn = false,
}: {
  handoff: Handoff;
  onAccept?: (h: Handoff) => void;
  onReject?: (h: Handoff) => void;
  /** The sending team's view: the rejection reason is the headline. */
  showReturn?: boolean;
}) {
  const { t, i18n } = useTranslation();
  const teamLabel = useTeamLabel();
  const canDecide = useCanDecide()(h);
  const pending = isPending(h);
  const note = h.batonNote;
  const reasonLabel = h.rejectionReason
    ? i18n.language === "en"
      ? h.rejectionReason.labelEn
      : h.rejectionReason.labelJa
    : null;

  return (
    <Paper
      withBorder
      radius="md"
      p="md"
      component="article"
      data-testid="handoff-card"
      data-handoff-id={h.id}
      data-state={h.state}
      aria-labelledby={`handoff-${h.id}-title`}
    >
      <Stack gap="sm">
        <Group justify="space-between" align="flex-start" wrap="wrap" gap="xs">
          {showReturn ? (
            <Group gap="sm">
              <Badge
                color="red"
                variant="light"
                radius="sm"
                tt="none"
                leftSection={<IconCornerUpLeft size={12} />}
              >
                {t("relay.state.rejected")}
              </Badge>
              <Text size="sm" fw={700} c="red.9">
                {reasonLabel}
              </Text>
              {h.rejectionReason?.disqualifies && (
                <Text size="xs" c="dimmed">
                  {t("relay.disqualifiedNote")}
                </Text>
              )}
            </Group>
          ) : pending ? (
            <SlaCountdown handoff={h} />
          ) : (
            <Group gap="sm">
              <Badge color={h.state === "accepted" ? "teal" : "red"} variant="light" radius="sm" tt="none">
                {t(`relay.state.${h.state}`)}
              </Badge>
              <SlaCountdown handoff={h} />
            </Group>
          )}
          <Text size="xs" c="dimmed">
            <Anchor component={Link} to={`/handoffs/${h.id}`} size="xs" c="dimmed">
              {t("relay.sentAt", { at: formatDateTime(h.createdAt) })}
            </Anchor>
            {t("relay.by", { name: h.createdBy?.name ?? t("relay.automatic") })}
          </Text>
        </Group>

        <Group gap="sm" wrap="wrap" align="center">
          <Anchor
            component={Link}
            to={`/people/${h.person.id}`}
            fw={700}
            size="lg"
            id={`handoff-${h.id}-title`}
            data-testid="handoff-person"
          >
            {h.person.name}
          </Anchor>
          <StageBadge stage={h.person.stage} size="sm" />
          {h.opportunity && (
            <Anchor component={Link} to={`/opportunities/${h.opportunity.id}`} size="sm">
              {h.opportunity.name}
            </Anchor>
          )}
          <Group gap={6} wrap="nowrap" ml={{ base: 0, sm: "auto" }}>
            <Text size="sm" c="dimmed">
              {teamLabel(h.fromTeam)}
            </Text>
            <IconArrowRight size={14} color="var(--mantine-color-gray-6)" aria-hidden />
            <Text size="sm" fw={600}>
              {teamLabel(h.toTeam)}
            </Text>
            {(h.assignee || pending) && (
              <Text size="sm" c="dimmed">
                {h.assignee ? t("relay.assignedTo", { name: h.assignee.name }) : t("relay.inQueue")}
              </Text>
            )}
          </Group>
        </Group>

        <Box
          p="sm"
          bg="ai.0"
          style={{
            borderRadius: "var(--mantine-radius-md)",
            borderLeft: "3px solid var(--mantine-color-ai-5)",
          }}
          data-testid="baton-note"
        >
          <Stack gap={6}>
            <Group gap="xs" align="flex-start" wrap="nowrap">
              <Text size="xs" fw={700} c="ai.8" w={LABEL_WIDTH} style={{ flexShrink: 0 }} pt={2}>
                {t("relay.whyNow")}
              </Text>
              <Text size="sm" fw={600} style={{ whiteSpace: "pre-wrap" }}>
                {note.whyNow}
              </Text>
            </Group>
            <Group gap="xs" align="center" wrap="nowrap">
              <Text size="xs" fw={700} c="ai.8" w={LABEL_WIDTH} style={{ flexShrink: 0 }}>
                {t("relay.temperature")}
              </Text>
              <TemperatureBadge temperature={note.temperature} />
            </Group>
            {note.engagedActivities.length > 0 && (
              <Group gap="xs" align="flex-start" wrap="nowrap">
                <Text size="xs" fw={700} c="ai.8" w={LABEL_WIDTH} style={{ flexShrink: 0 }} pt={2}>
                  {t("relay.engaged")}
                </Text>
                <Stack gap={2}>
                  {note.engagedActivities.slice(0, ACTIVITIES_SHOWN).map((a) => (
                    <Text key={a.id} size="sm">
                      <Text span fw={600} size="sm">
                        {t(`activityType.${a.type}`)}
                      </Text>
                      {a.subject ? `　${a.subject}` : ""}
                      <Text span c="dimmed" size="xs" ml={6}>
                        {formatDateTime(a.occurredAt)}
                      </Text>
                    </Text>
                  ))}
                  {note.engagedActivities.length > ACTIVITIES_SHOWN && (
                    <Text size="xs" c="dimmed">
                      {t("relay.moreActivities", { count: note.engagedActivities.length - ACTIVITIES_SHOWN })}
                    </Text>
                  )}
                </Stack>
              </Group>
            )}
            {note.note && (
              <Group gap="xs" align="flex-start" wrap="nowrap">
                <Text size="xs" fw={700} c="ai.8" w={LABEL_WIDTH} style={{ flexShrink: 0 }} pt={2}>
                  {t("relay.note")}
                </Text>
                <Text size="sm" style={{ whiteSpace: "pre-wrap" }}>
                  {note.note}
                </Text>
              </Group>
            )}
          </Stack>
        </Box>

        {h.state === "rejected" && (
          <Box>
            {!showReturn && (
              <Text size="sm" fw={600} c="red.9">
                {t("relay.returnedBecause", { reason: reasonLabel })}
              </Text>
            )}
            {h.rejectionComment && (
              <Text size="sm" style={{ whiteSpace: "pre-wrap" }} data-testid="rejection-comment">
                「{h.rejectionComment}」
              </Text>
            )}
            <Text size="xs" c="dimmed">
              {t("relay.decidedBy", { name: h.decidedBy?.name ?? "—", at: formatDateTime(h.decidedAt) })}
            </Text>
          </Box>
        )}
        {h.state === "accepted" && (
          <Text size="xs" c="dimmed">
            {t("relay.acceptedBy", { name: h.decidedBy?.name ?? "—", at: formatDateTime(h.decidedAt) })}
          </Text>
        )}
        {h.escalatedTo && pending && (
          <Text size="xs" c="red.8">
            {t("relay.escalated", { name: h.escalatedTo.name })}
          </Text>
        )}

        {pending && (onAccept || onReject) && (
          <Group gap="sm">
            <Button
              color="teal"
              leftSection={<IconCheck size={16} />}
              onClick={() => onAccept?.(h)}
              disabled={!canDecide}
              data-testid="handoff-accept"
            >
              {t("relay.accept")}
            </Button>
            <Button
              color="red"
              variant="light"
              leftSection={<IconX size={16} />}
              onClick={() => onReject?.(h)}
              disabled={!canDecide}
              data-testid="handoff-reject"
            >
              {t("relay.reject")}
            </Button>
            {!canDecide && (
              <Text size="xs" c="dimmed">
                {t("relay.onlyReceivers", { team: teamLabel(h.toTeam) })}
              </Text>
            )}
          </Group>
        )}
      </Stack>
    </Paper>
  );
}
