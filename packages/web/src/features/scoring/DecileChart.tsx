import { BarChart, LineChart } from "echarts/charts";
import { GridComponent, LegendComponent, TooltipComponent } from "echarts/components";
import * as echarts from "echarts/core";
import { SVGRenderer } from "echarts/renderers";
import ReactEChartsCore from "echarts-for-react/esm/core";
import { useTranslation } from "react-i18next";
import type { ScoringCalibration } from "../../api/types.ts";
import { japaneseSans } from "../../app/theme.ts";
import { useChartAnimation } from "../../lib/motion.ts";

echarts.use([BarChart, LineChart, GridComponent, LegendComponent, TooltipComponent, SVGRenderer]);

type Decile = ScoringCalibration["deciles"][number];
export type DecileOutcome = "reachedSql" | "reachedOpportunity" | "won";

const MIN_CLOSED = 5;
const pct = (part: number, whole: number) => (whole > 0 ? Math.round((part / whole) * 1000) / 10 : 0);

/**
 * Conversion by score decile (1 = lowest tenth): reached SQL, became an opportunity and won, as
 * shares of the people in the decile, and the win rate of the deals that closed as a line.
 * Clicking a bar lists its people.
 */
export function DecileChart({
  deciles,
  onSelect,
}: {
  deciles: Decile[];
  onSelect: (decile: number, outcome: DecileOutcome | null) => void;
}) {
  const { t } = useTranslation();
  const animation = useChartAnimation();
  const bars: { key: DecileOutcome; name: string; color: string }[] = [
    { key: "reachedSql", name: t("scoring.calibration.sqlRate"), color: "#4764c5" },
    { key: "reachedOpportunity", name: t("scoring.calibration.opportunityRate"), color: "#7950f2" },
    { key: "won", name: t("scoring.calibration.wonRate"), color: "#12b886" },
  ];
  const option = {
    textStyle: { fontFamily: japaneseSans },
    animation,
    tooltip: {
      trigger: "axis",
      axisPointer: { type: "shadow" },
      valueFormatter: (v: number | null) => (v === null ? "—" : `${v}%`),
    },
    legend: { top: 0, itemWidth: 12, itemHeight: 12, itemGap: 20 },
    grid: { left: 8, right: 8, top: 44, bottom: 28, containLabel: true },
    xAxis: {
      type: "category",
      name: t("scoring.calibration.decileAxis"),
      nameLocation: "middle",
      nameGap: 28,
      data: deciles.map((d) => t("scoring.calibration.decileLabel", { decile: d.decile })),
      axisLabel: { interval: 0, fontSize: 11 },
    },
    yAxis: [
      {
        type: "value",
        axisLabel: { formatter: "{value}%" },
        max: (v: { max: number }) => Math.max(5, Math.ceil(v.max / 5) * 5),
      },
      {
        type: "value",
        axisLabel: { formatter: "{value}%" },
        min: 0,
        max: 100,
        splitLine: { show: false },
      },
    ],
    series: [
      ...bars.map((b) => ({
        name: b.name,
        type: "bar",
        barMaxWidth: 18,
        cursor: "pointer",
        itemStyle: { color: b.color, borderRadius: [3, 3, 0, 0] },
        data: deciles.map((d) => pct(d[b.key], d.people)),
      })),
      {
        name: t("scoring.calibration.winRate"),
        type: "line",
        yAxisIndex: 1,
        symbolSize: 7,
        connectNulls: true,
        itemStyle: { color: "#e8590c" },
        lineStyle: { width: 2, type: "dashed" },
        // A rate of two or three closed deals would only draw noise.
        data: deciles.map((d) =>
          d.winRate === null || d.won + d.lost < MIN_CLOSED ? null : Math.round(d.winRate * 1000) / 10,
        ),
      },
    ],
  };
  return (
    <div role="img" aria-label={t("scoring.calibration.chartLabel")} data-testid="decile-chart">
      <ReactEChartsCore
        echarts={echarts}
        option={option}
        style={{ height: 320 }}
        notMerge
        lazyUpdate
        onEvents={{
          click: (params: { dataIndex: number; seriesIndex: number }) => {
            const decile = deciles[params.dataIndex];
            if (decile) onSelect(decile.decile, bars[params.seriesIndex]?.key ?? null);
          },
        }}
      />
    </div>
  );
}
