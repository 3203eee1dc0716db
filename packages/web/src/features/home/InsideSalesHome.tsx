import { Anchor, Grid, Group, SimpleGrid, Skeleton, Stack, Text } from "@mantine/core";
import { IconAlarm, IconAlertTriangle, IconInbox, IconPhone } from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { api, keys } from "../../api/endpoints.ts";
import type { ActivitiesQuery, CurrentUser, HandoffsQuery } from "../../api/types.ts";
import { QueryState } from "../../components/QueryState.tsx";
import { SectionCard } from "../../components/SectionCard.tsx";
import { EmptyState } from "../../components/states.tsx";
import { formatDateTime } from "../../lib/format.ts";
import { useTeams } from "../relay/teams.ts";
import { countOf, HandoffRows, jstDays, TILE_LIMIT, Tile } from "./shared.tsx";

const OPEN_STATES = ["pending", "expired_escalated"] as const;

/** The handoff list (records view) with exactly these filters. */
export function handoffRecordsLink(query: HandoffsQuery): string {
  const params = new URLSearchParams({ view: "records" });
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || ["limit", "sort", "order"].includes(key)) continue;
    params.set(key, Array.isArray(value) ? value.join(",") : String(value));
  }
  return `/handoffs?${params}`;
}

/** The team's inbox (pending handoffs, due soonest first): the same query as the 引き渡し inbox. */
export function useInbox(teamId: string | undefined) {
  const query: HandoffsQuery = {
    teamId,
    state: [...OPEN_STATES],
    sort: "dueAt",
    order: "asc",
    limit: TILE_LIMIT,
  };
  return {
    query,
    result: useQuery({
      queryKey: keys.handoffsList(query),
      queryFn: () => api.listHandoffs(query),
      enabled: teamId !== undefined,
    }),
  };
}

export function TeamInbox({ me, title }: { me: CurrentUser; title: string }) {
  const { t } = useTranslation();
  const team = me.team;
  const inbox = useInbox(team?.id);
  return (
    <SectionCard
      title={title}
      testId="home-inbox"
      actions={
        team && (
          <Anchor component={Link} to={`/handoffs?view=inbox&team=${team.key}`} size="sm">
            {t("common.showAll")}
          </Anchor>
        )
      }
    >
      <HandoffRows query={inbox.result} empty={t("home.empty.inbox")} />
    </SectionCard>
  );
}

/** Inside sales: the inbox first (due soonest), how many are at risk, and today's calls. */
export function InsideSalesHome({ me }: { me: CurrentUser }) {
  const { t } = useTranslation();
  const teams = useTeams();
  const teamId = me.team?.id ?? teams.data?.items.find((tm) => tm.function === "inside_sales")?.id;
  const teamKey = me.team?.key ?? "inside_sales";
  const d = jstDays();
  const inbox = useInbox(teamId);
  const atRiskQuery: HandoffsQuery = {
    teamId,
    state: ["pending"],
    slaStatus: ["at_risk"],
    limit: TILE_LIMIT,
  };
  const atRisk = useQuery({
    queryKey: keys.handoffsList(atRiskQuery),
    queryFn: () => api.listHandoffs(atRiskQuery),
    enabled: teamId !== undefined,
  });
  const overdueQuery: HandoffsQuery = {
    teamId,
    state: [...OPEN_STATES],
    slaStatus: ["breached"],
    limit: TILE_LIMIT,
  };
  const overdue = useQuery({
    queryKey: keys.handoffsList(overdueQuery),
    queryFn: () => api.listHandoffs(overdueQuery),
    enabled: teamId !== undefined,
  });
  // Today's calls you logged, filtered by the server: the count is exact for the day ("+" only past a page).
  const callsQuery: ActivitiesQuery = {
    type: ["call"],
    createdBy: me.id,
    from: d.todayStartInstant,
    limit: TILE_LIMIT,
  };
  const calls = useQuery({
    queryKey: keys.activitiesList(callsQuery),
    queryFn: () => api.listActivities(callsQuery),
  });
  const myCalls = calls.data?.items ?? [];
  return (
    <Stack gap="md">
      <SimpleGrid cols={{ base: 1, xs: 2, md: 4 }}>
        <Tile
          icon={IconInbox}
          label={t("home.tiles.inbox")}
          hint={t("home.hints.inbox")}
          value={countOf(inbox.result.data)}
          to={`/handoffs?view=inbox&team=${teamKey}`}
          testId="tile-inbox"
        />
        <Tile
          icon={IconAlarm}
          label={t("home.tiles.atRisk")}
          hint={t("home.hints.atRisk")}
          value={countOf(atRisk.data)}
          to={handoffRecordsLink(atRiskQuery)}
          tone="orange"
          testId="tile-at-risk"
        />
        <Tile
          icon={IconAlertTriangle}
          label={t("home.tiles.inboxOverdue")}
          hint={t("home.hints.inboxOverdue")}
          value={countOf(overdue.data)}
          to={handoffRecordsLink(overdueQuery)}
          tone="red"
          testId="tile-inbox-overdue"
        />
        <Tile
          icon={IconPhone}
          label={t("home.tiles.todayCalls")}
          hint={t("home.hints.todayCalls")}
          value={countOf(calls.data)}
          to="#home-calls"
          testId="tile-today-calls"
        />
      </SimpleGrid>
      <Grid gap="md">
        <Grid.Col span={{ base: 12, md: 7 }}>
          <TeamInbox me={me} title={t("home.sections.inbox")} />
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 5 }}>
          <div id="home-calls">
            <SectionCard title={t("home.sections.todayCalls")} testId="home-calls">
              <QueryState
                query={calls}
                loading={<Skeleton h={80} />}
                isEmpty={() => myCalls.length === 0}
                empty={<EmptyState compact title={t("home.empty.todayCalls")} />}
              >
                {() => (
                  <Stack gap={8}>
                    {myCalls.map((a) => (
                      <Group key={a.id} justify="space-between" wrap="nowrap">
                        <Anchor component={Link} to={`/people/${a.personId}`} size="sm" fw={600} truncate>
                          {a.subject ?? t("home.callNoSubject")}
                        </Anchor>
                        <Text size="xs" c="dimmed">
                          {formatDateTime(a.occurredAt)}
                        </Text>
                      </Group>
                    ))}
                  </Stack>
                )}
              </QueryState>
            </SectionCard>
          </div>
        </Grid.Col>
      </Grid>
    </Stack>
  );
}
