import { Anchor, Paper, Skeleton, Text, Tooltip } from "@mantine/core";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import type { AnalyticsFilterInput } from "@tasuki/contracts";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { api, keys } from "../../api/endpoints.ts";
import { formatCount, formatRate } from "./format.ts";
import { slaQuery, slaRecordsLink, sumTeams } from "./sla.ts";

const linkStyle = {
  color: "var(--mantine-color-ai-7, var(--mantine-color-blue-7))",
  fontVariantNumeric: "tabular-nums",
} as const;

/**
 * SLA遵守率 on the dashboard: within SLA ÷ (within SLA + breached) over the handoffs received in the
 * dashboard's period, as on the SLA compliance page; each number opens the handoffs it counted.
 */
export function SlaTile({ filter }: { filter: AnalyticsFilterInput }) {
  const { t } = useTranslation();
  const query = slaQuery(filter);
  const result = useQuery({
    queryKey: keys.slaCompliance(query),
    queryFn: () => api.getSlaCompliance(query),
    placeholderData: keepPreviousData,
    staleTime: 60_000,
  });
  const label = t("analytics.kpi.slaCompliance");
  const notApplied = !!(filter.campaignId || filter.industry || filter.employeeBand || filter.source);
  const compliancePage = `/handoffs/compliance?${new URLSearchParams({
    ...(query.from ? { from: query.from } : {}),
    ...(query.to ? { to: query.to } : {}),
  })}`;

  let body: ReactNode;
  if (result.isError) {
    body = (
      <Text size="sm" c="red" mt={4}>
        {t("analytics.kpi.slaError")}
      </Text>
    );
  } else if (!result.data) {
    body = <Skeleton height={28} width={80} />;
  } else {
    const sum = sumTeams(result.data);
    const judgedLink = slaRecordsLink(query, "met,breached");
    body =
      sum.rate === null ? (
        <>
          <Text fz={22} lh={1.4} c="dimmed" data-testid="kpi-sla-rate">
            —
          </Text>
          <Text size="xs" c="dimmed" data-testid="kpi-sla-empty">
            {sum.total === 0 ? t("analytics.kpi.slaNone") : t("analytics.kpi.slaNoneJudged")}
          </Text>
        </>
      ) : (
        <>
          <Text fz={22} lh={1.4} component="div">
            <Anchor
              component={Link}
              to={judgedLink}
              fw={600}
              underline="hover"
              style={linkStyle}
              aria-label={`${label}: ${formatRate(sum.rate)} — ${t("analytics.drill.open")}`}
              data-testid="kpi-sla-rate"
            >
              {formatRate(sum.rate)}
            </Anchor>
          </Text>
          <Text size="xs" c="dimmed">
            {t("compliance.columns.withinSla")}{" "}
            <Anchor
              component={Link}
              to={slaRecordsLink(query, "met")}
              size="xs"
              style={linkStyle}
              data-testid="kpi-sla-met"
            >
              {formatCount(sum.withinSla)}
            </Anchor>{" "}
            /{" "}
            <Anchor component={Link} to={judgedLink} size="xs" style={linkStyle} data-testid="kpi-sla-judged">
              {formatCount(sum.judged)}
            </Anchor>
          </Text>
        </>
      );
  }

  return (
    <Paper withBorder radius="md" p="sm" data-testid="kpi-sla">
      <Tooltip label={t("analytics.kpi.slaHelp")} multiline w={280}>
        <Text size="xs" c="dimmed" fw={600}>
          {label}
        </Text>
      </Tooltip>
      {body}
      {notApplied && (
        <Text size="xs" c="dimmed">
          {t("analytics.kpi.slaFilterNote")}
        </Text>
      )}
      <Anchor component={Link} to={compliancePage} size="xs" data-testid="kpi-sla-page">
        {t("analytics.kpi.slaLink")}
      </Anchor>
    </Paper>
  );
}
