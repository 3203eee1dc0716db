import { IconBook2 } from "@tabler/icons-react";
import type { Feature } from "../../app/feature.ts";

/** 共通言語: the definitions marketing and sales sign together, and what the relay runs on. */
export const feature: Feature = {
  id: "definitions",
  nav: { label: "nav.definitions", icon: IconBook2, path: "/definitions", order: 60 },
  routes: [
    {
      path: "definitions",
      lazy: async () => ({ Component: (await import("./DefinitionsListPage.tsx")).DefinitionsListPage }),
    },
    {
      path: "definitions/new",
      lazy: async () => ({ Component: (await import("./DefinitionEditorPage.tsx")).CreateDefinitionPage }),
    },
    {
      path: "definitions/:id",
      lazy: async () => ({ Component: (await import("./DefinitionPage.tsx")).DefinitionPage }),
    },
    {
      path: "definitions/:id/edit",
      lazy: async () => ({ Component: (await import("./DefinitionEditorPage.tsx")).NewVersionPage }),
    },
    {
      path: "definitions/:id/versions/:versionId/impact",
      lazy: async () => ({ Component: (await import("./ImpactPage.tsx")).ImpactPage }),
    },
  ],
};
