import { IconBuilding } from "@tabler/icons-react";
import type { Feature } from "../../app/feature.ts";

export const feature: Feature = {
  id: "companies",
  nav: { label: "nav.companies", icon: IconBuilding, path: "/companies", order: 30 },
  routes: [
    {
      path: "companies",
      lazy: async () => ({ Component: (await import("./CompaniesListPage.tsx")).CompaniesListPage }),
    },
    {
      path: "companies/:id",
      lazy: async () => ({ Component: (await import("./CompanyPage.tsx")).CompanyPage }),
    },
  ],
};
