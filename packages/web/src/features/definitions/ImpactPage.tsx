import {
  Anchor,
  Badge,
  Button,
  Group,
  Paper,
  SimpleGrid,
  Skeleton,
  Stack,
  Table,
  Tabs,
  Text,
  Title,
} from "@mantine/core";
import { IconCalendar, IconChartBar } from "@tabler/icons-react";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import dayjs from "dayjs";
import { lazy, type ReactNode, Suspense, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import { api, keys } from "../../api/endpoints.ts";
import type { DefinitionDetail, DefinitionImpact } from "../../api/types.ts";
import { StageBadge } from "../../components/badges.tsx";
import { DateField } from "../../components/DateField.tsx";
import { PageHeader } from "../../components/PageHeader.tsx";
import { SectionCard } from "../../components/SectionCard.tsx";
import { EmptyState, ErrorState } from "../../components/states.tsx";
import { VersionStatusBadge } from "../../components/versions.tsx";
import { formatYen, TIME_ZONE, todayJst } from "../../lib/format.ts";
import { useDefinitionName } from "./shared.tsx";

const ImpactChart = lazy(async () => ({ default: (await import("./ImpactChart.tsx")).ImpactChart }));

type GroupKey = keyof DefinitionImpact["groups"];
/** The interesting groups first: who the change adds, who it drops, who stays. */
const GROUPS: GroupKey[] = ["proposedOnly", "currentOnly", "both", "neither"];
const GROUP_COLORS: Record<GroupKey, string> = {
  proposedOnly: "teal",
  currentOnly: "red",
  both: "ai",
  neither: "gray",
};

function monthsAgo(months: number): string {
  return dayjs.tz(todayJst(), TIME_ZONE).subtract(months, "month").format("YYYY-MM-DD");
}

/** The backtest of an open version: who would qualify compared with the version in force, and what became of them. */
export function ImpactPage() {
  const { id = "", versionId = "" } = useParams();
  const { t } = useTranslation();
  const nameOf = useDefinitionName();
  const [range, setRange] = useState<[string | null, string | null]>([monthsAgo(12), todayJst()]);
  const [from, to] = range;
  const complete = Boolean(from && to && from < to);
  const definition = useQuery({ queryKey: keys.definition(id), queryFn: () => api.getDefinition(id) });
  const impact = useQuery({
    queryKey: keys.definitionImpact(id, versionId, { from: from ?? "", to: to ?? "" }),
    queryFn: () => api.getDefinitionImpact(id, versionId, { from: from!, to: to! }),
    enabled: complete,
    placeholderData: keepPreviousData,
    staleTime: 5 * 60_000,
  });
  const version = definition.data?.versions.find((v) => v.id === versionId);
  const title = definition.data
    ? t("definitions.impact.title", { name: nameOf(definition.data), number: version?.number ?? "" })
    : t("definitions.impact.titleShort");

  return (
    <>
      <PageHeader
        crumbs={[
          { label: t("nav.definitions"), to: "/definitions" },
          ...(definition.data ? [{ label: nameOf(definition.data), to: `/definitions/${id}` }] : []),
          { label: t("definitions.impact.titleShort") },
        ]}
        title={
          <Group gap="sm" component="span">
            <span>{title}</span>
            {version && <VersionStatusBadge status={version.status} size="md" />}
          </Group>
        }
        description={
          definition.data?.current
            ? t("definitions.impact.intro", {
                number: version?.number ?? "",
                current: definition.data.current.number,
              })
            : t("definitions.impact.introNoCurrent", { number: version?.number ?? "" })
        }
      />
      <Paper withBorder radius="md" p="md" mb="md">
        <Text size="sm" fw={600} mb={2}>
          {t("definitions.impact.range")}
        </Text>
        <Text size="xs" c="dimmed" mb="xs">
          {t("definitions.impact.rangeHelp")}
        </Text>
        <Group gap="sm" align="flex-end" wrap="wrap">
          <DateField
            label={t("definitions.impact.from")}
            value={from ?? ""}
            onChange={(v) => setRange([v || null, to])}
            max={to ?? todayJst()}
            leftSection={<IconCalendar size={16} />}
            w={190}
            data-testid="impact-from"
          />
          <Text pb={8} c="dimmed" aria-hidden>
            〜
          </Text>
          <DateField
            label={t("definitions.impact.to")}
            value={to ?? ""}
            onChange={(v) => setRange([from, v || null])}
            min={from ?? undefined}
            max={todayJst()}
            leftSection={<IconCalendar size={16} />}
            w={190}
            data-testid="impact-to"
          />
          <Group gap={6} ml="md">
            {[3, 6, 12].map((m) => (
              <Button
                key={m}
                size="xs"
                variant={from === monthsAgo(m) && to === todayJst() ? "light" : "default"}
                onClick={() => setRange([monthsAgo(m), todayJst()])}
              >
                {t("definitions.impact.lastMonths", { count: m })}
              </Button>
            ))}
          </Group>
        </Group>
      </Paper>
      {definition.isError ? (
        <ErrorState error={definition.error} onRetry={() => definition.refetch()} />
      ) : !complete ? (
        <Paper withBorder radius="md">
          <EmptyState icon={IconCalendar} title={t("definitions.impact.chooseRange")} />
        </Paper>
      ) : impact.isPending ? (
        <Stack gap="md" aria-busy="true" aria-label={t("common.loading")}>
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            {[0, 1, 2].map((i) => (
              <Skeleton key={i} h={96} radius="md" />
            ))}
          </SimpleGrid>
          <Skeleton h={300} radius="md" />
          <Text size="sm" c="dimmed" ta="center">
            {t("definitions.impact.computing")}
          </Text>
        </Stack>
      ) : impact.isError ? (
        <ErrorState error={impact.error} onRetry={() => impact.refetch()} />
      ) : impact.data.cohort === 0 ? (
        <Paper withBorder radius="md">
          <EmptyState
            icon={IconChartBar}
            title={t("definitions.impact.emptyTitle")}
            description={t("definitions.impact.emptyBody")}
          />
        </Paper>
      ) : (
        <ImpactResult impact={impact.data} definition={definition.data} refreshing={impact.isFetching} />
      )}
    </>
  );
}

const number = new Intl.NumberFormat("ja-JP");
const percentOf = (part: number, whole: number) =>
  whole > 0 ? `${Math.round((part / whole) * 1000) / 10}%` : "—";

function ImpactResult({
  impact,
  definition,
  refreshing,
}: {
  impact: DefinitionImpact;
  definition: DefinitionDetail | undefined;
  refreshing: boolean;
}) {
  const { t } = useTranslation();
  const delta = impact.qualifiesProposed - impact.qualifiesCurrent;
  const current = impact.currentVersion;
  const groupLabel = (g: GroupKey) =>
    t(`definitions.impact.groups.${g}`, {
      current: current ? `v${current.number}` : t("definitions.impact.noCurrentShort"),
      proposed: `v${impact.proposedVersion.number}`,
    });
  const withRate = (count: number, people: number) =>
    t("definitions.impact.countWithRate", { count: number.format(count), rate: percentOf(count, people) });
  const rows: {
    label: string;
    value: (g: DefinitionImpact["groups"][GroupKey]) => string;
    strong?: boolean;
  }[] = [
    { label: t("definitions.impact.people"), value: (g) => number.format(g.people), strong: true },
    {
      label: t("definitions.impact.reachedSal"),
      value: (g) => withRate(g.reachedSal, g.people),
    },
    {
      label: t("definitions.impact.reachedSql"),
      value: (g) => withRate(g.reachedSql, g.people),
    },
    {
      label: t("definitions.impact.reachedOpportunity"),
      value: (g) => withRate(g.reachedOpportunity, g.people),
    },
    { label: t("definitions.impact.won"), value: (g) => number.format(g.won) },
    { label: t("definitions.impact.lost"), value: (g) => number.format(g.lost) },
    {
      label: t("definitions.impact.winRate"),
      value: (g) => (g.winRate === null ? "—" : `${Math.round(g.winRate * 1000) / 10}%`),
      strong: true,
    },
    { label: t("definitions.impact.revenue"), value: (g) => formatYen(g.revenue), strong: true },
  ];

  return (
    <Stack
      gap="md"
      style={{ opacity: refreshing ? 0.6 : 1, transition: "opacity 120ms" }}
      data-testid="impact-result"
    >
      <SimpleGrid cols={{ base: 1, sm: 3 }}>
        <Stat
          label={t("definitions.impact.cohort")}
          value={number.format(impact.cohort)}
          hint={t("definitions.impact.cohortHint")}
        />
        <Stat
          label={
            current
              ? t("definitions.impact.qualifiesCurrent", { number: current.number })
              : t("definitions.impact.qualifiesNoCurrent")
          }
          value={number.format(impact.qualifiesCurrent)}
          hint={t("definitions.impact.shareOfCohort", {
            share: percentOf(impact.qualifiesCurrent, impact.cohort),
          })}
        />
        <Stat
          label={t("definitions.impact.qualifiesProposed", { number: impact.proposedVersion.number })}
          value={number.format(impact.qualifiesProposed)}
          hint={t("definitions.impact.shareOfCohort", {
            share: percentOf(impact.qualifiesProposed, impact.cohort),
          })}
          badge={
            <Badge
              color={delta > 0 ? "teal" : delta < 0 ? "red" : "gray"}
              variant="light"
              radius="sm"
              tt="none"
            >
              {delta > 0 ? `+${number.format(delta)}` : delta < 0 ? `−${number.format(-delta)}` : "±0"}
            </Badge>
          }
        />
      </SimpleGrid>
      <SectionCard title={t("definitions.impact.chartTitle")}>
        <Suspense fallback={<Skeleton h={300} />}>
          <ImpactChart groups={GROUPS.map((g) => ({ label: groupLabel(g), ...impact.groups[g] }))} />
        </Suspense>
      </SectionCard>
      <SectionCard title={t("definitions.impact.tableTitle")}>
        <Table.ScrollContainer minWidth={720}>
          <Table striped highlightOnHover verticalSpacing="xs" data-testid="impact-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th />
                {GROUPS.map((g) => (
                  <Table.Th key={g} ta="right">
                    <Text size="sm" fw={700} c={`${GROUP_COLORS[g]}.8`}>
                      {groupLabel(g)}
                    </Text>
                  </Table.Th>
                ))}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((row) => (
                <Table.Tr key={row.label}>
                  <Table.Th scope="row" fw={500}>
                    {row.label}
                  </Table.Th>
                  {GROUPS.map((g) => (
                    <Table.Td
                      key={g}
                      ta="right"
                      fw={row.strong ? 700 : 400}
                      style={{ fontVariantNumeric: "tabular-nums" }}
                    >
                      {row.value(impact.groups[g])}
                    </Table.Td>
                  ))}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
        <Text size="xs" c="dimmed" mt="xs">
          {t("definitions.impact.footnote", {
            from: impact.from.replaceAll("-", "/"),
            to: impact.to.replaceAll("-", "/"),
            ms: number.format(impact.elapsedMs),
          })}
        </Text>
      </SectionCard>
      <SectionCard title={t("definitions.impact.samplesTitle")}>
        <Tabs
          defaultValue={GROUPS.find((g) => impact.groups[g].samples.length > 0) ?? "proposedOnly"}
          keepMounted={false}
        >
          <Tabs.List>
            {GROUPS.map((g) => (
              <Tabs.Tab key={g} value={g}>
                {t("definitions.impact.tabLabel", {
                  group: groupLabel(g),
                  count: number.format(impact.groups[g].people),
                })}
              </Tabs.Tab>
            ))}
          </Tabs.List>
          {GROUPS.map((g) => (
            <Tabs.Panel key={g} value={g} pt="sm">
              {impact.groups[g].samples.length === 0 ? (
                <EmptyState compact title={t("definitions.impact.noSamples")} />
              ) : (
                <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="xs" data-testid={`samples-${g}`}>
                  {impact.groups[g].samples.map((p) => (
                    <Group key={p.id} gap="xs" wrap="nowrap" justify="space-between">
                      <Anchor component={Link} to={`/people/${p.id}`} size="sm" truncate>
                        {p.name}
                      </Anchor>
                      <StageBadge stage={p.stage} size="sm" />
                    </Group>
                  ))}
                </SimpleGrid>
              )}
            </Tabs.Panel>
          ))}
        </Tabs>
        {definition && (
          <Text size="xs" c="dimmed" mt="sm">
            {t("definitions.impact.samplesHint")}
          </Text>
        )}
      </SectionCard>
    </Stack>
  );
}

function Stat({
  label,
  value,
  hint,
  badge,
}: {
  label: string;
  value: string;
  hint?: string;
  badge?: ReactNode;
}) {
  return (
    <Paper withBorder radius="md" p="md">
      <Text size="sm" c="dimmed">
        {label}
      </Text>
      <Group gap="sm" align="baseline" mt={4}>
        <Title order={3} size="h2" style={{ fontVariantNumeric: "tabular-nums" }}>
          {value}
        </Title>
        {badge}
      </Group>
      {hint && (
        <Text size="xs" c="dimmed">
          {hint}
        </Text>
      )}
    </Paper>
  );
}
