import { ScrollArea, SimpleGrid, Skeleton, Table, Text } from "@mantine/core";
import type { UseQueryResult } from "@tanstack/react-query";
import { Suspense } from "react";
import { useTranslation } from "react-i18next";
import type { IndustryResponse } from "../../api/types.ts";
import { QueryState } from "../../components/QueryState.tsx";
import { SectionCard } from "../../components/SectionCard.tsx";
import { type CsvCell, CsvMenu, DrillNumber, useDrill } from "./Drill.tsx";
import { formatCount, formatRate, ratePercent } from "./format.ts";
import { ChartFallback, TrendChart, useAnalyticsLabels } from "./shared.tsx";

/** Response rates by industry: the six most touched as a trend, every industry in the table. */
export function IndustrySection({ industry }: { industry: UseQueryResult<IndustryResponse> }) {
  const { t } = useTranslation();
  const { month } = useAnalyticsLabels();
  const openDrill = useDrill();
  return (
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
      <QueryState query={industry} loading={<Skeleton height={260} />}>
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
                    openDrill({
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
      </QueryState>
    </SectionCard>
  );
}
