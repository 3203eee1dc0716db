import { Anchor, Badge, Group, Paper, Skeleton, Stack, Text, ThemeIcon } from "@mantine/core";
import type { Icon } from "@tabler/icons-react";
import type { UseQueryResult } from "@tanstack/react-query";
import dayjs from "dayjs";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import type { Handoff, Opportunity, Person } from "../../api/types.ts";
import { OpportunityStageBadge, StageBadge, TemperatureBadge } from "../../components/badges.tsx";
import { QueryState } from "../../components/QueryState.tsx";
import { EmptyState } from "../../components/states.tsx";
import {
  daysFromToday,
  formatDate,
  formatDateTime,
  formatYen,
  TIME_ZONE,
  todayJst,
} from "../../lib/format.ts";
import { SlaBadge } from "../relay/sla.tsx";

/** Every list a tile counts is read at this page size; beyond it the tile says 「200+」. */
export const TILE_LIMIT = 200;

/** The count a tile shows for one list page: the items, with 「+」 when the list goes on. */
export function countOf(page: { items: readonly unknown[]; nextCursor: string | null } | undefined) {
  if (!page) return null;
  return `${page.items.length}${page.nextCursor ? "+" : ""}`;
}

/** JST calendar days as the API takes them (YYYY-MM-DD). */
export function jstDays() {
  const today = todayJst();
  const day = dayjs.tz(today, TIME_ZONE);
  const fmt = (d: dayjs.Dayjs) => d.format("YYYY-MM-DD");
  // Weeks start on Monday (月曜始まり), as the business calendar does.
  const mondayOffset = (day.day() + 6) % 7;
  return {
    today,
    yesterday: fmt(day.subtract(1, "day")),
    inSevenDays: fmt(day.add(7, "day")),
    inNinetyDays: fmt(day.add(90, "day")),
    weekStart: fmt(day.subtract(mondayOffset, "day")),
    monthStart: fmt(day.startOf("month")),
    month: day.format("YYYY-MM"),
    /** The instant today began in JST, for `from` filters on instants (activities). */
    todayStartInstant: day.toDate().toISOString(),
  };
}

/**
 * A tile: a label that says what is counted, the number, and a link to the list with the same
 * filter, so every figure on the home can be traced to its records.
 */
export function Tile({
  icon: TileIcon,
  label,
  hint,
  value,
  to,
  tone,
  testId,
}: {
  icon: Icon;
  label: string;
  /** What exactly is counted (the filter in words), under the number. */
  hint: string;
  value: string | null;
  to: string;
  tone?: "red" | "orange";
  testId: string;
}) {
  const { t } = useTranslation();
  return (
    <Paper
      withBorder
      radius="md"
      p="md"
      component={Link}
      to={to}
      data-testid={testId}
      aria-label={value === null ? label : t("home.tileAria", { label, value })}
      style={{ textDecoration: "none", color: "inherit" }}
    >
      <Group wrap="nowrap" align="flex-start">
        <ThemeIcon size={42} radius="md" variant="light" color={tone ?? "ai"}>
          <TileIcon size={22} />
        </ThemeIcon>
        <Stack gap={0} style={{ minWidth: 0 }}>
          <Text size="xs" c="dimmed" fw={600}>
            {label}
          </Text>
          {value === null ? (
            <Skeleton h={24} w={80} mt={4} />
          ) : (
            <Text fw={700} size="xl" c={tone} data-testid={`${testId}-value`}>
              {value}
            </Text>
          )}
          <Text size="xs" c="dimmed">
            {hint}
          </Text>
        </Stack>
      </Group>
    </Paper>
  );
}

/**
 * The frame of every short list on a home: a skeleton while loading, the empty state, at most
 * `max` rows, and 「ほかN件」 for the rest of the page. `filter` narrows the page first.
 */
function ShortList<T>({
  query,
  empty,
  max,
  gap,
  filter = () => true,
  children: row,
}: {
  query: UseQueryResult<{ items: T[]; nextCursor: string | null }>;
  empty: string;
  max: number;
  gap: number | string;
  filter?: (item: T) => boolean;
  children: (item: T) => ReactNode;
}): ReactNode {
  const { t } = useTranslation();
  return (
    <QueryState
      query={query}
      loading={<Skeleton h={100} />}
      isEmpty={(data) => !data.items.some(filter)}
      empty={<EmptyState compact title={empty} />}
    >
      {(data) => {
        const items = data.items.filter(filter);
        return (
          <Stack gap={gap}>
            {items.slice(0, max).map(row)}
            {items.length > max && (
              <Badge variant="light" color="gray" tt="none">
                {t("home.andMore", { count: items.length - max })}
              </Badge>
            )}
          </Stack>
        );
      }}
    </QueryState>
  );
}

