import { IconChartInfographic } from "@tabler/icons-react";
import type { Feature } from "../../app/feature.ts";

/** ダッシュボード: the relay's shared numbers, each one clickable to the records behind it. */
export const feature: Feature = {
  id: "analytics",
  nav: { label: "nav.analytics", icon: IconChartInfographic, path: "/analytics", order: 50 },
  routes: [
    {
      path: "analytics",
      lazy: async () => ({ Component: (await import("./AnalyticsPage.tsx")).AnalyticsPage }),
    },
  ],
};
