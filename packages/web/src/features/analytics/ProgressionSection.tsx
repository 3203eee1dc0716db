import { ScrollArea, Skeleton, Table, Text } from "@mantine/core";
import type { UseQueryResult } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import type { StageProgression } from "../../api/types.ts";
import { QueryState } from "../../components/QueryState.tsx";
import { SectionCard } from "../../components/SectionCard.tsx";
import { CsvMenu, DrillNumber } from "./Drill.tsx";
import { formatCount } from "./format.ts";
import { useAnalyticsLabels } from "./shared.tsx";

/** Moves into each stage, month by month and in total. */
export function ProgressionSection({ progression }: { progression: UseQueryResult<StageProgression> }) {
  const { t } = useTranslation();
  const { month, stageName } = useAnalyticsLabels();
  return (
    <SectionCard
      title={t("analytics.progression.title")}
      testId="section-progression"
      actions={
        <CsvMenu
          name="stage-progression"
          testId="csv-progression"
          rows={() => [
            [t("analytics.month"), ...(progression.data?.stages ?? []).map((s) => stageName(s.stage))],
            ...(progression.data?.months ?? []).map((m) => [month(m.month), ...m.stages.map((s) => s.moves)]),
            [t("analytics.total"), ...(progression.data?.stages ?? []).map((s) => s.moves)],
          ]}
        />
      }
    >
      <Text size="sm" c="dimmed" mb="sm">
        {t("analytics.progression.help")}
      </Text>
      <QueryState query={progression} loading={<Skeleton height={200} />}>
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
      </QueryState>
    </SectionCard>
  );
}
