import { BarChart } from "echarts/charts";
import { GridComponent, LegendComponent, TooltipComponent } from "echarts/components";
import * as echarts from "echarts/core";
import { SVGRenderer } from "echarts/renderers";
import ReactEChartsCore from "echarts-for-react/esm/core";
import { useTranslation } from "react-i18next";
import { japaneseSans } from "../../app/theme.ts";
import { useChartAnimation } from "../../lib/motion.ts";

echarts.use([BarChart, GridComponent, LegendComponent, TooltipComponent, SVGRenderer]);

export interface ImpactChartGroup {
  label: string;
  people: number;
  reachedSql: number;
  reachedOpportunity: number;
  won: number;
  winRate: number | null;
}

const pct = (part: number, whole: number) => (whole > 0 ? Math.round((part / whole) * 1000) / 10 : 0);

/**
 * How each group converted, as rates so groups of very different sizes compare: reached SQL,
 * became an opportunity, and the win rate of what closed.
 */
export function ImpactChart({ groups }: { groups: ImpactChartGroup[] }) {
  const { t } = useTranslation();
  const animation = useChartAnimation();
  const series = [
    {
      name: t("definitions.impact.sqlRate"),
      color: "#4764c5",
      value: (g: ImpactChartGroup) => pct(g.reachedSql, g.people),
    },
    {
      name: t("definitions.impact.opportunityRate"),
      color: "#7950f2",
      value: (g: ImpactChartGroup) => pct(g.reachedOpportunity, g.people),
    },
    {
      name: t("definitions.impact.winRate"),
      color: "#12b886",
      value: (g: ImpactChartGroup) => (g.winRate === null ? 0 : Math.round(g.winRate * 1000) / 10),
    },
  ];
  const option = {
    textStyle: { fontFamily: japaneseSans },
    animation,
    tooltip: { trigger: "axis", axisPointer: { type: "shadow" }, valueFormatter: (v: number) => `${v}%` },
    legend: { top: 0, itemWidth: 12, itemHeight: 12, itemGap: 24 },
    grid: { left: 8, right: 8, top: 44, bottom: 12, containLabel: true },
    xAxis: { type: "category", data: groups.map((g) => g.label), axisLabel: { interval: 0, fontSize: 12 } },
    yAxis: {
      type: "value",
      axisLabel: { formatter: "{value}%" },
      max: (v: { max: number }) => Math.max(10, Math.ceil(v.max / 10) * 10),
    },
    series: series.map((s) => ({
      name: s.name,
      type: "bar",
      barMaxWidth: 28,
      itemStyle: { color: s.color, borderRadius: [3, 3, 0, 0] },
      label: { show: true, position: "top", fontSize: 11, formatter: "{c}%" },
      data: groups.map(s.value),
    })),
  };
  return (
    <div role="img" aria-label={t("definitions.impact.chartLabel")} data-testid="impact-chart">
      <ReactEChartsCore echarts={echarts} option={option} style={{ height: 300 }} notMerge lazyUpdate />
    </div>
  );
}
