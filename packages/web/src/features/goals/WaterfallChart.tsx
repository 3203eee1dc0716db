import { BarChart, LineChart } from "echarts/charts";
import { GridComponent, LegendComponent, TooltipComponent } from "echarts/components";
import * as echarts from "echarts/core";
import { SVGRenderer } from "echarts/renderers";
import ReactEChartsCore from "echarts-for-react/esm/core";
import { useTranslation } from "react-i18next";
import type { GoalPacing } from "../../api/types.ts";
import { japaneseSans } from "../../app/theme.ts";
import { formatYen } from "../../lib/format.ts";
import { useChartAnimation } from "../../lib/motion.ts";
import { monthLabel } from "./shared.ts";

echarts.use([BarChart, LineChart, GridComponent, LegendComponent, TooltipComponent, SVGRenderer]);

/**
 * The plan as a waterfall: each month's target stacked on the running total before it, ending in
 * the period total; the running actual (closed and current months) and the projection drawn over it,
 * so the gap at the end is the distance between the last bar and the projected line.
 */
export function WaterfallChart({ pacing }: { pacing: GoalPacing }) {
  const { t } = useTranslation();
  const animation = useChartAnimation();
  const months = pacing.revenue;
  const labels = [...months.map((m) => monthLabel(m.month, t, true)), t("goals.chart.total")];
  const base = [...months.map((m) => m.cumulativeTarget - m.target), 0];
  const step = [...months.map((m) => m.target), pacing.targetRevenue];
  // A closed month before any data is not drawn as an actual (it would read as a shortfall).
  const actual = [
    ...months.map((m) => (m.status === "closed" && !m.judged ? null : m.cumulativeActual)),
    null,
  ];
  const projected = [...months.map((m) => m.cumulativeProjected), pacing.projectedRevenue];
  const option = {
    textStyle: { fontFamily: japaneseSans },
    animation,
    tooltip: {
      trigger: "axis",
      axisPointer: { type: "shadow" },
      valueFormatter: (v: number | null) => (v === null || v === undefined ? "—" : formatYen(v)),
    },
    legend: {
      top: 0,
      itemWidth: 12,
      itemHeight: 12,
      itemGap: 20,
      data: [t("goals.chart.target"), t("goals.chart.actual"), t("goals.chart.projected")],
    },
    grid: { left: 8, right: 16, top: 40, bottom: 8, containLabel: true },
    xAxis: { type: "category", data: labels, axisLabel: { interval: 0, fontSize: 11 } },
    yAxis: {
      type: "value",
      axisLabel: {
        formatter: (v: number) =>
          v >= 1_000_000 ? t("goals.chart.million", { value: v / 1_000_000 }) : formatYen(v),
      },
    },
    series: [
      {
        name: "base",
        type: "bar",
        stack: "plan",
        silent: true,
        itemStyle: { color: "transparent" },
        tooltip: { show: false },
        data: base,
      },
      {
        name: t("goals.chart.target"),
        type: "bar",
        stack: "plan",
        barMaxWidth: 36,
        itemStyle: { color: "#9fb3ea", borderRadius: [2, 2, 0, 0] },
        data: step.map((value, i) =>
          i === step.length - 1 ? { value, itemStyle: { color: "#4764c5" } } : value,
        ),
      },
      {
        name: t("goals.chart.actual"),
        type: "line",
        symbolSize: 7,
        lineStyle: { width: 3, color: "#12b886" },
        itemStyle: { color: "#12b886" },
        connectNulls: false,
        data: actual,
      },
      {
        name: t("goals.chart.projected"),
        type: "line",
        symbolSize: 5,
        lineStyle: { width: 2, type: "dashed", color: "#f08c00" },
        itemStyle: { color: "#f08c00" },
        data: projected,
      },
    ],
  };
  return (
    <div role="img" aria-label={t("goals.chart.label")} data-testid="goal-waterfall">
      <ReactEChartsCore echarts={echarts} option={option} style={{ height: 340 }} notMerge lazyUpdate />
    </div>
  );
}
