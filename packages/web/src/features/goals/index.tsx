import { IconTargetArrow } from "@tabler/icons-react";
import type { Feature } from "../../app/feature.ts";

export const feature: Feature = {
  id: "goals",
  nav: { label: "nav.goals", icon: IconTargetArrow, path: "/goals", order: 45 },
  routes: [
    { path: "goals", lazy: async () => ({ Component: (await import("./GoalsListPage.tsx")).GoalsListPage }) },
    {
      path: "goals/new",
      lazy: async () => ({ Component: (await import("./GoalFormPage.tsx")).GoalFormPage }),
    },
    { path: "goals/:id", lazy: async () => ({ Component: (await import("./GoalPage.tsx")).GoalPage }) },
    {
      path: "goals/:id/edit",
      lazy: async () => ({ Component: (await import("./GoalFormPage.tsx")).GoalFormPage }),
    },
  ],
};
