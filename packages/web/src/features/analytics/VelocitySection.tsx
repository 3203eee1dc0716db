import { Skeleton, Table, Text } from "@mantine/core";
import type { UseQueryResult } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import type { Velocity } from "../../api/types.ts";
import { QueryState } from "../../components/QueryState.tsx";
import { SectionCard } from "../../components/SectionCard.tsx";
import { CsvMenu, DrillNumber } from "./Drill.tsx";
import { formatCount, formatDays } from "./format.ts";
import { useAnalyticsLabels } from "./shared.tsx";

/** How long people take from one stage to the next. */
export function VelocitySection({ velocity }: { velocity: UseQueryResult<Velocity> }) {
  const { t } = useTranslation();
  const { stageName } = useAnalyticsLabels();
  return (
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
      <QueryState query={velocity} loading={<Skeleton height={200} />}>
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
      </QueryState>
    </SectionCard>
  );
}
