import { IconGauge } from "@tabler/icons-react";
import type { Feature } from "../../app/feature.ts";

/** スコアリング: the scoring model, its versions and sign-off, and how well it predicts outcomes. */
export const feature: Feature = {
  id: "scoring",
  nav: { label: "nav.scoring", icon: IconGauge, path: "/scoring", order: 65 },
  routes: [
    {
      path: "scoring",
      lazy: async () => ({ Component: (await import("./ScoringModelPage.tsx")).ScoringModelPage }),
    },
    {
      path: "scoring/edit",
      lazy: async () => ({
        Component: (await import("./ScoringModelEditorPage.tsx")).ScoringModelEditorPage,
      }),
    },
    {
      path: "scoring/calibration",
      lazy: async () => ({ Component: (await import("./CalibrationPage.tsx")).CalibrationPage }),
    },
  ],
};
