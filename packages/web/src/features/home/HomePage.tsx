import {
  Anchor,
  Badge,
  Grid,
  Group,
  Paper,
  SimpleGrid,
  Skeleton,
  Stack,
  Text,
  ThemeIcon,
} from "@mantine/core";
import { type Icon, IconAlarm, IconChartFunnel, IconCoinYen, IconFlame } from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";
import type { Role } from "@tasuki/domain";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { api, keys } from "../../api/endpoints.ts";
import type { CurrentUser, OpportunitiesQuery, PeopleQuery, Person } from "../../api/types.ts";
import { OpportunityStageBadge, StageBadge, TemperatureBadge } from "../../components/badges.tsx";
import { PageHeader } from "../../components/PageHeader.tsx";
import { QueryState } from "../../components/QueryState.tsx";
import { SectionCard } from "../../components/SectionCard.tsx";
import { EmptyState } from "../../components/states.tsx";
import {
  daysFromToday,
  formatDate,
  formatDateTime,
  formatLongDate,
  formatYen,
  todayJst,
} from "../../lib/format.ts";
import { useCurrentUser } from "../auth/session.tsx";

/** The queue each role works from: the people waiting for this part of the relay. */
function roleQueue(user: CurrentUser): { key: Role; query: PeopleQuery } {
  switch (user.role) {
    case "inside_sales":
      // Every MQL waits for inside sales; the oldest hand-off first.
      return { key: "inside_sales", query: { stage: ["mql"], sort: "stageChangedAt", order: "asc" } };
    case "field_sales":
      // Inside sales qualifies and still owns an SQL until field sales opens the deal.
      return { key: "field_sales", query: { stage: ["sql"], sort: "stageChangedAt", order: "asc" } };
    case "marketing":
      return { key: "marketing", query: { stage: ["lead"], sort: "createdAt", order: "desc" } };
    case "customer_success":
      return {
        key: "customer_success",
        query: { stage: ["customer"], ownerId: user.id, sort: "updatedAt", order: "desc" },
      };
    default:
      return { key: user.role, query: { sort: "stageChangedAt", order: "desc" } };
  }
}

export function HomePage() {
  const { t, i18n } = useTranslation();
  const me = useCurrentUser();
  const today = todayJst();
  const dateLabel = formatLongDate(new Date(), i18n.language === "en" ? "en" : "ja");

  const openQuery: OpportunitiesQuery = {
    ownerId: me.id,
    status: ["open"],
    sort: "expectedCloseDate",
    order: "asc",
    limit: 200,
  };
  const open = useQuery({
    queryKey: keys.opportunitiesList(openQuery),
    queryFn: () => api.listOpportunities(openQuery),
  });
  const openItems = open.data?.items ?? [];
  const due = openItems.filter((o) => o.expectedCloseDate && daysFromToday(o.expectedCloseDate) <= 7);
  // パイプライン金額 from its one definition (getPipeline: open deals), not summed from a page of deals.
  const pipelineQuery = { dealOwnerId: me.id };
  const pipeline = useQuery({
    queryKey: keys.pipeline(pipelineQuery),
    queryFn: () => api.getPipeline(pipelineQuery),
  });

  const hotQuery: PeopleQuery = {
    ownerId: me.id,
    temperature: ["hot"],
    sort: "updatedAt",
    order: "desc",
    limit: 8,
  };
  const hot = useQuery({ queryKey: keys.peopleList(hotQuery), queryFn: () => api.listPeople(hotQuery) });

  const queue = roleQueue(me);
  const queueQuery: PeopleQuery = { ...queue.query, limit: 8 };
  const waiting = useQuery({
    queryKey: keys.peopleList(queueQuery),
    queryFn: () => api.listPeople(queueQuery),
  });

  const mineQuery: PeopleQuery = { ownerId: me.id, sort: "updatedAt", order: "desc", limit: 10 };
  const mine = useQuery({ queryKey: keys.peopleList(mineQuery), queryFn: () => api.listPeople(mineQuery) });

  return (
    <>
      <PageHeader
        above={dateLabel}
        title={t("home.greeting", { name: me.name })}
        description={t(`home.roleIntro.${me.role}`)}
      />
      <SimpleGrid cols={{ base: 1, sm: 3 }} mb="md">
        <Stat
          icon={IconChartFunnel}
          label={t("home.openOpportunities")}
          value={pipeline.data ? String(pipeline.data.count) : null}
          to={`/opportunities/list?ownerId=${me.id}`}
        />
        <Stat
          icon={IconCoinYen}
          label={t("home.pipelineAmount")}
          value={pipeline.data ? formatYen(pipeline.data.amount) : null}
          to={`/opportunities/list?ownerId=${me.id}`}
        />
        <Stat
          icon={IconAlarm}
          label={t("home.dueThisWeek")}
          value={open.isPending ? null : String(due.length)}
          tone={due.some((o) => o.expectedCloseDate && o.expectedCloseDate < today) ? "red" : undefined}
          to={`/opportunities/list?ownerId=${me.id}&sort=expectedCloseDate:asc`}
        />
      </SimpleGrid>
      <Grid gap="md">
        <Grid.Col span={{ base: 12, md: 7 }}>
          <Stack gap="md">
            <SectionCard title={t("home.today")} testId="home-today">
              <QueryState
                query={open}
                loading={<Skeleton h={120} />}
                isEmpty={() => due.length === 0}
                empty={
                  <EmptyState compact title={t("home.nothingDue")} description={t("home.nothingDueBody")} />
                }
              >
                {() => (
                  <Stack gap="xs">
                    {due.slice(0, 8).map((o) => {
                      const days = daysFromToday(o.expectedCloseDate!);
                      return (
                        <Group key={o.id} justify="space-between" wrap="nowrap">
                          <Stack gap={0} style={{ minWidth: 0 }}>
                            <Anchor
                              component={Link}
                              to={`/opportunities/${o.id}`}
                              size="sm"
                              fw={600}
                              truncate
                            >
                              {o.name}
                            </Anchor>
                            <Text size="xs" c="dimmed" truncate>
                              {o.company.name}・{formatYen(o.amount)}
                            </Text>
                          </Stack>
                          <Group gap="xs" wrap="nowrap">
                            <Badge
                              color={days < 0 ? "red" : days === 0 ? "orange" : "gray"}
                              variant="light"
                              tt="none"
                            >
                              {days < 0
                                ? t("home.overdueDays", { count: -days })
                                : days === 0
                                  ? t("home.dueToday")
                                  : t("home.dueInDays", { count: days })}
                            </Badge>
                            <Text size="xs" c="dimmed" w={78} ta="right">
                              {formatDate(o.expectedCloseDate)}
                            </Text>
                            <OpportunityStageBadge stage={o.stage} outcome={null} />
                          </Group>
                        </Group>
                      );
                    })}
                  </Stack>
                )}
              </QueryState>
            </SectionCard>
            <SectionCard title={t(`home.queue.${queue.key}`)}>
              <PeopleRows result={waiting} empty={t("home.queueEmpty")} showStageSince />
            </SectionCard>
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 5 }}>
          <Stack gap="md">
            <SectionCard
              title={
                <Group gap={6}>
                  <IconFlame size={18} color="var(--mantine-color-red-6)" />
                  {t("home.hotPeople")}
                </Group>
              }
            >
              <PeopleRows result={hot} empty={t("home.noHotPeople")} />
            </SectionCard>
            <SectionCard
              title={t("home.myPeople")}
              actions={
                <Anchor component={Link} to={`/people?ownerId=${me.id}`} size="sm">
                  {t("common.showAll")}
                </Anchor>
              }
            >
              <PeopleRows result={mine} empty={t("home.noPeople")} />
            </SectionCard>
          </Stack>
        </Grid.Col>
      </Grid>
    </>
  );
}

