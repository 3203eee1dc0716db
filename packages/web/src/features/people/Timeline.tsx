import {
  Badge,
  Button,
  Group,
  Timeline as MantineTimeline,
  Skeleton,
  Stack,
  Text,
  ThemeIcon,
} from "@mantine/core";
import {
  type Icon,
  IconAddressBook,
  IconArrowsExchange,
  IconBrowser,
  IconCalendarEvent,
  IconClick,
  IconFileDownload,
  IconMail,
  IconMessageQuestion,
  IconNote,
  IconPhone,
  IconPresentation,
} from "@tabler/icons-react";
import { useInfiniteQuery } from "@tanstack/react-query";
import type { ActivityType } from "@tasuki/domain";
import { useTranslation } from "react-i18next";
import { api, keys } from "../../api/endpoints.ts";
import type { TimelineEntry } from "../../api/types.ts";
import { StageBadge } from "../../components/badges.tsx";
import { Markdown } from "../../components/Markdown.tsx";
import { QueryState } from "../../components/QueryState.tsx";
import { SectionCard } from "../../components/SectionCard.tsx";
import { EmptyState } from "../../components/states.tsx";
import { formatDateTime } from "../../lib/format.ts";
import { isStage } from "./options.ts";

const ACTIVITY_ICONS: Record<ActivityType, Icon> = {
  business_card_exchange: IconAddressBook,
  document_request: IconFileDownload,
  inquiry: IconMessageQuestion,
  email_open: IconMail,
  email_click: IconClick,
  page_view: IconBrowser,
  webinar: IconPresentation,
  call: IconPhone,
  meeting: IconCalendarEvent,
  note: IconNote,
};

/** Activities, notes and stage changes, newest first, loaded a page at a time. */
export function Timeline({ personId }: { personId: string }) {
  const { t } = useTranslation();
  const timeline = useInfiniteQuery({
    queryKey: keys.timeline(personId),
    queryFn: ({ pageParam }) => api.getPersonTimeline(personId, { cursor: pageParam, limit: 30 }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const entries = timeline.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <SectionCard title={t("timeline.title")} testId="timeline">
      <QueryState
        query={timeline}
        loading={
          <Stack>
            <Skeleton h={48} />
            <Skeleton h={48} />
            <Skeleton h={48} />
          </Stack>
        }
        isEmpty={() => entries.length === 0}
        empty={<EmptyState compact title={t("timeline.empty")} description={t("timeline.emptyBody")} />}
      >
        {() => (
          <>
            <MantineTimeline bulletSize={28} lineWidth={2} active={-1}>
              {entries.map((entry) => (
                <MantineTimeline.Item
                  key={`${entry.kind}-${entry.id}`}
                  bullet={<EntryIcon entry={entry} />}
                  data-testid="timeline-entry"
                >
                  <EntryBody entry={entry} />
                </MantineTimeline.Item>
              ))}
            </MantineTimeline>
            {timeline.hasNextPage && (
              <Group justify="center" mt="md">
                <Button
                  variant="default"
                  size="xs"
                  onClick={() => timeline.fetchNextPage()}
                  loading={timeline.isFetchingNextPage}
                >
                  {t("timeline.more")}
                </Button>
              </Group>
            )}
          </>
        )}
      </QueryState>
    </SectionCard>
  );
}

function EntryIcon({ entry }: { entry: TimelineEntry }) {
  const EntryIconComponent =
    entry.kind === "stage_change" || !entry.activity
      ? IconArrowsExchange
      : ACTIVITY_ICONS[entry.activity.type];
  const color = entry.kind === "stage_change" ? "violet" : entry.activity?.type === "note" ? "yellow" : "ai";
  return (
    <ThemeIcon size={28} radius="xl" variant="light" color={color}>
      <EntryIconComponent size={15} />
    </ThemeIcon>
  );
}

function EntryBody({ entry }: { entry: TimelineEntry }) {
  const { t } = useTranslation();
  if (entry.kind === "stage_change" && entry.stageChange) {
    const change = entry.stageChange;
    return (
      <Stack gap={4}>
        <Group gap={6}>
          <Text size="sm" fw={600}>
            {change.from ? t("timeline.stageChange") : t("timeline.created")}
          </Text>
          {change.from && isStage(change.from) && <StageBadge stage={change.from} size="sm" />}
          {change.from && (
            <Text size="xs" c="dimmed">
              →
            </Text>
          )}
          {isStage(change.to) && <StageBadge stage={change.to} size="sm" />}
        </Group>
        {change.reason && <Text size="sm">{change.reason}</Text>}
        <Meta at={entry.at} by={change.changedBy?.name} />
      </Stack>
    );
  }
  const activity = entry.activity;
  if (!activity) return null;
  const url = typeof activity.metadata.url === "string" ? activity.metadata.url : null;
  return (
    <Stack gap={4}>
      <Group gap={6}>
        <Text size="sm" fw={600}>
          {t(`activityType.${activity.type}`)}
        </Text>
        {activity.subject && <Text size="sm">{activity.subject}</Text>}
        {activity.source && (
          <Badge variant="outline" color="gray" size="xs" tt="none">
            {activity.source}
          </Badge>
        )}
      </Group>
      {activity.body && <Markdown source={activity.body} />}
      {url && (
        <Text size="xs" c="dimmed" style={{ wordBreak: "break-all" }}>
          {url}
        </Text>
      )}
      <Meta at={activity.occurredAt} by={activity.createdBy?.name} />
    </Stack>
  );
}

function Meta({ at, by }: { at: string; by?: string | undefined }) {
  return (
    <Text size="xs" c="dimmed">
      {formatDateTime(at)}
      {by ? `・${by}` : ""}
    </Text>
  );
}
