import { Anchor, SimpleGrid, Skeleton, Stack, Table, Text } from "@mantine/core";
import {
  IconAlarm,
  IconAlertTriangle,
  IconArrowBackUp,
  IconHourglassHigh,
  IconTarget,
} from "@tabler/icons-react";
import { useQueries, useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { api, keys } from "../../api/endpoints.ts";
import type { HandoffsQuery, SlaCompliance } from "../../api/types.ts";
import { QueryState } from "../../components/QueryState.tsx";
import { SectionCard } from "../../components/SectionCard.tsx";
import { formatDate, formatYen } from "../../lib/format.ts";
import { recordsLink } from "../relay/CompliancePage.tsx";
import { useTeamLabel } from "../relay/teams.ts";
import { handoffRecordsLink } from "./InsideSalesHome.tsx";
import { countOf, jstDays, TILE_LIMIT, Tile } from "./shared.tsx";

type TeamRow = SlaCompliance["teams"][number];

/** Handoffs still waiting past their deadline now (any age): the team's stalled ones. */
const stalledQuery = (teamId: string): HandoffsQuery => ({
  teamId,
  state: ["pending", "expired_escalated"],
  slaStatus: ["breached"],
  limit: TILE_LIMIT,
});
/** Handoffs the team returned (rejected) in the period. */
const returnedQuery = (row: TeamRow): HandoffsQuery => ({
  teamId: row.team.id,
  from: row.filter.from,
  to: row.filter.to,
  state: ["rejected"],
  limit: TILE_LIMIT,
});

/**
 * Managers (and admins): the team, not their own deals. SLA figures come from getSlaCompliance,
 * the SLA page's own numbers and links, on its default period (this month); stalled and returned
 * handoffs are listHandoffs counts with the filter their link opens.
 */
export function ManagerHome() {
  const { t } = useTranslation();
  const teamLabel = useTeamLabel();
  const compliance = useQuery({ queryKey: keys.slaCompliance({}), queryFn: () => api.getSlaCompliance({}) });
  const rows = compliance.data?.teams ?? [];
  const stalled = useQueries({
    queries: rows.map((row) => ({
      queryKey: keys.handoffsList(stalledQuery(row.team.id)),
      queryFn: () => api.listHandoffs(stalledQuery(row.team.id)),
    })),
  });
  const returned = useQueries({
    queries: rows.map((row) => ({
      queryKey: keys.handoffsList(returnedQuery(row)),
      queryFn: () => api.listHandoffs(returnedQuery(row)),
    })),
  });
  const sum = (pick: (row: TeamRow) => number) =>
    compliance.data ? String(rows.reduce((n, row) => n + pick(row), 0)) : null;
  const sumPages = (results: typeof stalled) =>
    results.length > 0 && results.every((r) => r.data)
      ? `${results.reduce((n, r) => n + (r.data?.items.length ?? 0), 0)}${results.some((r) => r.data?.nextCursor) ? "+" : ""}`
      : compliance.data && rows.length === 0
        ? "0"
        : null;
  const period = compliance.data ? { from: compliance.data.from, to: compliance.data.to } : null;
  const periodText = period
    ? { from: formatDate(period.from), to: formatDate(period.to) }
    : { from: "", to: "" };
  const compliancePeriodLink = period
    ? `/handoffs/compliance?from=${period.from}&to=${period.to}`
    : "/handoffs/compliance";
  return (
    <Stack gap="md">
      <SimpleGrid cols={{ base: 1, xs: 2, md: 5 }}>
        <GoalTile />
        <Tile
          icon={IconAlarm}
          label={t("home.tiles.teamAtRisk")}
          hint={t("home.hints.teamAtRisk")}
          value={sum((row) => row.counts.pendingAtRisk)}
          to={compliancePeriodLink}
          tone="orange"
          testId="tile-team-at-risk"
        />
        <Tile
          icon={IconAlertTriangle}
          label={t("home.tiles.teamBreached")}
          hint={t("home.hints.teamBreached", periodText)}
          value={sum((row) => row.counts.breached)}
          to={compliancePeriodLink}
          tone="red"
          testId="tile-team-breached"
        />
        <Tile
          icon={IconHourglassHigh}
          label={t("home.tiles.stalled")}
          hint={t("home.hints.stalled")}
          value={sumPages(stalled)}
          to={handoffRecordsLink({ state: ["pending", "expired_escalated"], slaStatus: ["breached"] })}
          tone="red"
          testId="tile-stalled"
        />
        <Tile
          icon={IconArrowBackUp}
          label={t("home.tiles.returned")}
          hint={t("home.hints.returned", periodText)}
          value={sumPages(returned)}
          to={handoffRecordsLink({ state: ["rejected"], ...(period ?? {}) })}
          testId="tile-returned"
        />
      </SimpleGrid>
      <SectionCard title={t("home.sections.byTeam")} testId="home-by-team">
        <QueryState query={compliance} loading={<Skeleton h={120} />}>
          {() => (
            <Table.ScrollContainer minWidth={520}>
              <Table verticalSpacing="xs" data-testid="by-team-table">
                <Table.Thead>
                  <Table.Tr>
                    {(["team", "atRisk", "breached", "stalled", "returned"] as const).map((c) => (
                      <Table.Th key={c} fz="xs" c="dimmed" ta={c === "team" ? undefined : "right"}>
                        {t(`home.byTeam.${c}`)}
                      </Table.Th>
                    ))}
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {rows.map((row, i) => (
                    <Table.Tr key={row.team.id}>
                      <Table.Td fz="sm" fw={600}>
                        {teamLabel(row.team)}
                      </Table.Td>
                      <Cell
                        value={String(row.counts.pendingAtRisk)}
                        to={recordsLink(row.filter, "pendingAtRisk")}
                      />
                      <Cell value={String(row.counts.breached)} to={recordsLink(row.filter, "breached")} />
                      <Cell
                        value={countOf(stalled[i]?.data)}
                        to={handoffRecordsLink(stalledQuery(row.team.id))}
                      />
                      <Cell value={countOf(returned[i]?.data)} to={handoffRecordsLink(returnedQuery(row))} />
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )}
        </QueryState>
        {period && (
          <Text size="xs" c="dimmed" mt="xs">
            {t("home.byTeamPeriod", periodText)}
          </Text>
        )}
      </SectionCard>
    </Stack>
  );
}

function Cell({ value, to }: { value: string | null; to: string }) {
  return (
    <Table.Td ta="right" fz="sm">
      {value === null ? (
        <Skeleton h={16} w={24} ml="auto" />
      ) : (
        <Anchor component={Link} to={to} fw={600}>
          {value}
        </Anchor>
      )}
    </Table.Td>
  );
}

/** This month against plan: the goal that covers this month, its actual vs target from getGoalPacing. */
function GoalTile() {
  const { t } = useTranslation();
  const d = jstDays();
  const goals = useQuery({ queryKey: keys.goals, queryFn: () => api.listGoals() });
  const covering = goals.data?.items.filter((g) => g.months.includes(d.month)) ?? [];
  // A company-wide goal (no team) first: the manager's home is about everyone.
  const goal = covering.find((g) => g.team === null) ?? covering[0];
  const pacing = useQuery({
    queryKey: keys.goalPacing(goal?.id ?? ""),
    queryFn: () => api.getGoalPacing(goal!.id),
    enabled: goal !== undefined,
  });
  const month = pacing.data?.revenue.find((r) => r.month === pacing.data?.currentMonth);
  if (goals.data && !goal)
    return (
      <Tile
        icon={IconTarget}
        label={t("home.tiles.goal")}
        hint={t("home.hints.noGoal")}
        value={t("home.noGoalValue")}
        to="/goals"
        testId="tile-goal"
      />
    );
  const value = month ? `${formatYen(month.actual ?? 0)} / ${formatYen(month.target)}` : null;
  const behind = month ? (month.actual ?? 0) < month.target : false;
  return (
    <Tile
      icon={IconTarget}
      label={t("home.tiles.goal")}
      hint={goal ? t("home.hints.goal", { name: goal.name }) : ""}
      value={value}
      to={goal ? `/goals/${goal.id}` : "/goals"}
      tone={behind ? "orange" : undefined}
      testId="tile-goal"
    />
  );
}
