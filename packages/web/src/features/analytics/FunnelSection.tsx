import { Group, ScrollArea, SegmentedControl, SimpleGrid, Skeleton, Table, Text } from "@mantine/core";
import type { UseQueryResult } from "@tanstack/react-query";
import type { AnalyticsFilterInput, AnalyticsView } from "@tasuki/contracts";
import { FUNNEL_STAGES } from "@tasuki/domain";
import { Suspense } from "react";
import { useTranslation } from "react-i18next";
import type { Funnel } from "../../api/types.ts";
import { QueryState } from "../../components/QueryState.tsx";
import { SectionCard } from "../../components/SectionCard.tsx";
import { CsvMenu, DrillNumber, useDrill } from "./Drill.tsx";
import { formatCount, formatRate, ratePercent } from "./format.ts";
import { ChartFallback, FunnelChart, useAnalyticsLabels } from "./shared.tsx";

/** The funnel: people per stage as a chart, and each step's conversion, by cohort or by period. */
export function FunnelSection({
  funnel,
  view,
  onViewChange,
  filter,
}: {
  funnel: UseQueryResult<Funnel>;
  view: AnalyticsView;
  onViewChange: (view: AnalyticsView) => void;
  filter: AnalyticsFilterInput;
}) {
  const { t } = useTranslation();
  const { stageName } = useAnalyticsLabels();
  const openDrill = useDrill();
  const rangeText = `${filter.from?.replaceAll("-", "/")} 〜 ${filter.to?.replaceAll("-", "/")}`;
  return (
    <SectionCard
      title={t("analytics.funnel.title")}
      testId="section-funnel"
      actions={
        <Group gap="xs">
          <SegmentedControl
            size="xs"
            value={view}
            onChange={(v) => onViewChange(v as AnalyticsView)}
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
        {view === "cohort" ? t("analytics.funnel.cohortHelp") : t("analytics.funnel.periodHelp")} {rangeText}
      </Text>
      <QueryState query={funnel} loading={<Skeleton height={300} />}>
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
                  openDrill({
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
      </QueryState>
    </SectionCard>
  );
}
