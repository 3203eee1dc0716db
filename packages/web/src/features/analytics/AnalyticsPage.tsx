import {
  Button,
  Group,
  Paper,
  ScrollArea,
  SegmentedControl,
  Select,
  SimpleGrid,
  Skeleton,
  Stack,
  Table,
  Text,
  TextInput,
} from "@mantine/core";
import { IconCalendar, IconFilterOff } from "@tabler/icons-react";
import { keepPreviousData, type UseQueryResult, useQuery } from "@tanstack/react-query";
import type { AnalyticsFilterInput, AnalyticsView } from "@tasuki/contracts";
import { EMPLOYEE_BANDS, FUNNEL_STAGES, INDUSTRIES, MARKETING_KPIS, type MarketingKpi } from "@tasuki/domain";
import { lazy, type ReactNode, Suspense, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router";
import { api, keys } from "../../api/endpoints.ts";
import type { AnalyticsRecord, ReasonTrend } from "../../api/types.ts";
import { DateField } from "../../components/DateField.tsx";
import { PageHeader } from "../../components/PageHeader.tsx";
import { SectionCard } from "../../components/SectionCard.tsx";
import { ErrorState } from "../../components/states.tsx";
import { UserSelect } from "../../components/UserSelect.tsx";
import { formatEmployeeBand, formatYen } from "../../lib/format.ts";
import {
  type CsvCell,
  CsvMenu,
  DrillNumber,
  DrillProvider,
  type DrillTarget,
  RecordsDrawer,
  useDrill,
} from "./Drill.tsx";
import {
  FILTER_KEYS,
  filterFromParams,
  filterQuery,
  PERIOD_PRESETS,
  type PeriodPreset,
  presetPeriod,
} from "./filters.ts";
import { formatCount, formatDays, formatMonth, formatRate, ratePercent } from "./format.ts";
import { SlaTile } from "./SlaTile.tsx";

const FunnelChart = lazy(async () => ({ default: (await import("./Charts.tsx")).FunnelChart }));
const TrendChart = lazy(async () => ({ default: (await import("./Charts.tsx")).TrendChart }));

const ChartFallback = () => <Skeleton height={260} radius="md" />;

/** One metric for the filter: kept on screen while the next filter loads, fresh for a minute. */
function useAnalytics<Q extends Record<string, unknown>, T>(
  metric: string,
  query: Q,
  fetch: (query: Q) => Promise<T>,
) {
  return useQuery({
    queryKey: keys.analytics(metric, query),
    queryFn: () => fetch(query),
    placeholderData: keepPreviousData,
    staleTime: 60_000,
  });
}

/** A section's content once its metric has loaded: until then a placeholder `height` high, or the error with a retry. */
function Loaded<T>({
  query,
  height,
  children,
}: {
  query: UseQueryResult<T>;
  height: number;
  children: (data: T) => ReactNode;
}) {
  if (query.isError) return <ErrorState error={query.error} onRetry={() => query.refetch()} />;
  if (!query.data) return <Skeleton height={height} />;
  return children(query.data);
}

/** ダッシュボード: one filter bar over every metric; every number opens the records it counted. */
export function AnalyticsPage() {
  const { t, i18n } = useTranslation();
  const [params, setParams] = useSearchParams();
  const filter = useMemo(() => filterFromParams(params), [params]);
  const [view, setView] = useState<AnalyticsView>("cohort");
  const [drill, setDrill] = useState<DrillTarget | null>(null);
  const locale = i18n.language;
  const month = (m: string) => formatMonth(m, locale);
  const stageName = (s: string) => t(`stage.${s}` as "stage.lead");

  const setFilter = (patch: Partial<AnalyticsFilterInput>) => {
    const next = filterQuery({ ...filter, ...patch });
    setParams(next, { replace: true });
  };

  const funnel = useAnalytics("funnel", { ...filter, view }, api.getFunnel);
  const velocity = useAnalytics("velocity", filter, api.getVelocity);
  const kpis = useAnalytics("kpis", filter, api.getMarketingKpis);
  const progression = useAnalytics("progression", filter, api.getStageProgression);
  const lost = useAnalytics("lost", filter, api.getLostReasons);
  const rejections = useAnalytics("rejections", filter, api.getRejectionReasons);
  const industry = useAnalytics("industry", filter, api.getIndustryResponse);

  // A reason's label in the reader's language, or its key when the trend does not list it.
  const reasonLabel = (trend: ReasonTrend | undefined, key: string): string => {
    const reason = trend?.reasons.find((r) => r.key === key);
    return reason ? (locale.startsWith("ja") ? reason.labelJa : reason.labelEn) : key;
  };
  const labelOf = (record: AnalyticsRecord): string => {
    if (!record.label) return "—";
    if (
      record.kind === "activity" ||
      (record.kind === "person" &&
        record.label.includes("_") &&
        !FUNNEL_STAGES.includes(record.label as never))
    )
      return t(`activityType.${record.label}` as "activityType.inquiry", { defaultValue: record.label });
    if (record.kind === "person" || record.kind === "stage_change") return stageName(record.label);
    if (record.kind === "opportunity") {
      if (record.label === "won" || record.label === "lost")
        return t(`outcome.${record.label}` as "outcome.won");
      return reasonLabel(lost.data, record.label);
    }
    return reasonLabel(rejections.data, record.label);
  };

  const rangeText = `${filter.from?.replaceAll("-", "/")} 〜 ${filter.to?.replaceAll("-", "/")}`;

  return (
    <DrillProvider value={setDrill}>
      <PageHeader title={t("analytics.title")} description={t("analytics.description")} />
      <FilterBar filter={filter} onChange={setFilter} onReset={() => setParams({}, { replace: true })} />

      <Stack gap="lg" mt="md">
        <KpiTiles data={kpis.data} error={kpis.error} onRetry={() => kpis.refetch()} filter={filter} />

        <SectionCard
          title={t("analytics.funnel.title")}
          testId="section-funnel"
          actions={
            <Group gap="xs">
              <SegmentedControl
                size="xs"
                value={view}
                onChange={(v) => setView(v as AnalyticsView)}
                data={[
                  { value: "cohort", label: t("analytics.funnel.cohort") },
                  { value: "period", label: t("analytics.funnel.period") },
                ]}
                data-testid="funnel-view"
              />
              <CsvMenu
                name={`conversion-${view}`}
                testId="csv-conversion"
                rows={() => [
                  [
                    t("analytics.funnel.step"),
                    t("analytics.funnel.entered"),
                    t("analytics.funnel.converted"),
                    t("analytics.funnel.ratePercent"),
                  ],
                  ...(funnel.data?.steps ?? []).map((s) => [
                    `${stageName(s.fromStage)}→${stageName(s.toStage)}`,
                    s.entered,
                    s.converted,
                    ratePercent(s.rate),
                  ]),
                ]}
              />
            </Group>
          }
        >
          <Text size="sm" c="dimmed" mb="sm">
            {view === "cohort" ? t("analytics.funnel.cohortHelp") : t("analytics.funnel.periodHelp")}{" "}
            {rangeText}
          </Text>
          <Loaded query={funnel} height={300}>
            {(data) => (
              <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="lg">
                <Suspense fallback={<ChartFallback />}>
                  <FunnelChart
                    label={t("analytics.funnel.chartLabel")}
                    stages={FUNNEL_STAGES.map((stage) => ({
                      key: stage,
                      name: stageName(stage),
                      value: data.stages.find((s) => s.stage === stage)?.people ?? 0,
                    }))}
                    onSelect={(stage) =>
                      setDrill({
                        title: `${stageName(stage)} — ${t("analytics.funnel.title")}`,
                        query: { metric: "funnel_stage", view, stage: stage as never },
                      })
                    }
                  />
                </Suspense>
                <ScrollArea>
                  <Table verticalSpacing={6} fz="sm" data-testid="conversion-table">
                    <Table.Thead>
                      <Table.Tr>
                        <Table.Th>{t("analytics.funnel.step")}</Table.Th>
                        <Table.Th ta="right">{t("analytics.funnel.entered")}</Table.Th>
                        <Table.Th ta="right">{t("analytics.funnel.converted")}</Table.Th>
                        <Table.Th ta="right">{t("analytics.funnel.rate")}</Table.Th>
                      </Table.Tr>
                    </Table.Thead>
                    <Table.Tbody>
                      {data.steps.map((s) => {
                        const title = `${stageName(s.fromStage)} → ${stageName(s.toStage)}`;
                        const coords = {
                          metric: "funnel_step" as const,
                          view,
                          fromStage: s.fromStage,
                          toStage: s.toStage,
                        };
                        return (
                          <Table.Tr key={`${s.fromStage}-${s.toStage}`}>
                            <Table.Td>{title}</Table.Td>
                            <Table.Td ta="right">
                              <DrillNumber
                                target={{
                                  title: `${title}: ${t("analytics.funnel.entered")}`,
                                  query: { ...coords, part: "entered" },
                                }}
                                testId={`entered-${s.fromStage}`}
                              >
                                {formatCount(s.entered)}
                              </DrillNumber>
                            </Table.Td>
                            <Table.Td ta="right">
                              <DrillNumber
                                target={{
                                  title: `${title}: ${t("analytics.funnel.converted")}`,
                                  query: { ...coords, part: "converted" },
                                }}
                                testId={`converted-${s.fromStage}`}
                              >
                                {formatCount(s.converted)}
                              </DrillNumber>
                            </Table.Td>
                            <Table.Td ta="right" fw={700}>
                              {formatRate(s.rate)}
                            </Table.Td>
                          </Table.Tr>
                        );
                      })}
                    </Table.Tbody>
                  </Table>
                  <Group gap="lg" mt="sm">
                    {(["lost", "recycled", "disqualified"] as const).map((stage) => (
                      <Text key={stage} size="sm" c="dimmed">
                        {stageName(stage)}{" "}
                        <DrillNumber
                          target={{ title: stageName(stage), query: { metric: "funnel_stage", view, stage } }}
                        >
                          {formatCount(data.stages.find((s) => s.stage === stage)?.people ?? 0)}
                        </DrillNumber>
                      </Text>
                    ))}
                  </Group>
                </ScrollArea>
              </SimpleGrid>
            )}
          </Loaded>
        </SectionCard>

        <SectionCard
          title={view === "cohort" ? t("analytics.cohort.title") : t("analytics.cohort.periodTitle")}
          testId="section-cohort"
          actions={
            <CsvMenu
              name={`conversion-by-month-${view}`}
              testId="csv-cohort"
              rows={() => [
                [
                  t("analytics.month"),
                  ...(funnel.data?.steps ?? []).flatMap((s) => [
                    `${stageName(s.fromStage)}→${stageName(s.toStage)} ${t("analytics.funnel.entered")}`,
                    `${t("analytics.funnel.converted")}`,
                    t("analytics.funnel.ratePercent"),
                  ]),
                ],
                ...(funnel.data?.months ?? []).map((m) => [
                  month(m.month),
                  ...m.steps.flatMap((s) => [s.entered, s.converted, ratePercent(s.rate)]),
                ]),
              ]}
            />
          }
        >
          {funnel.data && (
            <ScrollArea>
              <Table verticalSpacing={4} fz="sm" striped data-testid="cohort-table">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t("analytics.month")}</Table.Th>
                    {funnel.data.steps.map((s) => (
                      <Table.Th key={s.fromStage} ta="right" style={{ whiteSpace: "nowrap" }}>
                        {stageName(s.fromStage)}→{stageName(s.toStage)}
                      </Table.Th>
                    ))}
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {funnel.data.months.map((m) => (
                    <Table.Tr key={m.month}>
                      <Table.Td style={{ whiteSpace: "nowrap" }}>{month(m.month)}</Table.Td>
                      {m.steps.map((s) => (
                        <Table.Td key={s.fromStage} ta="right" style={{ whiteSpace: "nowrap" }}>
                          <Text span fw={700} size="sm">
                            {formatRate(s.rate)}
                          </Text>{" "}
                          <Text span size="xs" c="dimmed">
                            <DrillNumber
                              fw={400}
                              target={{
                                title: `${month(m.month)} ${stageName(s.fromStage)}→${stageName(s.toStage)}: ${t("analytics.funnel.converted")}`,
                                query: {
                                  metric: "funnel_step",
                                  view,
                                  fromStage: s.fromStage,
                                  toStage: s.toStage,
                                  part: "converted",
                                  month: m.month,
                                },
                              }}
                            >
                              {formatCount(s.converted)}
                            </DrillNumber>
                            /
                            <DrillNumber
                              fw={400}
                              target={{
                                title: `${month(m.month)} ${stageName(s.fromStage)}: ${t("analytics.funnel.entered")}`,
                                query: {
                                  metric: "funnel_step",
                                  view,
                                  fromStage: s.fromStage,
                                  toStage: s.toStage,
                                  part: "entered",
                                  month: m.month,
                                },
                              }}
                            >
                              {formatCount(s.entered)}
                            </DrillNumber>
                          </Text>
                        </Table.Td>
                      ))}
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </ScrollArea>
          )}
        </SectionCard>

        <SectionCard
          title={t("analytics.velocity.title")}
          testId="section-velocity"
          actions={
            <CsvMenu
              name="velocity"
              testId="csv-velocity"
              rows={() => [
                [
                  t("analytics.funnel.step"),
                  t("analytics.velocity.people"),
                  t("analytics.velocity.median"),
                  t("analytics.velocity.mean"),
                ],
                ...(velocity.data?.steps ?? []).map((s) => [
                  `${stageName(s.fromStage)}→${stageName(s.toStage)}`,
                  s.people,
                  s.medianDays,
                  s.meanDays,
                ]),
              ]}
            />
          }
        >
          <Text size="sm" c="dimmed" mb="sm">
            {t("analytics.velocity.help")}
          </Text>
          <Loaded query={velocity} height={200}>
            {(data) => (
              <Table verticalSpacing={6} fz="sm" data-testid="velocity-table">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t("analytics.funnel.step")}</Table.Th>
                    <Table.Th ta="right">{t("analytics.velocity.people")}</Table.Th>
                    <Table.Th ta="right">{t("analytics.velocity.median")}</Table.Th>
                    <Table.Th ta="right">{t("analytics.velocity.mean")}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {data.steps.map((s) => {
                    const title = `${stageName(s.fromStage)} → ${stageName(s.toStage)}`;
                    return (
                      <Table.Tr key={s.fromStage}>
                        <Table.Td>{title}</Table.Td>
                        <Table.Td ta="right">
                          <DrillNumber
                            target={{
                              title: `${title}: ${t("analytics.velocity.title")}`,
                              query: { metric: "velocity", fromStage: s.fromStage, toStage: s.toStage },
                            }}
                            testId={`velocity-${s.fromStage}`}
                          >
                            {formatCount(s.people)}
                          </DrillNumber>
                        </Table.Td>
                        <Table.Td ta="right" fw={700}>
                          {formatDays(s.medianDays)}
                        </Table.Td>
                        <Table.Td ta="right">{formatDays(s.meanDays)}</Table.Td>
                      </Table.Tr>
                    );
                  })}
                </Table.Tbody>
              </Table>
            )}
          </Loaded>
        </SectionCard>

        <SectionCard
          title={t("analytics.progression.title")}
          testId="section-progression"
          actions={
            <CsvMenu
              name="stage-progression"
              testId="csv-progression"
              rows={() => [
                [t("analytics.month"), ...(progression.data?.stages ?? []).map((s) => stageName(s.stage))],
                ...(progression.data?.months ?? []).map((m) => [
                  month(m.month),
                  ...m.stages.map((s) => s.moves),
                ]),
                [t("analytics.total"), ...(progression.data?.stages ?? []).map((s) => s.moves)],
              ]}
            />
          }
        >
          <Text size="sm" c="dimmed" mb="sm">
            {t("analytics.progression.help")}
          </Text>
          <Loaded query={progression} height={200}>
            {(data) => (
              <ScrollArea>
                <Table verticalSpacing={4} fz="sm" striped data-testid="progression-table">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>{t("analytics.month")}</Table.Th>
                      {data.stages.map((s) => (
                        <Table.Th key={s.stage} ta="right" style={{ whiteSpace: "nowrap" }}>
                          {stageName(s.stage)}
                        </Table.Th>
                      ))}
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {[
                      ...data.months.map((m) => ({
                        key: m.month,
                        name: month(m.month),
                        stages: m.stages,
                      })),
                      { key: undefined, name: t("analytics.total"), stages: data.stages },
                    ].map((row) => (
                      <Table.Tr key={row.key ?? "total"} fw={row.key ? undefined : 700}>
                        <Table.Td style={{ whiteSpace: "nowrap" }}>{row.name}</Table.Td>
                        {row.stages.map((s) => (
                          <Table.Td key={s.stage} ta="right">
                            {s.moves === 0 ? (
                              <Text span c="dimmed" size="sm">
                                0
                              </Text>
                            ) : (
                              <DrillNumber
                                fw={row.key ? 500 : 700}
                                target={{
                                  title: `${row.name} ${stageName(s.stage)}`,
                                  query: { metric: "progression", stage: s.stage, month: row.key },
                                }}
                              >
                                {formatCount(s.moves)}
                              </DrillNumber>
                            )}
                          </Table.Td>
                        ))}
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </ScrollArea>
            )}
          </Loaded>
        </SectionCard>

        <SimpleGrid cols={{ base: 1, xl: 2 }} spacing="lg">
          <ReasonSection kind="lost_reasons" query={lost} month={month} />
          <ReasonSection kind="rejection_reasons" query={rejections} month={month} />
        </SimpleGrid>

        <SectionCard
          title={t("analytics.industry.title")}
          testId="section-industry"
          actions={
            <CsvMenu
              name="industry-response"
              testId="csv-industry"
              rows={() => {
                const data = industry.data;
                if (!data) return [];
                const months = data.industries[0]?.months.map((m) => m.month) ?? [];
                return [
                  [
                    t("analytics.industry.industry"),
                    t("analytics.industry.touched"),
                    t("analytics.industry.responded"),
                    t("analytics.industry.ratePercent"),
                    ...months.map((m) => `${month(m)} %`),
                  ],
                  ...data.industries.map((row) => [
                    row.industry
                      ? t(`industry.${row.industry}` as "industry.other")
                      : t("analytics.industry.none"),
                    row.touched,
                    row.responded,
                    ratePercent(row.rate),
                    ...row.months.map((m) => ratePercent(m.rate)),
                  ]),
                ] as CsvCell[][];
              }}
            />
          }
        >
          <Text size="sm" c="dimmed" mb="sm">
            {t("analytics.industry.help")}
          </Text>
          <Loaded query={industry} height={260}>
            {(data) =>
              data.industries.length === 0 ? (
                <Text c="dimmed" ta="center" py="lg">
                  {t("analytics.empty")}
                </Text>
              ) : (
                <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="lg">
                  <Suspense fallback={<ChartFallback />}>
                    <TrendChart
                      testId="industry-chart"
                      label={t("analytics.industry.chartLabel")}
                      percent
                      months={(data.industries[0]?.months ?? []).map((m) => ({
                        key: m.month,
                        name: month(m.month),
                      }))}
                      series={[...data.industries]
                        .sort((a, b) => b.touched - a.touched)
                        .slice(0, 6)
                        .map((row) => ({
                          key: row.industry ?? "none",
                          name: row.industry
                            ? t(`industry.${row.industry}` as "industry.other")
                            : t("analytics.industry.none"),
                          values: row.months.map((m) => ratePercent(m.rate)),
                        }))}
                      onSelect={(key, m) =>
                        setDrill({
                          title: `${month(m)} ${key === "none" ? t("analytics.industry.none") : t(`industry.${key}` as "industry.other")}: ${t("analytics.industry.responded")}`,
                          query: {
                            metric: "industry_response",
                            responseIndustry: key as never,
                            part: "converted",
                            month: m,
                          },
                        })
                      }
                    />
                  </Suspense>
                  <ScrollArea>
                    <Table verticalSpacing={4} fz="sm" striped data-testid="industry-table">
                      <Table.Thead>
                        <Table.Tr>
                          <Table.Th>{t("analytics.industry.industry")}</Table.Th>
                          <Table.Th ta="right">{t("analytics.industry.touched")}</Table.Th>
                          <Table.Th ta="right">{t("analytics.industry.responded")}</Table.Th>
                          <Table.Th ta="right">{t("analytics.industry.rate")}</Table.Th>
                        </Table.Tr>
                      </Table.Thead>
                      <Table.Tbody>
                        {data.industries.map((row) => {
                          const name = row.industry
                            ? t(`industry.${row.industry}` as "industry.other")
                            : t("analytics.industry.none");
                          const key = (row.industry ?? "none") as never;
                          return (
                            <Table.Tr key={row.industry ?? "none"}>
                              <Table.Td>{name}</Table.Td>
                              <Table.Td ta="right">
                                <DrillNumber
                                  target={{
                                    title: `${name}: ${t("analytics.industry.touched")}`,
                                    query: {
                                      metric: "industry_response",
                                      responseIndustry: key,
                                      part: "entered",
                                    },
                                  }}
                                >
                                  {formatCount(row.touched)}
                                </DrillNumber>
                              </Table.Td>
                              <Table.Td ta="right">
                                <DrillNumber
                                  target={{
                                    title: `${name}: ${t("analytics.industry.responded")}`,
                                    query: {
                                      metric: "industry_response",
                                      responseIndustry: key,
                                      part: "converted",
                                    },
                                  }}
                                >
                                  {formatCount(row.responded)}
                                </DrillNumber>
                              </Table.Td>
                              <Table.Td ta="right" fw={700}>
                                {formatRate(row.rate)}
                              </Table.Td>
                            </Table.Tr>
                          );
                        })}
                      </Table.Tbody>
                    </Table>
                  </ScrollArea>
                </SimpleGrid>
              )
            }
          </Loaded>
        </SectionCard>
      </Stack>
      <RecordsDrawer target={drill} filter={filter} onClose={() => setDrill(null)} labelOf={labelOf} />
    </DrillProvider>
  );
}

function FilterBar({
  filter,
  onChange,
  onReset,
}: {
  filter: AnalyticsFilterInput;
  onChange: (patch: Partial<AnalyticsFilterInput>) => void;
  onReset: () => void;
}) {
  const { t, i18n } = useTranslation();
  const teams = useQuery({ queryKey: keys.teams, queryFn: () => api.listTeams(), staleTime: 5 * 60_000 });
  const campaigns = useQuery({
    queryKey: keys.analyticsCampaigns,
    queryFn: () => api.listCampaigns({ limit: 200 }),
    staleTime: 5 * 60_000,
  });
  const [source, setSource] = useState(filter.source ?? "");
  const active = FILTER_KEYS.some((k) => k !== "from" && k !== "to" && filter[k]);
  return (
    <Paper withBorder radius="md" p="sm" data-testid="analytics-filters">
      <Group gap="sm" align="flex-end" wrap="wrap">
        <DateField
          label={t("analytics.filter.from")}
          value={filter.from ?? ""}
          max={filter.to}
          onChange={(v) => v && onChange({ from: v })}
          leftSection={<IconCalendar size={16} />}
          w={170}
          data-testid="filter-from"
        />
        <DateField
          label={t("analytics.filter.to")}
          value={filter.to ?? ""}
          min={filter.from}
          onChange={(v) => v && onChange({ to: v })}
          leftSection={<IconCalendar size={16} />}
          w={170}
          data-testid="filter-to"
        />
        <Select
          label={t("analytics.filter.preset")}
          placeholder={t("analytics.filter.presetPlaceholder")}
          data={PERIOD_PRESETS.map((p) => ({
            value: p,
            label: t(`analytics.preset.${p}` as "analytics.preset.thisMonth"),
          }))}
          value={null}
          onChange={(p) => p && onChange(presetPeriod(p as PeriodPreset))}
          w={150}
          data-testid="filter-preset"
        />
        <Select
          label={t("analytics.filter.team")}
          clearable
          data={(teams.data?.items ?? []).map((team) => ({
            value: team.id,
            label: i18n.language.startsWith("ja") ? team.nameJa : team.nameEn,
          }))}
          value={filter.teamId ?? null}
          onChange={(v) => onChange({ teamId: v ?? undefined })}
          w={180}
        />
        <UserSelect
          label={t("analytics.filter.owner")}
          value={filter.ownerId ?? null}
          onChange={(v) => onChange({ ownerId: v ?? undefined })}
          w={170}
        />
        <Select
          label={t("analytics.filter.campaign")}
          clearable
          searchable
          data={(campaigns.data?.items ?? []).map((c) => ({ value: c.id, label: c.name }))}
          value={filter.campaignId ?? null}
          onChange={(v) => onChange({ campaignId: v ?? undefined })}
          w={220}
        />
        <Select
          label={t("analytics.filter.industry")}
          clearable
          searchable
          data={INDUSTRIES.map((i) => ({ value: i, label: t(`industry.${i}` as "industry.other") }))}
          value={filter.industry ?? null}
          onChange={(v) => onChange({ industry: (v ?? undefined) as AnalyticsFilterInput["industry"] })}
          w={170}
          data-testid="filter-industry"
        />
        <Select
          label={t("analytics.filter.employeeBand")}
          clearable
          data={EMPLOYEE_BANDS.map((b) => ({
            value: b,
            label: t("analytics.filter.bandLabel", { band: formatEmployeeBand(b) }),
          }))}
          value={filter.employeeBand ?? null}
          onChange={(v) =>
            onChange({ employeeBand: (v ?? undefined) as AnalyticsFilterInput["employeeBand"] })
          }
          w={150}
        />
        <TextInput
          label={t("analytics.filter.source")}
          value={source}
          onChange={(e) => setSource(e.currentTarget.value)}
          onBlur={() => onChange({ source: source.trim() || undefined })}
          onKeyDown={(e) => e.key === "Enter" && onChange({ source: source.trim() || undefined })}
          w={140}
        />
        {active && (
          <Button
            variant="subtle"
            leftSection={<IconFilterOff size={16} />}
            onClick={() => {
              setSource("");
              onReset();
            }}
          >
            {t("analytics.filter.reset")}
          </Button>
        )}
      </Group>
    </Paper>
  );
}

const RATE_KPIS: readonly MarketingKpi[] = ["opportunityRate", "winRate"];
const AMOUNT_KPIS: readonly MarketingKpi[] = ["pipelineAmount", "wonAmount"];

function KpiTiles({
  data,
  error,
  onRetry,
  filter,
}: {
  data: Awaited<ReturnType<typeof api.getMarketingKpis>> | undefined;
  error: unknown;
  onRetry: () => void;
  filter: AnalyticsFilterInput;
}) {
  const { t } = useTranslation();
  // The SLA tile has its own request: a failed KPI request must not take it down too.
  if (error)
    return (
      <Stack gap="xs">
        <Text fw={700}>{t("analytics.kpi.title")}</Text>
        <ErrorState error={error} onRetry={onRetry} />
        <SimpleGrid cols={{ base: 2, sm: 3, lg: 5 }} spacing="sm" data-testid="kpi-tiles">
          <SlaTile filter={filter} />
        </SimpleGrid>
      </Stack>
    );
  return (
    <Stack gap="xs">
      <Group justify="space-between">
        <Text fw={700}>{t("analytics.kpi.title")}</Text>
        <CsvMenu
          name="marketing-kpis"
          testId="csv-kpis"
          rows={() => [
            [
              t("analytics.month"),
              ...MARKETING_KPIS.map((k) => t(`analytics.kpi.${k}` as "analytics.kpi.inquiries")),
            ],
            ...(data?.months ?? []).map((m) => [
              m.month,
              ...m.kpis.map((k) => (RATE_KPIS.includes(k.kpi) ? ratePercent(k.value) : k.value)),
            ]),
            [
              t("analytics.total"),
              ...(data?.kpis ?? []).map((k) => (RATE_KPIS.includes(k.kpi) ? ratePercent(k.value) : k.value)),
            ],
          ]}
        />
      </Group>
      <SimpleGrid cols={{ base: 2, sm: 3, lg: 5 }} spacing="sm" data-testid="kpi-tiles">
        {MARKETING_KPIS.map((kpi) => {
          const value = data?.kpis.find((k) => k.kpi === kpi);
          const label = t(`analytics.kpi.${kpi}` as "analytics.kpi.inquiries");
          // The tile's number, opening the records it counted.
          const drill = (text: string) => (
            <DrillNumber
              target={{ title: label, query: { metric: "kpi", kpi, part: "converted" } }}
              testId={`kpi-${kpi}`}
            >
              {text}
            </DrillNumber>
          );
          let shown: ReactNode = <Skeleton height={28} width={80} />;
          let sub: ReactNode = null;
          if (value) {
            if (RATE_KPIS.includes(kpi)) {
              shown = drill(formatRate(value.value));
              sub = (
                <Text size="xs" c="dimmed">
                  <DrillNumber
                    fw={400}
                    target={{
                      title: `${label}: ${t("analytics.kpi.numerator")}`,
                      query: { metric: "kpi", kpi, part: "converted" },
                    }}
                  >
                    {formatCount(value.numerator)}
                  </DrillNumber>{" "}
                  /{" "}
                  <DrillNumber
                    fw={400}
                    target={{
                      title: `${label}: ${t("analytics.kpi.denominator")}`,
                      query: { metric: "kpi", kpi, part: "entered" },
                    }}
                  >
                    {formatCount(value.denominator)}
                  </DrillNumber>
                </Text>
              );
            } else if (AMOUNT_KPIS.includes(kpi)) {
              shown = drill(formatYen(value.value ?? 0));
              sub = (
                <Text size="xs" c="dimmed">
                  {t("analytics.kpi.deals", { count: value.numerator ?? 0 })}
                </Text>
              );
            } else {
              shown = drill(formatCount(value.value));
            }
          }
          return (
            <Paper key={kpi} withBorder radius="md" p="sm">
              <Text size="xs" c="dimmed" fw={600}>
                {label}
              </Text>
              <Text fz={22} lh={1.4} component="div">
                {shown}
              </Text>
              {sub}
            </Paper>
          );
        })}
        <SlaTile filter={filter} />
      </SimpleGrid>
    </Stack>
  );
}

function ReasonSection({
  kind,
  query,
  month,
}: {
  kind: "lost_reasons" | "rejection_reasons";
  query: UseQueryResult<ReasonTrend>;
  month: (m: string) => string;
}) {
  const { t, i18n } = useTranslation();
  const data = query.data;
  const prefix = kind === "lost_reasons" ? "analytics.lost" : "analytics.rejection";
  const labelOf = (r: { labelJa: string; labelEn: string }) =>
    i18n.language.startsWith("ja") ? r.labelJa : r.labelEn;
  const used = (data?.reasons ?? []).filter((r) => r.count > 0);
  const openDrill = useDrill();
  return (
    <SectionCard
      title={t(`${prefix}.title` as "analytics.lost.title")}
      testId={`section-${kind}`}
      actions={
        <CsvMenu
          name={kind.replace("_", "-")}
          testId={`csv-${kind}`}
          rows={() => [
            [
              t("analytics.reason"),
              t("analytics.count"),
              t("analytics.sharePercent"),
              ...(data?.months ?? []).map((m) => month(m.month)),
            ],
            ...(data?.reasons ?? []).map((r) => [
              labelOf(r),
              r.count,
              ratePercent(r.share),
              ...(data?.months ?? []).map((m) => m.reasons.find((x) => x.reasonId === r.id)?.count ?? 0),
            ]),
          ]}
        />
      }
    >
      <Loaded query={query} height={260}>
        {(data) =>
          data.total === 0 ? (
            <Text c="dimmed" ta="center" py="lg">
              {t(`${prefix}.empty` as "analytics.lost.empty")}
            </Text>
          ) : (
            <Stack gap="sm">
              <Suspense fallback={<ChartFallback />}>
                <TrendChart
                  testId={`${kind}-chart`}
                  label={t(`${prefix}.title` as "analytics.lost.title")}
                  months={data.months.map((m) => ({ key: m.month, name: month(m.month) }))}
                  series={used.slice(0, 8).map((r) => ({
                    key: r.id,
                    name: labelOf(r),
                    values: data.months.map((m) => m.reasons.find((x) => x.reasonId === r.id)?.count ?? 0),
                  }))}
                  onSelect={(reasonId, m) => {
                    const reason = used.find((r) => r.id === reasonId);
                    openDrill({
                      title: reason ? `${month(m)} ${labelOf(reason)}` : month(m),
                      query: { metric: kind, reasonId, month: m },
                    });
                  }}
                />
              </Suspense>
              <Table verticalSpacing={4} fz="sm" data-testid={`${kind}-table`}>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t("analytics.reason")}</Table.Th>
                    <Table.Th ta="right">{t("analytics.count")}</Table.Th>
                    <Table.Th ta="right">{t("analytics.share")}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {used.map((r) => (
                    <Table.Tr key={r.id}>
                      <Table.Td>{labelOf(r)}</Table.Td>
                      <Table.Td ta="right">
                        <DrillNumber target={{ title: labelOf(r), query: { metric: kind, reasonId: r.id } }}>
                          {formatCount(r.count)}
                        </DrillNumber>
                      </Table.Td>
                      <Table.Td ta="right">{formatRate(r.share)}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Stack>
          )
        }
      </Loaded>
    </SectionCard>
  );
}
