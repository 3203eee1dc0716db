import { Group, Paper, SimpleGrid, Skeleton, Stack, Text } from "@mantine/core";
import type { AnalyticsFilterInput } from "@tasuki/contracts";
import { MARKETING_KPIS, type MarketingKpi } from "@tasuki/domain";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import type { api } from "../../api/endpoints.ts";
import { ErrorState } from "../../components/states.tsx";
import { formatYen } from "../../lib/format.ts";
import { CsvMenu, DrillNumber } from "./Drill.tsx";
import { formatCount, formatRate, ratePercent } from "./format.ts";
import { SlaTile } from "./SlaTile.tsx";

const RATE_KPIS: readonly MarketingKpi[] = ["opportunityRate", "winRate"];
const AMOUNT_KPIS: readonly MarketingKpi[] = ["pipelineAmount", "wonAmount"];

/** The marketing KPIs of the period as tiles (each number opens its records), with the SLA tile. */
export function KpiTiles({
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
                  {t(kpi === "pipelineAmount" ? "analytics.kpi.openDeals" : "analytics.kpi.deals", {
                    count: value.numerator ?? 0,
                  })}
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
