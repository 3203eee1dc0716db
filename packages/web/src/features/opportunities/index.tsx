import { IconChartFunnel } from "@tabler/icons-react";
import type { Feature } from "../../app/feature.ts";

export const feature: Feature = {
  id: "opportunities",
  nav: { label: "nav.opportunities", icon: IconChartFunnel, path: "/opportunities", order: 40 },
  routes: [
    {
      path: "opportunities",
      lazy: async () => ({ Component: (await import("./PipelineBoardPage.tsx")).PipelineBoardPage }),
    },
    {
      path: "opportunities/list",
      lazy: async () => ({ Component: (await import("./OpportunitiesListPage.tsx")).OpportunitiesListPage }),
    },
    {
      path: "opportunities/new",
      lazy: async () => ({ Component: (await import("./OpportunityFormPage.tsx")).OpportunityFormPage }),
    },
    {
      path: "opportunities/:id",
      lazy: async () => ({ Component: (await import("./OpportunityPage.tsx")).OpportunityPage }),
    },
  ],
};
