import { IconArrowsRightLeft } from "@tabler/icons-react";
import type { Feature } from "../../app/feature.ts";

/** 引き渡し: the relay's inboxes, the 差し戻し view and single handoffs. */
export const feature: Feature = {
  id: "relay",
  nav: { label: "nav.relay", icon: IconArrowsRightLeft, path: "/handoffs", order: 15 },
  routes: [
    {
      path: "handoffs",
      lazy: async () => ({ Component: (await import("./HandoffsPage.tsx")).HandoffsPage }),
    },
    {
      path: "handoffs/compliance",
      lazy: async () => ({ Component: (await import("./CompliancePage.tsx")).CompliancePage }),
    },
    {
      path: "handoffs/:id",
      lazy: async () => ({ Component: (await import("./HandoffPage.tsx")).HandoffPage }),
    },
  ],
};
