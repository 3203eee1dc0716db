import { ScrollArea, Table, Text } from "@mantine/core";
import type { UseQueryResult } from "@tanstack/react-query";
import type { AnalyticsView } from "@tasuki/contracts";
import { useTranslation } from "react-i18next";
import type { Funnel } from "../../api/types.ts";
import { SectionCard } from "../../components/SectionCard.tsx";
import { CsvMenu, DrillNumber } from "./Drill.tsx";
import { formatCount, formatRate, ratePercent } from "./format.ts";
import { useAnalyticsLabels } from "./shared.tsx";

/** Each step's conversion month by month (by cohort or by period, as the funnel is shown). */
export function CohortSection({ funnel, view }: { funnel: UseQueryResult<Funnel>; view: AnalyticsView }) {
  const { t } = useTranslation();
  const { month, stageName } = useAnalyticsLabels();
  return (
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
  );
}
