import { IconUsers } from "@tabler/icons-react";
import type { Feature } from "../../app/feature.ts";

export const feature: Feature = {
  id: "people",
  nav: { label: "nav.people", icon: IconUsers, path: "/people", order: 20 },
  routes: [
    {
      path: "people",
      lazy: async () => ({ Component: (await import("./PeopleListPage.tsx")).PeopleListPage }),
    },
    { path: "people/:id", lazy: async () => ({ Component: (await import("./PersonPage.tsx")).PersonPage }) },
  ],
};
