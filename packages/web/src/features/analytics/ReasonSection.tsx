import { Skeleton, Stack, Table, Text } from "@mantine/core";
import type { UseQueryResult } from "@tanstack/react-query";
import { Suspense } from "react";
import { useTranslation } from "react-i18next";
import type { ReasonTrend } from "../../api/types.ts";
import { QueryState } from "../../components/QueryState.tsx";
import { SectionCard } from "../../components/SectionCard.tsx";
import { CsvMenu, DrillNumber, useDrill } from "./Drill.tsx";
import { formatCount, formatRate, ratePercent } from "./format.ts";
import { ChartFallback, TrendChart, useAnalyticsLabels } from "./shared.tsx";

/** Lost or rejection reasons: their trend by month and their shares over the period. */
export function ReasonSection({
  kind,
  query,
}: {
  kind: "lost_reasons" | "rejection_reasons";
  query: UseQueryResult<ReasonTrend>;
}) {
  const { t, i18n } = useTranslation();
  const { month } = useAnalyticsLabels();
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
      <QueryState query={query} loading={<Skeleton height={260} />}>
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
      </QueryState>
    </SectionCard>
  );
}
