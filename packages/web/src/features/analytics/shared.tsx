import { Skeleton } from "@mantine/core";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { lazy } from "react";
import { useTranslation } from "react-i18next";
import { keys } from "../../api/endpoints.ts";
import { formatMonth } from "./format.ts";

// The charts load on their own, after the numbers: recharts is the largest part of the page.
export const FunnelChart = lazy(async () => ({ default: (await import("./Charts.tsx")).FunnelChart }));
export const TrendChart = lazy(async () => ({ default: (await import("./Charts.tsx")).TrendChart }));

export const ChartFallback = () => <Skeleton height={260} radius="md" />;

/** One metric for the filter: kept on screen while the next filter loads, fresh for a minute. */
export function useAnalytics<Q extends Record<string, unknown>, T>(
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

/** The names every section labels its rows with, in the reader's language: months and stages. */
export function useAnalyticsLabels() {
  const { t, i18n } = useTranslation();
  return {
    month: (m: string) => formatMonth(m, i18n.language),
    stageName: (s: string) => t(`stage.${s}` as "stage.lead"),
  };
}