function Stat({
  icon: StatIcon,
  label,
  value,
  tone,
  to,
}: {
  icon: Icon;
  label: string;
  value: string | null;
  tone?: "red";
  to: string;
}) {
  return (
    <Paper
      withBorder
      radius="md"
      p="md"
      component={Link}
      to={to}
      style={{ textDecoration: "none", color: "inherit" }}
    >
      <Group wrap="nowrap">
        <ThemeIcon size={42} radius="md" variant="light" color={tone ?? "ai"}>
          <StatIcon size={22} />
        </ThemeIcon>
        <Stack gap={0}>
          <Text size="xs" c="dimmed">
            {label}
          </Text>
          {value === null ? (
            <Skeleton h={24} w={80} mt={4} />
          ) : (
            <Text fw={700} size="xl" c={tone}>
              {value}
            </Text>
          )}
        </Stack>
      </Group>
    </Paper>
  );
}

function PeopleRows({
  result,
  empty,
  showStageSince = false,
}: {
  result: ReturnType<typeof useQuery<{ items: Person[]; nextCursor: string | null }>>;
  empty: string;
  showStageSince?: boolean;
}): ReactNode {
  return (
    <QueryState
      query={result}
      loading={<Skeleton h={100} />}
      isEmpty={(data) => data.items.length === 0}
      empty={<EmptyState compact title={empty} />}
    >
      {(data) => (
        <Stack gap={10}>
          {data.items.map((p) => (
            <Group key={p.id} justify="space-between" wrap="nowrap">
              <Stack gap={0} style={{ minWidth: 0 }}>
                <Anchor component={Link} to={`/people/${p.id}`} size="sm" fw={600} truncate>
                  {p.name}
                </Anchor>
                <Text size="xs" c="dimmed" truncate>
                  {[p.company?.name, showStageSince ? formatDateTime(p.stageChangedAt) : p.title]
                    .filter(Boolean)
                    .join("・")}
                </Text>
              </Stack>
              <Group gap={6} wrap="nowrap">
                <TemperatureBadge temperature={p.temperature} />
                <StageBadge stage={p.stage} size="sm" />
              </Group>
            </Group>
          ))}
        </Stack>
      )}
    </QueryState>
  );
}
