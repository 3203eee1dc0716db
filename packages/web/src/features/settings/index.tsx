import { IconSettings } from "@tabler/icons-react";
import { Navigate } from "react-router";
import type { Feature } from "../../app/feature.ts";

export const feature: Feature = {
  id: "settings",
  nav: { label: "nav.settings", icon: IconSettings, path: "/settings", order: 90 },
  routes: [
    {
      path: "settings",
      lazy: async () => ({ Component: (await import("./SettingsLayout.tsx")).SettingsLayout }),
      children: [
        { index: true, element: <Navigate to="profile" replace /> },
        {
          path: "profile",
          lazy: async () => ({ Component: (await import("./ProfilePage.tsx")).ProfilePage }),
        },
        { path: "users", lazy: async () => ({ Component: (await import("./UsersPage.tsx")).UsersPage }) },
        { path: "tokens", lazy: async () => ({ Component: (await import("./TokensPage.tsx")).TokensPage }) },
        {
          path: "calendar",
          lazy: async () => ({
            Component: (await import("./BusinessCalendarPage.tsx")).BusinessCalendarPage,
          }),
        },
        {
          path: "sla",
          lazy: async () => ({ Component: (await import("./SlaPoliciesPage.tsx")).SlaPoliciesPage }),
        },
        {
          path: "rejection-reasons",
          lazy: async () => ({
            Component: (await import("./RejectionReasonsPage.tsx")).RejectionReasonsPage,
          }),
        },
        {
          path: "channels",
          lazy: async () => ({
            Component: (await import("./NotificationChannelsPage.tsx")).NotificationChannelsPage,
          }),
        },
      ],
    },
  ],
};