/** Handoffs as a short list: who, which team, due time and SLA status; each row opens the handoff. */
export function HandoffRows({
  query,
  empty,
  showReason = false,
  max = 8,
}: {
  query: UseQueryResult<{ items: Handoff[]; nextCursor: string | null }>;
  empty: string;
  showReason?: boolean;
  max?: number;
}): ReactNode {
  const { t, i18n } = useTranslation();
  return (
    <ShortList query={query} empty={empty} max={max} gap={10}>
      {(h) => (
        // Wraps like PeopleRows: on a phone the badges go under the name in full, never cut to 「対…」.
        <Group
          key={h.id}
          justify="space-between"
          wrap="wrap"
          gap="xs"
          align="flex-start"
          data-testid="handoff-row"
        >
          <Stack gap={0} style={{ minWidth: 0, maxWidth: "100%" }}>
            <Anchor component={Link} to={`/handoffs/${h.id}`} size="sm" fw={600} truncate>
              {h.person.name}
            </Anchor>
            <Text size="xs" c="dimmed" truncate>
              {showReason
                ? [
                    h.rejectionReason
                      ? i18n.language === "en"
                        ? h.rejectionReason.labelEn
                        : h.rejectionReason.labelJa
                      : t("home.noReason"),
                    h.rejectionComment,
                  ]
                    .filter(Boolean)
                    .join("・")
                : t("home.dueAt", { at: formatDateTime(h.dueAt) })}
            </Text>
          </Stack>
          <Group gap={6} wrap="wrap">
            {showReason ? (
              <Text size="xs" c="dimmed">
                {formatDateTime(h.decidedAt ?? h.updatedAt)}
              </Text>
            ) : (
              <SlaBadge status={h.slaStatus} size="sm" />
            )}
            <StageBadge stage={h.person.stage} size="sm" />
          </Group>
        </Group>
      )}
    </ShortList>
  );
}

/** People as a short list; the temperature badge says it is the temperature (「温度感：未設定」). */
export function PeopleRows({
  query,
  empty,
  max = 8,
}: {
  query: UseQueryResult<{ items: Person[]; nextCursor: string | null }>;
  empty: string;
  max?: number;
}): ReactNode {
  return (
    <ShortList query={query} empty={empty} max={max} gap={10}>
      {(p) => (
        // Wraps: on a phone the badges go under the name in full instead of being cut to 「温度感：…」.
        <Group key={p.id} justify="space-between" wrap="wrap" gap="xs" data-testid="people-row">
          <Stack gap={0} style={{ minWidth: 0, maxWidth: "100%" }}>
            <Anchor component={Link} to={`/people/${p.id}`} size="sm" fw={600} truncate>
              {p.name}
            </Anchor>
            <Text size="xs" c="dimmed" truncate>
              {[p.company?.name, formatDateTime(p.stageChangedAt)].filter(Boolean).join("・")}
            </Text>
          </Stack>
          <Group gap={6} wrap="wrap">
            <TemperatureBadge temperature={p.temperature} labelled />
            <StageBadge stage={p.stage} size="sm" />
          </Group>
        </Group>
      )}
    </ShortList>
  );
}

/** Deals as a short list with their expected close date and how far it is from today. */
export function OpportunityRows({
  query,
  empty,
  filter = () => true,
  dateOf = (o) => o.expectedCloseDate,
  countdown = (o) => o.outcome === null,
  max = 8,
}: {
  query: UseQueryResult<{ items: Opportunity[]; nextCursor: string | null }>;
  empty: string;
  filter?: (o: Opportunity) => boolean;
  dateOf?: (o: Opportunity) => string | null;
  /** Whether a row shows days left to its date (by default open deals, to their expected close). */
  countdown?: (o: Opportunity) => boolean;
  max?: number;
}): ReactNode {
  const { t } = useTranslation();
  return (
    <ShortList query={query} empty={empty} max={max} gap="xs" filter={filter}>
      {(o) => {
        const date = dateOf(o);
        const days = date ? daysFromToday(date) : null;
        return (
          // Wraps on a phone: the name on one line, the due badge, date and stage below it.
          <Group key={o.id} justify="space-between" wrap="wrap" gap={4}>
            <Stack gap={0} style={{ minWidth: 0, flex: "1 1 180px" }}>
              <Anchor component={Link} to={`/opportunities/${o.id}`} size="sm" fw={600} truncate>
                {o.name}
              </Anchor>
              <Text size="xs" c="dimmed" truncate>
                {o.company.name}・{formatYen(o.amount)}
              </Text>
            </Stack>
            <Group gap="xs" wrap="nowrap">
              {days !== null && countdown(o) && (
                <Badge color={days < 0 ? "red" : days === 0 ? "orange" : "gray"} variant="light" tt="none">
                  {days < 0
                    ? t("home.overdueDays", { count: -days })
                    : days === 0
                      ? t("home.dueToday")
                      : t("home.dueInDays", { count: days })}
                </Badge>
              )}
              <Text size="xs" c="dimmed" w={78} ta="right">
                {formatDate(date)}
              </Text>
              <OpportunityStageBadge stage={o.stage} outcome={o.outcome} />
            </Group>
          </Group>
        );
      }}
    </ShortList>
  );
}
