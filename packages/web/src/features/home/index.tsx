import { IconHome } from "@tabler/icons-react";
import type { Feature } from "../../app/feature.ts";

export const feature: Feature = {
  id: "home",
  nav: { label: "nav.home", icon: IconHome, path: "/", order: 10 },
  routes: [{ index: true, lazy: async () => ({ Component: (await import("./HomePage.tsx")).HomePage }) }],
};
