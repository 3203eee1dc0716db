import { FunnelChart as EFunnel, LineChart } from "echarts/charts";
import { GridComponent, LegendComponent, TooltipComponent } from "echarts/components";
import * as echarts from "echarts/core";
import { SVGRenderer } from "echarts/renderers";
import ReactEChartsCore from "echarts-for-react/esm/core";
import { japaneseSans } from "../../app/theme.ts";
import { useChartAnimation } from "../../lib/motion.ts";

echarts.use([EFunnel, LineChart, GridComponent, LegendComponent, TooltipComponent, SVGRenderer]);

const PALETTE = [
  "#4764c5",
  "#7950f2",
  "#12b886",
  "#f59f00",
  "#e8590c",
  "#e64980",
  "#15aabf",
  "#82c91e",
  "#868e96",
  "#5c7cfa",
];

/** The forward stages as a funnel; clicking a layer opens the people counted in it. */
export function FunnelChart({
  stages,
  label,
  onSelect,
}: {
  stages: { key: string; name: string; value: number }[];
  label: string;
  onSelect: (key: string) => void;
}) {
  const max = Math.max(1, ...stages.map((s) => s.value));
  const animation = useChartAnimation();
  const option = {
    textStyle: { fontFamily: japaneseSans },
    animation,
    color: PALETTE,
    tooltip: {
      trigger: "item",
      formatter: (p: { name: string; value: number }) => `${p.name}: ${p.value.toLocaleString("ja-JP")}`,
    },
    series: [
      {
        type: "funnel",
        sort: "none",
        min: 0,
        max,
        minSize: "6%",
        left: 8,
        width: "52%",
        top: 8,
        bottom: 8,
        gap: 3,
        // Labels beside the layers: the later stages are far narrower than their text.
        label: {
          position: "right",
          color: "#212529",
          fontSize: 12,
          formatter: (p: { name: string; value: number }) => `${p.name}  ${p.value.toLocaleString("ja-JP")}`,
        },
        labelLine: { show: true, length: 12, lineStyle: { color: "#adb5bd" } },
        data: stages.map((s) => ({ name: s.name, value: s.value })),
      },
    ],
  };
  return (
    <div role="img" aria-label={label} data-testid="funnel-chart">
      <ReactEChartsCore
        echarts={echarts}
        option={option}
        style={{ height: 300 }}
        notMerge
        lazyUpdate
        onEvents={{
          click: (p: { dataIndex: number }) => stages[p.dataIndex] && onSelect(stages[p.dataIndex]!.key),
        }}
      />
    </div>
  );
}

/** Monthly lines (reasons, industries); clicking a point opens that month's records for the line. */
export function TrendChart({
  months,
  series,
  label,
  percent = false,
  onSelect,
  testId,
}: {
  months: { key: string; name: string }[];
  series: { key: string; name: string; values: (number | null)[] }[];
  label: string;
  percent?: boolean;
  onSelect: (seriesKey: string, month: string) => void;
  testId?: string;
}) {
  const option = {
    textStyle: { fontFamily: japaneseSans },
    color: PALETTE,
    tooltip: {
      trigger: "axis",
      valueFormatter: (v: number | null) =>
        v === null || v === undefined ? "—" : percent ? `${v}%` : v.toLocaleString("ja-JP"),
    },
    // No draw-in animation: a glance (or a screenshot) right after loading must show whole lines.
    animation: false,
    legend: { top: 0, type: "scroll", itemWidth: 12, itemHeight: 8 },
    grid: { left: 8, right: 16, top: 40, bottom: 8, containLabel: true },
    xAxis: { type: "category", data: months.map((m) => m.name), axisLabel: { fontSize: 11 } },
    yAxis: {
      type: "value",
      minInterval: percent ? undefined : 1,
      axisLabel: percent ? { formatter: "{value}%" } : {},
    },
    series: series.map((s) => ({
      name: s.name,
      type: "line",
      symbolSize: 7,
      connectNulls: false,
      data: s.values,
    })),
  };
  return (
    <div role="img" aria-label={label} data-testid={testId}>
      <ReactEChartsCore
        echarts={echarts}
        option={option}
        style={{ height: 260 }}
        notMerge
        lazyUpdate
        onEvents={{
          click: (p: { seriesIndex: number; dataIndex: number }) => {
            const s = series[p.seriesIndex];
            const m = months[p.dataIndex];
            if (s && m) onSelect(s.key, m.key);
          },
        }}
      />
    </div>
  );
}
